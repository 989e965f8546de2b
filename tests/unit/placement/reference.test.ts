import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHost, createSchedulingContext, FILTERS, schedule, type HostState, type SchedulerConfig } from '../../../main/placement/index';
import { hostRecordStage, ignoreHostsStage } from '../../../main/placement/filters';
import type { HostFilter } from '../../../main/placement/index';
import { flavor, request } from './fixtures';

// The decision path reads host records as it goes, dispatches filters by position, shares one scan of each
// host's instances between the group and hint filters, and finds multiplier overrides only for candidates.
// Each filter run on its own (`checkHost` on a fully built context) is the reference it must agree with.

const uuid = fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5', '', 'x');
const metadata = fc.constantFrom<Record<string, string>>(
  {},
  { ssd: 'true' },
  { ssd: 'false', availability_zone: 'az2' },
  { ssd: ' true', tier: 'gold,silver' },
  { ssd: 'true, false', ram_weight_multiplier: '2' },
  { availability_zone: 'az1, az3', cpu_weight_multiplier: '-1' },
  { build_failure_weight_multiplier: '10', num_instances_weight_multiplier: 'lots' },
);
const amount = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.constantFrom(-1, Number.NaN));
const hostArb = fc.record(
  {
    name: fc.constantFrom('a', 'b', 'C', 'd', 'e', ''),
    enabled: fc.boolean(),
    up: fc.boolean(),
    availabilityZone: fc.constantFrom(undefined, null, 'az1', 'az2'),
    aggregates: fc.array(metadata.map((md) => ({ name: 'agg', metadata: md })), { maxLength: 3 }),
    vcpusTotal: amount,
    vcpusUsed: amount,
    ramTotalMiB: fc.constantFrom(1024, 4096, 16384),
    ramUsedMiB: fc.integer({ min: 0, max: 8192 }),
    diskTotalGiB: fc.constantFrom(0, 50, 500),
    diskUsedGiB: fc.integer({ min: 0, max: 100 }),
    instanceCount: fc.constantFrom(undefined, 0, 3),
    recentBuildFailures: fc.constantFrom(undefined, 0, 2),
    hypervisorType: fc.constantFrom('kvm', 'qemu', 'QEMU', 'xen'),
    cpuArch: fc.constantFrom('x86_64', 'amd64', 'aarch64'),
    instanceUuids: fc.array(uuid, { maxLength: 4 }),
  },
  { requiredKeys: ['name', 'enabled', 'up', 'vcpusTotal', 'vcpusUsed', 'ramTotalMiB', 'ramUsedMiB', 'diskTotalGiB', 'diskUsedGiB', 'hypervisorType', 'cpuArch'] },
) as fc.Arbitrary<HostState>;

const requestArb = fc.record({
  extraSpecs: fc.constantFrom<Record<string, string>>({}, { ssd: 'true' }, { 'aggregate_instance_extra_specs:ssd': ' true' }, { tier: '<or> gold <or> bronze' }),
  availabilityZone: fc.constantFrom(undefined, 'az1', 'az3'),
  image: fc.constantFrom(undefined, { architecture: 'x86_64', hypervisorType: 'qemu' }, { hypervisorType: 'xen' }),
  policy: fc.constantFrom(null, 'anti-affinity', 'affinity', 'soft-affinity', 'soft-anti-affinity'),
  members: fc.array(uuid, { maxLength: 3 }),
  sameHost: fc.constantFrom(undefined, ['u1', 'u3']),
  differentHost: fc.constantFrom(undefined, ['u2'], ['u4', 'x']),
  ignoreHosts: fc.constantFrom(undefined, ['B']),
});

/** The first stage that rejects host `i`, and why, each filter run on its own. */
function reference(stages: readonly HostFilter[], ctx: ReturnType<typeof createSchedulingContext>, i: number): { filter: string; reason: string } | null {
  for (const stage of stages) {
    const reason = checkHost(stage, ctx, i);
    if (reason !== null) return { filter: stage.name, reason };
  }
  return null;
}

describe('schedule agrees with each filter run on its own', () => {
  it('rejects each host at the first filter that rejects it alone, with the same reason', () => {
    fc.assert(
      fc.property(fc.array(hostArb, { maxLength: 10 }), requestArb, (hosts, r) => {
        const serverGroup = r.policy ? { id: 'g', name: 'g', policy: r.policy, members: r.members } : null;
        const req = request({
          flavor: flavor({ vcpus: 2, ramMiB: 1024, diskGiB: 10, extraSpecs: r.extraSpecs }),
          availabilityZone: r.availabilityZone,
          image: r.image,
          serverGroup,
          hints: { sameHost: r.sameHost, differentHost: r.differentHost },
          ignoreHosts: r.ignoreHosts,
        });
        const config: Partial<SchedulerConfig> = {};
        const ctx = createSchedulingContext(req, hosts, config);
        const stages = [hostRecordStage, ignoreHostsStage, ...ctx.config.enabledFilters.map((name) => FILTERS[name])];
        const result = schedule(req, hosts, config, () => 0.5);
        const explanations = result.explanations;
        hosts.forEach((_, i) => {
          const expected = reference(stages, ctx, i);
          const e = explanations[i]!;
          if (expected === null) expect(e.passed).toBe(true);
          else expect(e).toMatchObject({ passed: false, ...expected });
        });
      }),
      { seed: 20260112, numRuns: 400 },
    );
  });

  it('chooses the same hosts whether or not explanations are read, and explains the same either way', () => {
    fc.assert(
      fc.property(fc.array(hostArb, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 3 }), (hosts, numInstances) => {
        const req = request({ flavor: flavor({ vcpus: 1, ramMiB: 256, diskGiB: 1 }), numInstances });
        const late = schedule(req, hosts, { hostSubsetSize: 2 }, () => 0.3);
        const early = schedule(req, hosts, { hostSubsetSize: 2 }, () => 0.3);
        // Build the explanations right away, last attempt first; `late` builds them only when serialized.
        for (let k = early.attempts.length - 1; k >= 0; k--) void early.attempts[k]!.explanations;
        expect(late.hosts).toEqual(early.hosts);
        expect(JSON.stringify(late)).toBe(JSON.stringify(early));
      }),
      { seed: 20260113, numRuns: 200 },
    );
  });
});
