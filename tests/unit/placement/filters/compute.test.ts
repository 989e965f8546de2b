import { describe, expect, it } from 'vitest';
import { host, request, runFilter } from '../fixtures';

describe('ComputeFilter', () => {
  it('passes an enabled host that is up', () => {
    expect(runFilter('ComputeFilter', request(), [host('a')])).toEqual([null]);
  });

  it('rejects a disabled host, with the operator reason when there is one', () => {
    const hosts = [host('a', { enabled: false }), host('b', { enabled: false, disabledReason: 'maintenance' })];
    expect(runFilter('ComputeFilter', request(), hosts)).toEqual([
      'compute service is disabled',
      'compute service is disabled (reason: maintenance)',
    ]);
  });

  it('rejects a host whose service is down', () => {
    expect(runFilter('ComputeFilter', request(), [host('a', { up: false })])).toEqual([
      'compute service is down: it has not been heard from in a while',
    ]);
  });

  it('names "disabled" first when the host is both disabled and down', () => {
    expect(runFilter('ComputeFilter', request(), [host('a', { up: false, enabled: false })])[0]).toMatch(/disabled/);
  });
});
