// Live statistics as both sides see them: what a viewer watches, and the points main sends. Plain data, no zod, so
// the renderer imports the limits at run time (docs/stats.md).

/** How much a viewer wants to know about an instance: a list row's CPU, or everything the details screen graphs. */
export const STATS_LEVELS = ['summary', 'detail'] as const;

/** A watch level. */
export type StatsLevel = (typeof STATS_LEVELS)[number];

/** Most instances one viewer may watch at a level: a screenful of list rows, a few details screens. */
export const STATS_WATCH_LIMITS: Readonly<Record<StatsLevel, number>> = { summary: 500, detail: 8 };

/** Points main keeps per instance and level, so a newly opened view draws its recent past at once. */
export const STATS_HISTORY_POINTS: Readonly<Record<StatsLevel, number>> = { summary: 60, detail: 120 };

/** Memory of a running domain, in KiB; null where the driver or the guest did not report it. */
export interface MemoryStats {
  /** What the balloon gives the guest now (`balloon.current`). */
  readonly currentKiB: number | null;
  /** The most it may be given (`balloon.maximum`). */
  readonly maximumKiB: number | null;
  /** Resident set size of the QEMU process on the host (`balloon.rss`). */
  readonly rssKiB: number | null;
  /** What the guest could use without swapping (`balloon.usable`; needs the guest's balloon driver). */
  readonly usableKiB: number | null;
  /** What the guest sees as its total (`balloon.available`; needs the guest's balloon driver). */
  readonly availableKiB: number | null;
  /** What the guest leaves unused (`balloon.unused`; needs the guest's balloon driver). */
  readonly unusedKiB: number | null;
}

/** One disk's I/O over the last interval; rates are null on the first sample and after a counter went backwards. */
export interface DiskIo {
  /** Target name (`vda`, `hdc`). */
  readonly name: string;
  readonly readBps: number | null;
  readonly writeBps: number | null;
  readonly readIops: number | null;
  readonly writeIops: number | null;
}

/** One interface's traffic over the last interval, from the guest's side (rx = received by the guest). */
export interface NetIo {
  /** Host-side device name (`vnet3`). */
  readonly name: string;
  readonly rxBps: number | null;
  readonly txBps: number | null;
  readonly rxPps: number | null;
  readonly txPps: number | null;
}

/** One sample of one instance. `detail` points also carry memory, disks and interfaces. */
export interface StatsPoint {
  /** When it was taken (epoch ms, main's clock). */
  readonly t: number;
  /** CPU used over the last interval, % of the instance's vCPUs (0–100); null when there is no rate yet. */
  readonly cpu: number | null;
  readonly memory?: MemoryStats | undefined;
  readonly disks?: readonly DiskIo[] | undefined;
  readonly nets?: readonly NetIo[] | undefined;
}

/** A sample in a `stats.samples` event: a point, or why there is none (sent when that reason changes). */
export type StatsSample = (StatsPoint & { readonly uuid: string; readonly unavailable?: undefined }) | { readonly uuid: string; readonly t: number; readonly unavailable: string };

/** What main keeps of one instance at one level: recent points (oldest first) and why it has none now, if so. */
export interface StatsHistory {
  readonly uuid: string;
  readonly points: readonly StatsPoint[];
  readonly unavailable: string | null;
}
