import { describe, expect, it } from 'vitest';
import { schedule } from '../../../../main/placement/index';
import { host, only, request, weigherParts } from '../fixtures';

const cfg = { reservedHostMemoryMiB: 0 };

describe('RAMWeigher', () => {
  const hosts = [host('a', { ramUsedMiB: 12288 }), host('b', { ramUsedMiB: 8192 }), host('c')];

  it('prefers the most free RAM; normalizes from 0 like Nova (minval 0): free / most free', () => {
    const result = schedule(request(), hosts, only('RAMWeigher', cfg));
    expect(result.hosts).toEqual(['c']);
    const parts = weigherParts(result, 'RAMWeigher');
    expect(parts['a']).toEqual({ weigher: 'RAMWeigher', raw: 4096, normalized: 0.25, multiplier: 1, contribution: 0.25 });
    expect(parts['b']!.normalized).toBe(0.5);
    expect(parts['c']!.normalized).toBe(1);
  });

  it('stacks with a negative multiplier', () => {
    const result = schedule(request(), hosts, only('RAMWeigher', { ...cfg, ramWeightMultiplier: -1 }));
    expect(result.hosts).toEqual(['a']);
    expect(weigherParts(result, 'RAMWeigher')['c']!.contribution).toBe(-1);
  });

  it('clamps an over-committed host to 0 free (minval) instead of going negative', () => {
    const over = host('over', { ramUsedMiB: 20000 });
    const result = schedule(request(), [over, host('ok')], only('RAMWeigher', { ...cfg, enabledFilters: ['ComputeFilter'] }));
    expect(weigherParts(result, 'RAMWeigher')['over']!.raw).toBe(0);
  });

  it('all hosts equal: every host gets the same weight and the first in input order wins', () => {
    const same = [host('x'), host('y'), host('z')];
    const result = schedule(request(), same, only('RAMWeigher', cfg));
    expect(result.hosts).toEqual(['x']);
    const parts = Object.values(weigherParts(result, 'RAMWeigher'));
    expect(new Set(parts.map((p) => p.normalized))).toEqual(new Set([1]));
  });

  it('all hosts with no free RAM normalize to 0', () => {
    const full = [host('x', { ramUsedMiB: 16384 }), host('y', { ramUsedMiB: 16384 })];
    const result = schedule(request({ flavor: { ...request().flavor, ramMiB: 1 } }), full, only('RAMWeigher', { ...cfg, enabledFilters: [] }));
    expect(Object.values(weigherParts(result, 'RAMWeigher')).map((p) => p.normalized)).toEqual([0, 0]);
  });
});

describe('CPUWeigher', () => {
  it('weighs free vCPUs including the allocation ratio', () => {
    const hosts = [host('a', { vcpusUsed: 24 }), host('b', { vcpusUsed: 8, cpuAllocationRatio: 1.0 })];
    const result = schedule(request(), hosts, only('CPUWeigher'));
    // a: 8 × 4.0 − 24 = 8 free; b: 8 × 1.0 − 8 = 0 free.
    expect(weigherParts(result, 'CPUWeigher')['a']!.raw).toBe(8);
    expect(result.ok).toBe(true);
    expect(result.explanations[1]).toMatchObject({ passed: false, filter: 'CapacityFilter' });
    const both = schedule(request(), [host('a', { vcpusUsed: 24 }), host('c', { vcpusUsed: 4 })], only('CPUWeigher'));
    expect(both.hosts).toEqual(['c']);
    expect(weigherParts(both, 'CPUWeigher')['c']).toMatchObject({ raw: 28, normalized: 1 });
  });
});

describe('DiskWeigher', () => {
  it('prefers the most free disk', () => {
    const hosts = [host('a', { diskUsedGiB: 50 }), host('b', { diskUsedGiB: 75 })];
    const result = schedule(request(), hosts, only('DiskWeigher'));
    expect(result.hosts).toEqual(['a']);
    expect(weigherParts(result, 'DiskWeigher')['b']).toMatchObject({ raw: 25, normalized: 0.5 });
  });
});
