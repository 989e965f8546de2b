import { describe, expect, it } from 'vitest';
import { host, request, runFilter } from '../fixtures';

const hosts = [host('a', { instanceUuids: ['i1', 'i2'] }), host('b', { instanceUuids: ['i3'] }), host('c')];

describe('SameHostFilter', () => {
  it('keeps hosts running one of the listed instances', () => {
    expect(runFilter('SameHostFilter', request({ hints: { sameHost: ['i2', 'zz'] } }), hosts)).toEqual([
      null,
      'runs none of the same_host instances "i2", "zz"',
      'runs none of the same_host instances "i2", "zz"',
    ]);
  });

  it('is inactive without the hint or with an empty list', () => {
    expect(runFilter('SameHostFilter', request(), hosts)).toEqual([null, null, null]);
    expect(runFilter('SameHostFilter', request({ hints: { sameHost: [] } }), hosts)).toEqual([null, null, null]);
  });
});

describe('DifferentHostFilter', () => {
  it('rejects hosts running a listed instance, naming it', () => {
    expect(runFilter('DifferentHostFilter', request({ hints: { differentHost: ['i3', 'i1'] } }), hosts)).toEqual([
      'runs instance "i1", listed in different_host',
      'runs instance "i3", listed in different_host',
      null,
    ]);
  });

  it('is inactive without the hint', () => {
    expect(runFilter('DifferentHostFilter', request({ hints: {} }), hosts)).toEqual([null, null, null]);
  });
});
