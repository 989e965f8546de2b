import { ListDomainsFlags } from './domain';
import { Proc } from './procedures';
import { call, u32Flags, withFlags, type FlagsOptions, type ProcOptions } from './procedure-support';
import { DOMAIN_RECORD_MIN_BYTES, decodeDomain, encodeDomain, type DomainRef } from './records';
import type { RpcChannel } from './rpc/channel';
import { decodeTypedParamRecord, type TypedParamRecord, type TypedParamValue } from './typed-params';
import type { XdrReader } from './xdr';

/**
 * Domain statistics: bulk stats for all domains in one call (344, libvirt-protocol.md §14), plus
 * the per-domain memory, block and job queries.
 */

/** Stats groups for `CONNECT_GET_ALL_DOMAIN_STATS` (`stats` bitmask; 0 = every group the driver has). */
export const StatsGroup = {
  ALL: 0,
  STATE: 1,
  CPU_TOTAL: 2,
  BALLOON: 4,
  VCPU: 8,
  INTERFACE: 16,
  BLOCK: 32,
  PERF: 64,
  IOTHREAD: 128,
  MEMORY: 256,
  DIRTYRATE: 512,
  VM: 1024,
} as const;

/**
 * Flags for bulk stats: the `ListDomainsFlags` filter bits plus three modifiers. ENFORCE_STATS is
 * 2^31, which does not fit a signed 32-bit int; combine with `|` and let `u32Flags` (`>>> 0`)
 * turn the negative result back into the unsigned word.
 */
export const StatsFlags = {
  ...ListDomainsFlags,
  /** Don't wait for a domain that is busy with a job; use this for UI polling. */
  NOWAIT: 0x20000000,
  /** Include backing chains in block stats. */
  BACKING: 0x40000000,
  /** Fail if a requested group is unsupported instead of leaving it out. */
  ENFORCE_STATS: 0x80000000,
} as const;

/** One domain's stats: its record plus its parameters flattened to `field → value`. */
export interface DomainStatsRecord {
  readonly dom: DomainRef;
  readonly stats: TypedParamRecord;
}

/** What `connectGetAllDomainStats` asks for. */
export interface AllDomainStatsOptions extends FlagsOptions {
  /** Only these domains; empty or absent = every domain matching the filter bits in `flags`. */
  readonly doms?: readonly DomainRef[];
  /** `StatsGroup` bitmask; 0 (default) = every group the driver supports. */
  readonly stats?: number;
}

/** Smallest wire size of a stats record: domain record + empty parameter list. */
const STATS_RECORD_MIN_BYTES = DOMAIN_RECORD_MIN_BYTES + 4;

/** Decode one `domain_stats_record`. */
export function decodeDomainStatsRecord(r: XdrReader): DomainStatsRecord {
  const dom = decodeDomain(r);
  return { dom, stats: decodeTypedParamRecord(r) };
}

/** Decode the `CONNECT_GET_ALL_DOMAIN_STATS` reply. */
export function decodeAllDomainStats(r: XdrReader): DomainStatsRecord[] {
  return r.array(decodeDomainStatsRecord, STATS_RECORD_MIN_BYTES);
}

/** Stats for many domains in one round trip: one record per domain. */
export function connectGetAllDomainStats(ch: RpcChannel, options?: AllDomainStatsOptions): Promise<DomainStatsRecord[]> {
  return call(
    ch,
    Proc.CONNECT_GET_ALL_DOMAIN_STATS,
    (w) => {
      w.array(options?.doms ?? [], encodeDomain);
      w.uint(u32Flags(options?.stats));
      w.uint(u32Flags(options?.flags));
    },
    decodeAllDomainStats,
    options,
  );
}

/** A stats value as a bigint (counters arrive as int, uint or (u)llong depending on the driver). */
export function statBigint(value: TypedParamValue | undefined): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

/** A stats value as a number (small counters and states; bigint values are converted). */
export function statNumber(value: TypedParamValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** The few bulk-stats fields the app shows, typed; absent when the driver did not report them. */
export interface DomainStatsSummary {
  readonly state?: number;
  readonly reason?: number;
  /** Total CPU time in ns. */
  readonly cpuTimeNs?: bigint;
  readonly vcpuCurrent?: number;
  readonly vcpuMaximum?: number;
  /** Current balloon size in KiB. */
  readonly balloonCurrentKiB?: bigint;
  readonly balloonMaximumKiB?: bigint;
  /** Guest-reported memory not in use, in KiB (needs the balloon driver's stats). */
  readonly balloonUnusedKiB?: bigint;
  /** Resident set size of the emulator process, in KiB. */
  readonly balloonRssKiB?: bigint;
  readonly netCount?: number;
  readonly blockCount?: number;
}

/** Pick the commonly shown fields out of one domain's stats. */
export function summarizeDomainStats(stats: TypedParamRecord): DomainStatsSummary {
  return {
    state: statNumber(stats['state.state']),
    reason: statNumber(stats['state.reason']),
    cpuTimeNs: statBigint(stats['cpu.time']),
    vcpuCurrent: statNumber(stats['vcpu.current']),
    vcpuMaximum: statNumber(stats['vcpu.maximum']),
    balloonCurrentKiB: statBigint(stats['balloon.current']),
    balloonMaximumKiB: statBigint(stats['balloon.maximum']),
    balloonUnusedKiB: statBigint(stats['balloon.unused']),
    balloonRssKiB: statBigint(stats['balloon.rss']),
    netCount: statNumber(stats['net.count']),
    blockCount: statNumber(stats['block.count']),
  };
}

/** Memory statistic tags (`virDomainMemoryStatTags`) and the names we give them. */
export const MemoryStatTag = {
  SWAP_IN: 0,
  SWAP_OUT: 1,
  MAJOR_FAULT: 2,
  MINOR_FAULT: 3,
  UNUSED: 4,
  AVAILABLE: 5,
  ACTUAL_BALLOON: 6,
  RSS: 7,
  USABLE: 8,
  LAST_UPDATE: 9,
  DISK_CACHES: 10,
  HUGETLB_PGALLOC: 11,
  HUGETLB_PGFAIL: 12,
} as const;

/** How many tags libvirt 9 knows; asking for more is harmless. */
export const MEMORY_STAT_NR = 13;

/** One memory statistic. */
export interface MemoryStat {
  /** `MemoryStatTag`. */
  readonly tag: number;
  readonly value: bigint;
}

/** Memory statistics keyed by lowercase tag name ("actual_balloon", "rss", …; unknown tags as "tag_<n>"). */
export type MemoryStatRecord = Record<string, bigint>;

const memoryTagNames = new Map<number, string>(Object.entries(MemoryStatTag).map(([name, tag]) => [tag, name.toLowerCase()]));

/** Key memory statistics by tag name. */
export function memoryStatsToRecord(stats: readonly MemoryStat[]): MemoryStatRecord {
  const out = Object.create(null) as MemoryStatRecord;
  for (const s of stats) out[memoryTagNames.get(s.tag) ?? `tag_${s.tag}`] = s.value;
  return out;
}

/** What `domainMemoryStats` asks for. */
export interface MemoryStatsOptions extends FlagsOptions {
  readonly maxStats?: number;
}

/** Balloon/memory statistics of a running domain (sizes in KiB). */
export function domainMemoryStats(ch: RpcChannel, dom: DomainRef, options?: MemoryStatsOptions): Promise<MemoryStat[]> {
  return call(
    ch,
    Proc.DOMAIN_MEMORY_STATS,
    (w) => {
      encodeDomain(w, dom);
      w.uint(options?.maxStats ?? MEMORY_STAT_NR);
      w.uint(u32Flags(options?.flags));
    },
    (r) => r.array((x) => ({ tag: x.int(), value: x.uhyper() }), 12),
    options,
  );
}

/** Sizes of one disk, in bytes. */
export interface BlockInfo {
  readonly capacity: bigint;
  readonly allocation: bigint;
  readonly physical: bigint;
}

/** Capacity, allocation and physical size of a disk (`path` is the target, e.g. "vda", or the source path). */
export function domainGetBlockInfo(ch: RpcChannel, dom: DomainRef, path: string, options?: FlagsOptions): Promise<BlockInfo> {
  return call(
    ch,
    Proc.DOMAIN_GET_BLOCK_INFO,
    (w) => {
      encodeDomain(w, dom);
      w.string(path);
      w.uint(u32Flags(options?.flags));
    },
    (r) => {
      const allocation = r.uhyper();
      const capacity = r.uhyper();
      return { allocation, capacity, physical: r.uhyper() };
    },
    options,
  );
}

/** Job types (`virDomainJobType`). */
export const JobType = { NONE: 0, BOUNDED: 1, UNBOUNDED: 2, COMPLETED: 3, FAILED: 4, CANCELLED: 5 } as const;

/** Flags for `DOMAIN_GET_JOB_STATS`. */
export const JobStatsFlags = { COMPLETED: 1, KEEP_COMPLETED: 2 } as const;

/** `DOMAIN_GET_JOB_INFO` result (times in ms, sizes in bytes). */
export interface JobInfo {
  readonly type: number;
  readonly timeElapsed: bigint;
  readonly timeRemaining: bigint;
  readonly dataTotal: bigint;
  readonly dataProcessed: bigint;
  readonly dataRemaining: bigint;
  readonly memTotal: bigint;
  readonly memProcessed: bigint;
  readonly memRemaining: bigint;
  readonly fileTotal: bigint;
  readonly fileProcessed: bigint;
  readonly fileRemaining: bigint;
}

/** Decode the `DOMAIN_GET_JOB_INFO` reply. */
export function decodeJobInfo(r: XdrReader): JobInfo {
  return {
    type: r.int(),
    timeElapsed: r.uhyper(),
    timeRemaining: r.uhyper(),
    dataTotal: r.uhyper(),
    dataProcessed: r.uhyper(),
    dataRemaining: r.uhyper(),
    memTotal: r.uhyper(),
    memProcessed: r.uhyper(),
    memRemaining: r.uhyper(),
    fileTotal: r.uhyper(),
    fileProcessed: r.uhyper(),
    fileRemaining: r.uhyper(),
  };
}

/** Progress of the domain's current job (legacy fixed-layout form). */
export function domainGetJobInfo(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<JobInfo> {
  return call(ch, Proc.DOMAIN_GET_JOB_INFO, (w) => encodeDomain(w, dom), decodeJobInfo, options);
}

/** `DOMAIN_GET_JOB_STATS` result. */
export interface JobStats {
  /** `JobType`. */
  readonly type: number;
  /** e.g. `time_elapsed`, `memory_processed`, `memory_remaining`, `downtime`. */
  readonly stats: TypedParamRecord;
}

/** Progress of the domain's current (or, with `JobStatsFlags.COMPLETED`, last) job; poll during migration. */
export function domainGetJobStats(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<JobStats> {
  return call(
    ch,
    Proc.DOMAIN_GET_JOB_STATS,
    withFlags(encodeDomain, dom, options),
    (r) => {
      const type = r.int();
      return { type, stats: decodeTypedParamRecord(r) };
    },
    options,
  );
}

/** Abort the domain's current job (e.g. a migration). */
export function domainAbortJob(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<void> {
  return call(ch, Proc.DOMAIN_ABORT_JOB, (w) => encodeDomain(w, dom), null, options);
}
