import { describe, expect, it } from 'vitest';
import { computePoint, type Baseline } from '../../../main/stats/rates';
import type { RawDomainStats } from '../../../main/stats/raw-stats';

const memory = { current: 98_304n, maximum: 131_072n, rss: 188_768n, usable: undefined, available: undefined, unused: undefined };

function raw(overrides: Partial<RawDomainStats> = {}): RawDomainStats {
  return { state: 1, cpuTimeNs: 0n, vcpus: undefined, memory, blocks: [], nets: [], ...overrides };
}

/** Feed readings one after another, `stepMs` apart; returns the points. */
function run(readings: readonly RawDomainStats[], options: { level?: 'summary' | 'detail'; vcpus?: number; stepMs?: number } = {}) {
  let baseline: Baseline | undefined;
  return readings.map((reading, i) => {
    const atMs = i * (options.stepMs ?? 1000);
    const result = computePoint({ level: options.level ?? 'summary', raw: reading, atMs, t: 1_700_000_000_000 + atMs, vcpus: options.vcpus ?? 1 }, baseline);
    baseline = result.baseline;
    return result.point;
  });
}

describe('CPU %', () => {
  it('is Δcpu.time / Δwall / vCPUs, null on the first reading', () => {
    // 2 vCPUs, 1.5 s of CPU over 1 s of wall: 75 %.
    const points = run([raw({ cpuTimeNs: 10_000_000_000n }), raw({ cpuTimeNs: 11_500_000_000n })], { vcpus: 2 });
    expect(points.map((p) => p.cpu)).toEqual([null, 75]);
    expect(points[1]).toEqual({ t: 1_700_000_001_000, cpu: 75 });
  });

  it('prefers the reply’s vcpu.current over the inventory’s count, and rounds to 0.1', () => {
    const points = run([raw({ cpuTimeNs: 0n, vcpus: 3 }), raw({ cpuTimeNs: 1_000_000_000n, vcpus: 3 })], { vcpus: 1 });
    expect(points[1]?.cpu).toBe(33.3);
  });

  it('is clamped to 0–100 (CPU time accounted late can exceed wall time)', () => {
    const points = run([raw({ cpuTimeNs: 0n }), raw({ cpuTimeNs: 1_200_000_000n })]);
    expect(points[1]?.cpu).toBe(100);
  });

  it('resets when the counter goes backwards (a reboot): no spike, and the next rate is from the new value', () => {
    const points = run([raw({ cpuTimeNs: 50_000_000_000n }), raw({ cpuTimeNs: 50_500_000_000n }), raw({ cpuTimeNs: 100_000_000n }), raw({ cpuTimeNs: 350_000_000n })]);
    expect(points.map((p) => p.cpu)).toEqual([null, 50, null, 25]);
  });

  it('has no rate when no time passed', () => {
    const points = run([raw({ cpuTimeNs: 0n }), raw({ cpuTimeNs: 10n })], { stepMs: 0 });
    expect(points[1]?.cpu).toBeNull();
  });

  it('keeps the last reading through a reply without cpu.time (a busy domain under NOWAIT)', () => {
    const points = run([raw({ cpuTimeNs: 0n }), raw({ cpuTimeNs: undefined }), raw({ cpuTimeNs: 1_000_000_000n })]);
    // The third rate spans both intervals: 1 s of CPU over 2 s.
    expect(points.map((p) => p.cpu)).toEqual([null, null, 50]);
  });
});

describe('detail points', () => {
  const block = (rdBytes: bigint, wrBytes: bigint, rdReqs: bigint, wrReqs: bigint) => ({ name: 'vda', rdBytes, wrBytes, rdReqs, wrReqs });
  const net = (rxBytes: bigint, txBytes: bigint, rxPkts: bigint, txPkts: bigint) => ({ name: 'vnet0', rxBytes, txBytes, rxPkts, txPkts });

  it('carry memory, and per-device byte and request rates', () => {
    const points = run(
      [
        raw({ cpuTimeNs: 0n, blocks: [block(0n, 0n, 0n, 0n)], nets: [net(0n, 0n, 0n, 0n)] }),
        raw({ cpuTimeNs: 0n, blocks: [block(4_194_304n, 1024n, 64n, 1n)], nets: [net(3000n, 1500n, 3n, 2n)] }),
      ],
      { level: 'detail', stepMs: 2000 },
    );
    expect(points[0]).toEqual({
      t: 1_700_000_000_000,
      cpu: null,
      memory: { currentKiB: 98_304, maximumKiB: 131_072, rssKiB: 188_768, usableKiB: null, availableKiB: null, unusedKiB: null },
      disks: [{ name: 'vda', readBps: null, writeBps: null, readIops: null, writeIops: null }],
      nets: [{ name: 'vnet0', rxBps: null, txBps: null, rxPps: null, txPps: null }],
    });
    expect(points[1]).toMatchObject({
      cpu: 0,
      disks: [{ name: 'vda', readBps: 2_097_152, writeBps: 512, readIops: 32, writeIops: 0.5 }],
      nets: [{ name: 'vnet0', rxBps: 1500, txBps: 750, rxPps: 1.5, txPps: 1 }],
    });
  });

  it('reset one device’s counters without touching another’s, and start a hot-plugged device fresh', () => {
    const vdb = { name: 'vdb', rdBytes: 0n, wrBytes: 0n, rdReqs: 0n, wrReqs: 0n };
    const points = run(
      [raw({ blocks: [block(1000n, 0n, 10n, 0n)] }), raw({ blocks: [block(10n, 0n, 1n, 0n), vdb] }), raw({ blocks: [block(110n, 0n, 2n, 0n), { ...vdb, rdBytes: 7n }] })],
      { level: 'detail' },
    );
    expect(points[1]?.disks).toEqual([
      { name: 'vda', readBps: null, writeBps: 0, readIops: null, writeIops: 0 },
      { name: 'vdb', readBps: null, writeBps: null, readIops: null, writeIops: null },
    ]);
    expect(points[2]?.disks?.map((d) => d.readBps)).toEqual([100, 7]);
  });

  it('are not computed at the summary level', () => {
    expect(run([raw({ blocks: [block(0n, 0n, 0n, 0n)] })])[0]).toEqual({ t: 1_700_000_000_000, cpu: null });
  });
});
