import { describe, expect, it } from 'vitest';
import { schedule } from '../../../../main/placement/index';
import { host, only, request, weigherParts } from '../fixtures';

describe('NumInstancesWeigher', () => {
  const hosts = [host('busy', { instanceCount: 6 }), host('quiet', { instanceUuids: ['u1', 'u2'] }), host('idle')];

  it('prefers fewer instances by default (multiplier −1.0); count defaults to instanceUuids.length', () => {
    const result = schedule(request(), hosts, only('NumInstancesWeigher'));
    expect(result.hosts).toEqual(['idle']);
    const parts = weigherParts(result, 'NumInstancesWeigher');
    expect(parts['busy']).toEqual({ weigher: 'NumInstancesWeigher', raw: 6, normalized: 1, multiplier: -1, contribution: -1 });
    expect(parts['quiet']).toMatchObject({ raw: 2, normalized: 2 / 6 });
    expect(parts['idle']).toMatchObject({ raw: 0, normalized: 0, contribution: 0 });
  });

  it('packs with a positive multiplier, and all equal normalizes to 0', () => {
    expect(schedule(request(), hosts, only('NumInstancesWeigher', { numInstancesWeightMultiplier: 1 })).hosts).toEqual(['busy']);
    const equal = schedule(request(), [host('a', { instanceCount: 3 }), host('b', { instanceCount: 3 })], only('NumInstancesWeigher'));
    expect(Object.values(weigherParts(equal, 'NumInstancesWeigher')).map((p) => p.normalized)).toEqual([0, 0]);
  });
});

describe('BuildFailureWeigher', () => {
  it('sinks hosts with recent failures below any amount of free resources (−1000000 by default)', () => {
    const hosts = [host('flaky', { recentBuildFailures: 1 }), host('full', { ramUsedMiB: 12000, vcpusUsed: 20 })];
    const result = schedule(request(), hosts);
    expect(result.hosts).toEqual(['full']);
    expect(weigherParts(result, 'BuildFailureWeigher')['flaky']).toEqual({
      weigher: 'BuildFailureWeigher',
      raw: 1,
      normalized: 1,
      multiplier: -1_000_000,
      contribution: -1_000_000,
    });
  });

  it('uses the configured value negated', () => {
    const result = schedule(request(), [host('a', { recentBuildFailures: 2 }), host('b')], only('BuildFailureWeigher', { buildFailureWeightMultiplier: 5 }));
    expect(weigherParts(result, 'BuildFailureWeigher')['a']!.contribution).toBe(-5);
  });
});

describe('per-aggregate multiplier overrides (Nova get_weight_multiplier)', () => {
  it('uses the smallest numeric value among the host aggregates, else the config', () => {
    const hosts = [
      host('a', { instanceCount: 4, aggregates: [{ name: 'x', metadata: { num_instances_weight_multiplier: '2' } }, { name: 'y', metadata: { num_instances_weight_multiplier: '0.5' } }] }),
      host('b', { instanceCount: 2, aggregates: [{ name: 'bad', metadata: { num_instances_weight_multiplier: 'lots' } }] }),
      host('c', { instanceCount: 0 }),
    ];
    const parts = weigherParts(schedule(request(), hosts, only('NumInstancesWeigher')), 'NumInstancesWeigher');
    expect(parts['a']).toMatchObject({ multiplier: 0.5, contribution: 0.5 });
    expect(parts['b']).toMatchObject({ multiplier: -1, contribution: -0.5 });
    expect(parts['c']!.multiplier).toBe(-1);
  });

  it('reads an override as a decimal number: 0x10 and an empty value are not numbers, " 2 " and 1e0 are', () => {
    const hosts = [
      host('hex', { instanceCount: 4, aggregates: [{ name: 'x', metadata: { num_instances_weight_multiplier: '0x10' } }] }),
      host('empty', { instanceCount: 4, aggregates: [{ name: 'x', metadata: { num_instances_weight_multiplier: '' } }] }),
      host('spaced', { instanceCount: 2, aggregates: [{ name: 'x', metadata: { num_instances_weight_multiplier: ' 2 ' } }] }),
      host('exp', { instanceCount: 0, aggregates: [{ name: 'x', metadata: { num_instances_weight_multiplier: '1e0' } }] }),
    ];
    const parts = weigherParts(schedule(request(), hosts, only('NumInstancesWeigher')), 'NumInstancesWeigher');
    expect(parts['hex']!.multiplier).toBe(-1);
    expect(parts['empty']!.multiplier).toBe(-1);
    expect(parts['spaced']!.multiplier).toBe(2);
    expect(parts['exp']!.multiplier).toBe(1);
  });

  it('applies the build-failure sign to an aggregate override too', () => {
    const hosts = [host('a', { recentBuildFailures: 1, aggregates: [{ name: 'x', metadata: { build_failure_weight_multiplier: '10' } }] }), host('b')];
    expect(weigherParts(schedule(request(), hosts, only('BuildFailureWeigher')), 'BuildFailureWeigher')['a']!.multiplier).toBe(-10);
  });
});
