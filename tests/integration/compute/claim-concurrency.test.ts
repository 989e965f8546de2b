import { describe, expect, it } from 'vitest';
import { hostFittingTiny, runClaimRace, type RaceResult } from './claim-race';

// Real concurrency: 4 processes, each with its own connection to one inventory file, fire 25 claims each at the
// same moment. IMMEDIATE transactions + busy_timeout must serialize them so that nothing is over-committed.
const hosts = [hostFittingTiny('h1', 10), hostFittingTiny('h2', 10), hostFittingTiny('h3', 10)];

function expectConsistentLedger(result: RaceResult): void {
  const succeeded = result.reports.filter((r) => r.ok);
  expect(result.integrity).toBe('ok');
  // The ledger is exactly the successful claims: no lost write, no phantom row.
  expect([...result.instanceUuids].sort()).toEqual(succeeded.map((r) => r.uuid).sort());
  expect(result.hosts.reduce((n, h) => n + h.instances, 0)).toBe(succeeded.length);
  for (const host of result.hosts) {
    expect(host.used.vcpus).toBeLessThanOrEqual(host.capacity.vcpus);
    expect(host.used.ramMiB).toBeLessThanOrEqual(host.capacity.ramMiB);
    expect(host.used.diskGiB).toBeLessThanOrEqual(host.capacity.diskGiB);
  }
  // Lock waits are absorbed by busy_timeout: no SQLITE_BUSY ever reaches a caller.
  expect(result.reports.filter((r) => !r.ok && r.error !== 'QuotaExceededError' && r.error !== 'NoValidHostError')).toEqual([]);
}

describe('concurrent claims from several processes', () => {
  it('let exactly 10 of 100 claims through a quota of 10 instances', async () => {
    const result = await runClaimRace({ workers: 4, claimsPerWorker: 25, quota: { instances: 10 }, hosts, flavor: 'm1.tiny' });
    expect(result.reports).toHaveLength(100);
    expect(result.reports.filter((r) => r.ok)).toHaveLength(10);
    const refused = result.reports.filter((r) => !r.ok);
    expect(new Set(refused.map((r) => r.error))).toEqual(new Set(['QuotaExceededError']));
    expect(refused[0]?.message).toBe('Quota exceeded for instances: Requested 1, but already used 10 of 10 instances');
    expectConsistentLedger(result);
  });

  it('fill the hosts exactly to their allocation ratios and refuse the rest', async () => {
    const result = await runClaimRace({ workers: 4, claimsPerWorker: 25, quota: {}, hosts, flavor: 'm1.tiny' });
    expect(result.reports.filter((r) => r.ok)).toHaveLength(30);
    expect(new Set(result.reports.filter((r) => !r.ok).map((r) => r.error))).toEqual(new Set(['NoValidHostError']));
    expect(result.hosts.map((h) => h.instances)).toEqual([10, 10, 10]);
    expectConsistentLedger(result);
  });
});
