import { describe, expect, it } from 'vitest';
import { NO_VALID_HOST_MESSAGE, PlacementInputError, schedule, type HostState, type ScheduleResult } from '../../../main/placement/index';
import { seededRandom } from '../../support/seeded-random';
import { flavor, host, request } from './fixtures';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function failure(result: ScheduleResult) {
  if (result.ok) throw new Error(`expected NoValidHost, got ${result.hosts.join(', ')}`);
  return result.error;
}

describe('schedule: NoValidHost', () => {
  it('fails cleanly on an empty host list', () => {
    const result = schedule(request(), []);
    expect(result.ok).toBe(false);
    expect(failure(result)).toMatchObject({ kind: 'NoValidHost', message: NO_VALID_HOST_MESSAGE, detail: 'There are no compute hosts to schedule on.', instanceIndex: 0 });
    expect(result.explanations).toEqual([]);
    expect(result.hosts).toEqual([]);
  });

  it('explains every host and reports per-filter counts like Nova', () => {
    const hosts = [host('off', { enabled: false }), host('down', { up: false }), host('full', { ramUsedMiB: 15000 }), host('far', { availabilityZone: 'az9' })];
    const result = schedule(request({ availabilityZone: 'nova' }), hosts);
    const error = failure(result);
    expect(error.message).toBe('No valid host was found. There are not enough hosts available.');
    expect(error.detail).toBe(
      "Filtering removed all hosts. Filter results: ['ComputeFilter: (start: 4, end: 2)', 'CapacityFilter: (start: 2, end: 1)', 'AvailabilityZoneFilter: (start: 1, end: 0)']",
    );
    expect(error.filterCounts[0]).toEqual({ filter: 'ComputeFilter', start: 4, end: 2 });
    expect(error.filterCounts).toHaveLength(9);
    expect(result.explanations.map((e) => (e.passed ? e.host : `${e.host}:${e.filter}`))).toEqual([
      'off:ComputeFilter',
      'down:ComputeFilter',
      'full:CapacityFilter',
      'far:AvailabilityZoneFilter',
    ]);
    expect(result.attempts[0]!.host).toBeNull();
  });
});

describe('schedule: choice and explanation', () => {
  const hosts = [host('small', { ramUsedMiB: 8000 }), host('big'), host('mid', { ramUsedMiB: 4000 })];

  it('chooses the best weighed host and explains every host with its weigher parts', () => {
    const result = schedule(request(), hosts);
    expect(result.ok).toBe(true);
    expect(result.hosts).toEqual(['big']);
    const chosen = result.explanations.find((e) => e.passed && e.chosen);
    expect(chosen).toMatchObject({ host: 'big', rank: 1, inSubset: true });
    for (const e of result.explanations) {
      if (!e.passed) continue;
      const sum = e.weighers.reduce((acc, w) => acc + w.contribution, 0);
      expect(e.weight).toBeCloseTo(sum, 12);
      expect(e.weighers.map((w) => w.weigher)).toEqual([
        'RAMWeigher',
        'CPUWeigher',
        'DiskWeigher',
        'NumInstancesWeigher',
        'BuildFailureWeigher',
        'ServerGroupSoftAffinityWeigher',
        'ServerGroupSoftAntiAffinityWeigher',
      ]);
    }
    expect(result.explanations.map((e) => (e.passed ? e.rank : 0))).toEqual([3, 1, 2]);
  });

  it('does not weigh a single candidate (Nova): its weight is 0', () => {
    const result = schedule(request(), [host('only')]);
    expect(result.explanations[0]).toMatchObject({ passed: true, weight: 0, chosen: true });
  });

  it('keeps input order among equal weights', () => {
    expect(schedule(request(), [host('x'), host('y')]).hosts).toEqual(['x']);
    expect(schedule(request(), [host('y'), host('x')]).hosts).toEqual(['y']);
  });

  it('never mutates its inputs and returns plain, serializable explanations', () => {
    const frozenHosts = deepFreeze(hosts.map((h) => ({ ...h })));
    const req = deepFreeze(request({ numInstances: 2 }));
    const result = schedule(req, frozenHosts);
    expect(result.ok).toBe(true);
    const copy = structuredClone(result);
    expect(copy.explanations).toEqual(result.explanations);
    expect(JSON.parse(JSON.stringify(result)).attempts[1].explanations).toHaveLength(3);
  });

  it('rejects malformed host records with a reason instead of crashing', () => {
    const bad = { ...host('bad'), ramTotalMiB: Number.NaN } as HostState;
    const negative = host('neg', { vcpusUsed: -1 });
    const result = schedule(request(), [bad, negative, host('good')]);
    expect(result.hosts).toEqual(['good']);
    expect(result.explanations[0]).toEqual({ host: 'bad', passed: false, filter: 'HostRecord', reason: 'host record field ramTotalMiB must be a finite number ≥ 0, got NaN' });
    expect(result.explanations[1]).toMatchObject({ filter: 'HostRecord', reason: 'host record field vcpusUsed must be a finite number ≥ 0, got -1' });
    expect(result.attempts[0]!.filterCounts[0]).toEqual({ filter: 'HostRecord', start: 3, end: 1 });
  });
});

describe('schedule: host_subset_size', () => {
  const hosts = [host('a'), host('b', { ramUsedMiB: 1000 }), host('c', { ramUsedMiB: 2000 }), host('d', { ramUsedMiB: 9000 })];

  it('draws among the best N with the injected random source, deterministically per seed', () => {
    const picks = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 60 }, () => schedule(request(), hosts, { hostSubsetSize: 3 }, random).hosts[0]);
    };
    const first = picks(7);
    expect(picks(7)).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['a', 'b', 'c']));
    const result = schedule(request(), hosts, { hostSubsetSize: 3 }, () => 0.5);
    expect(result.hosts).toEqual(['b']);
    expect(result.attempts[0]!.subset).toEqual(['a', 'b', 'c']);
    expect(result.explanations.filter((e) => e.passed && e.inSubset).map((e) => e.host)).toEqual(['a', 'b', 'c']);
  });

  it('copes with a subset larger than the candidates and with a random source returning 1', () => {
    expect(schedule(request(), hosts, { hostSubsetSize: 10 }, () => 1).hosts).toEqual(['d']);
  });

  it('does not consume randomness when the subset is 1', () => {
    let calls = 0;
    schedule(request(), hosts, {}, () => (calls++, 0));
    expect(calls).toBe(0);
  });
});

describe('schedule: several instances', () => {
  it('consumes capacity on the chosen host before the next pick', () => {
    // Room for one 6 GiB instance on each host: the second and third must go elsewhere.
    const big = request({ flavor: flavor({ ramMiB: 6144 }), numInstances: 3 });
    const hosts = [host('a', { ramUsedMiB: 4000 }), host('b', { ramUsedMiB: 5000 }), host('c', { ramUsedMiB: 6000 })];
    const result = schedule(big, hosts);
    expect(result.hosts).toEqual(['a', 'b', 'c']);
    expect(result.attempts.map((a) => a.candidates)).toEqual([3, 2, 1]);
    // The second attempt's explanation shows host a as full after the first pick.
    expect(result.attempts[1]!.explanations[0]).toMatchObject({ passed: false, filter: 'CapacityFilter' });
    // The first attempt still describes the state it saw.
    expect(result.attempts[0]!.explanations[0]).toMatchObject({ passed: true, chosen: true });
  });

  it('stacks onto the same host while it has room, then fails the whole request when none is left', () => {
    const result = schedule(request({ numInstances: 3 }), [host('solo', { ramUsedMiB: 11776 })]);
    expect(result.ok).toBe(false);
    expect(result.hosts).toEqual(['solo', 'solo']);
    expect(failure(result)).toMatchObject({ instanceIndex: 2 });
    expect(failure(result).detail).toMatch(/^Filtering removed all hosts for instance 3 of 3\. /);
  });

  it('spreads an anti-affinity group, one member per host, and fails when hosts run out', () => {
    const group = { id: 'g', name: 'web', policy: 'anti-affinity' as const, members: [] };
    const hosts = [host('a'), host('b')];
    expect(schedule(request({ numInstances: 2, serverGroup: group }), hosts).hosts).toEqual(['a', 'b']);
    const three = schedule(request({ numInstances: 3, serverGroup: group, instanceUuids: ['i1', 'i2', 'i3'] }), hosts);
    expect(three.ok).toBe(false);
    expect(three.attempts[2]!.explanations[0]).toMatchObject({ filter: 'ServerGroupAntiAffinityFilter' });
  });

  it('keeps an affinity group together: the first member goes anywhere, the rest follow it', () => {
    const group = { id: 'g', name: 'db', policy: 'affinity' as const, members: [] };
    const hosts = [host('a', { ramUsedMiB: 2000 }), host('b')];
    expect(schedule(request({ numInstances: 3, serverGroup: group }), hosts).hosts).toEqual(['b', 'b', 'b']);
  });
});

describe('schedule: forced and ignored hosts', () => {
  const hosts = [host('Alpha', { availabilityZone: 'az1' }), host('beta', { availabilityZone: 'az2' })];

  it('skips the filters for a forced host (matched case-insensitively)', () => {
    const result = schedule(request({ forcedHost: 'alpha', availabilityZone: 'az2' }), hosts);
    expect(result.hosts).toEqual(['Alpha']);
    expect(result.explanations[1]).toMatchObject({ filter: 'ForcedHost', reason: 'not the forced host "alpha"' });
    expect(result.attempts[0]!.filterCounts.map((c) => c.filter)).toEqual(['ForcedHost', 'ComputeFilter', 'CapacityFilter']);
  });

  it('still requires room and an enabled, live service on a forced host', () => {
    expect(failure(schedule(request({ forcedHost: 'Alpha' }), [host('Alpha', { ramUsedMiB: 15000 })])).detail).toMatch(/CapacityFilter: \(start: 1, end: 0\)/);
    expect(schedule(request({ forcedHost: 'Alpha' }), [host('Alpha', { enabled: false })]).explanations[0]).toMatchObject({ filter: 'ComputeFilter' });
    expect(failure(schedule(request({ forcedHost: 'gamma' }), hosts)).detail).toMatch(/'ForcedHost: \(start: 2, end: 0\)'/);
  });

  it('leaves out ignored hosts', () => {
    const result = schedule(request({ ignoreHosts: ['ALPHA'] }), hosts);
    expect(result.hosts).toEqual(['beta']);
    expect(result.explanations[0]).toMatchObject({ filter: 'IgnoreHosts' });
  });
});

describe('schedule: bad input', () => {
  it('names the bad config field', () => {
    expect(() => schedule(request(), [], { hostSubsetSize: 0 })).toThrow(new PlacementInputError('config.hostSubsetSize must be a whole number ≥ 1, got 0'));
    expect(() => schedule(request(), [], { enabledFilters: ['RamFilter' as never] })).toThrow(/config\.enabledFilters: unknown name "RamFilter"/);
    expect(() => schedule(request(), [], { cpuAllocationRatio: -1 })).toThrow('config.cpuAllocationRatio must be a number > 0, got -1');
    expect(() => schedule(request(), [], { ramWeightMultiplier: Number.NaN })).toThrow(/ramWeightMultiplier must be a finite number/);
  });

  it('names the bad request field', () => {
    expect(() => schedule(request({ numInstances: 0 }), [])).toThrow('request.numInstances must be a whole number ≥ 1, got 0');
    expect(() => schedule(request({ numInstances: 2, instanceUuids: ['x'] }), [])).toThrow('request.instanceUuids has 1 entries for 2 instance(s)');
    expect(() => schedule(request({ flavor: flavor({ vcpus: 0 }) }), [])).toThrow('request.flavor.vcpus must be a whole number ≥ 1, got 0');
    expect(() => schedule({} as never, [])).toThrow('request.flavor is required');
    expect(() => schedule(request(), null as never)).toThrow(PlacementInputError);
  });
});

describe('schedule: hints see the instances this request already placed', () => {
  it('keeps a later instance off the host of an earlier one named in different_host', () => {
    const req = request({ numInstances: 2, instanceUuids: ['i1', 'i2'], hints: { differentHost: ['i1'] } });
    const result = schedule(req, [host('a'), host('b', { ramUsedMiB: 1000 })]);
    expect(result.hosts).toEqual(['a', 'b']);
    expect(result.attempts[1]!.explanations[0]).toMatchObject({ filter: 'DifferentHostFilter', reason: 'runs instance "i1", listed in different_host' });
  });
});
