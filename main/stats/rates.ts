// Points from successive counter readings: CPU % = Δcpu.time / Δwall / vCPUs, bytes and requests per second per
// device. Pure: the collector keeps the baseline between calls.
import type { DiskIo, MemoryStats, NetIo, StatsLevel, StatsPoint } from '../../common/model/stats';
import type { RawDomainStats } from './raw-stats';

/** A counter's value and when it was read (monotonic ms). */
interface Reading {
  readonly value: bigint;
  readonly atMs: number;
}

/** The last reading of each counter of one instance, keyed by counter (`cpu`, `block:vda:rdBytes`, …). */
export type Baseline = ReadonlyMap<string, Reading>;

/** A counter missing from one reply (a busy domain under NOWAIT) keeps its old reading this long. */
const CARRY_MS = 30_000;

/** What one reading of one instance is turned into a point with. */
export interface PointInput {
  readonly level: StatsLevel;
  readonly raw: RawDomainStats;
  /** Monotonic time of the reading, ms: rates divide by its difference. */
  readonly atMs: number;
  /** Wall time of the reading, epoch ms: the point's `t`. */
  readonly t: number;
  /** vCPUs to divide CPU time by when the reply has no `vcpu.current` (the summary level does not ask for it). */
  readonly vcpus: number;
}

/**
 * The point for one reading, and the baseline for the next. A rate is null on the first reading of a counter, when
 * no time passed, and when the counter went backwards (the domain restarted: its counters began again at zero),
 * so a reboot never shows as a spike; the new value is the next rate's baseline either way.
 */
export function computePoint(input: PointInput, previous: Baseline | undefined): { point: StatsPoint; baseline: Baseline } {
  const { raw, atMs } = input;
  const next = new Map<string, Reading>();
  const rate = (key: string, value: bigint | undefined): number | null => {
    if (value === undefined) return null;
    next.set(key, { value, atMs });
    const before = previous?.get(key);
    if (before === undefined || value < before.value) return null;
    const seconds = (atMs - before.atMs) / 1000;
    return seconds > 0 ? Number(value - before.value) / seconds : null;
  };

  const cpuNsPerSecond = rate('cpu', raw.cpuTimeNs);
  const vcpus = raw.vcpus !== undefined && raw.vcpus > 0 ? raw.vcpus : Math.max(1, input.vcpus);
  const cpu = cpuNsPerSecond === null ? null : round1(clamp((cpuNsPerSecond / 1e9 / vcpus) * 100, 0, 100));

  let point: StatsPoint = { t: input.t, cpu };
  if (input.level === 'detail') {
    const disks: DiskIo[] = raw.blocks.map((block) => {
      const key = `block:${block.name}:`;
      return {
        name: block.name,
        readBps: whole(rate(`${key}rdBytes`, block.rdBytes)),
        writeBps: whole(rate(`${key}wrBytes`, block.wrBytes)),
        readIops: tenth(rate(`${key}rdReqs`, block.rdReqs)),
        writeIops: tenth(rate(`${key}wrReqs`, block.wrReqs)),
      };
    });
    const nets: NetIo[] = raw.nets.map((net) => {
      const key = `net:${net.name}:`;
      return {
        name: net.name,
        rxBps: whole(rate(`${key}rxBytes`, net.rxBytes)),
        txBps: whole(rate(`${key}txBytes`, net.txBytes)),
        rxPps: tenth(rate(`${key}rxPkts`, net.rxPkts)),
        txPps: tenth(rate(`${key}txPkts`, net.txPkts)),
      };
    });
    point = { ...point, memory: memoryOf(raw), disks, nets };
  }

  if (previous !== undefined) {
    for (const [key, reading] of previous) if (!next.has(key) && atMs - reading.atMs < CARRY_MS) next.set(key, reading);
  }
  return { point, baseline: next };
}

function memoryOf(raw: RawDomainStats): MemoryStats {
  const kib = (value: bigint | undefined): number | null => (value === undefined ? null : Number(value));
  const m = raw.memory;
  return { currentKiB: kib(m.current), maximumKiB: kib(m.maximum), rssKiB: kib(m.rss), usableKiB: kib(m.usable), availableKiB: kib(m.available), unusedKiB: kib(m.unused) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function whole(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

function tenth(value: number | null): number | null {
  return value === null ? null : round1(value);
}
