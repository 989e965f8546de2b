import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schedule, type HostState } from '../../../main/placement/index';
import { flavor, request } from './fixtures';

// Any numbers, including ones the inventory should never produce: the scheduler must explain, not crash.
const amount = fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.constantFrom(-1, Number.NaN, Number.POSITIVE_INFINITY));
const hostArb = fc.record({
  name: fc.string({ minLength: 1, maxLength: 6 }),
  enabled: fc.boolean(),
  up: fc.boolean(),
  availabilityZone: fc.constantFrom(undefined, 'az1', 'az2'),
  vcpusTotal: amount,
  vcpusUsed: amount,
  ramTotalMiB: amount,
  ramUsedMiB: amount,
  diskTotalGiB: amount,
  diskUsedGiB: amount,
  cpuAllocationRatio: fc.constantFrom(undefined, 0.5, 1, 16),
  recentBuildFailures: fc.constantFrom(undefined, 0, 2),
  hypervisorType: fc.constantFrom('qemu', 'kvm'),
  cpuArch: fc.constantFrom('x86_64', 'aarch64'),
  instanceUuids: fc.array(fc.constantFrom('u1', 'u2', 'u3', 'u4'), { maxLength: 3 }),
}) as fc.Arbitrary<HostState>;

describe('schedule properties', () => {
  it('explains every host, and a chosen host passed every filter, fits, and has the best weight', () => {
    fc.assert(
      fc.property(
        fc.array(hostArb, { maxLength: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(undefined, 'az1'),
        fc.constantFrom(null, 'anti-affinity', 'affinity', 'soft-affinity', 'soft-anti-affinity'),
        (hosts, numInstances, availabilityZone, policy) => {
          const serverGroup = policy ? { id: 'g', name: 'g', policy, members: ['u1', 'u2'] } : null;
          const req = request({ flavor: flavor({ vcpus: 1, ramMiB: 256, diskGiB: 1 }), numInstances, availabilityZone, serverGroup });
          const result = schedule(req, hosts, {}, () => 0.5);
          expect(result.explanations).toHaveLength(hosts.length);
          for (const attempt of result.attempts) {
            expect(attempt.explanations).toHaveLength(hosts.length);
            const passed = attempt.explanations.filter((e) => e.passed);
            expect(passed).toHaveLength(attempt.candidates);
            for (const e of attempt.explanations) if (!e.passed) expect(e.reason.length).toBeGreaterThan(0);
            if (attempt.host === null) continue;
            const chosen = passed.find((e) => e.chosen)!;
            expect(chosen.rank).toBe(1);
            const h = hosts[attempt.explanations.indexOf(chosen)]!;
            expect(h.enabled && h.up).toBe(true);
            expect(Math.max(...passed.map((e) => e.weight))).toBe(chosen.weight);
          }
          expect(result.hosts).toHaveLength(result.ok ? numInstances : result.error.instanceIndex);
        },
      ),
      { seed: 20240611, numRuns: 300 },
    );
  });
});
