import { DOMAIN_MEMORY_STAT_NR, MemoryStatTagNames } from './generated/libvirt-api.gen';
import * as wire from './generated/remote-protocol.gen';
import { call, callWith, u32Flags, type FlagsOptions, type ProcOptions } from './procedure-support';
import type { DomainRef } from './records';
import type { RpcChannel } from './rpc/channel';
import type { TypedParamRecord, TypedParamValue } from './typed-params';
import type { XdrReader } from './xdr';

/**
 * Domain statistics: bulk stats for all domains in one call (344, libvirt-protocol.md §14), plus
 * the per-domain memory, block and job queries.
 */

export { JobStatsFlags, JobType, MemoryStatTag, StatsFlags, StatsGroup } from './generated/libvirt-api.gen';

/**
 * One domain's stats: its record plus its parameters flattened to `field → value`. `StatsFlags`
 * holds the `ListDomainsFlags` filter bits plus NOWAIT (don't wait for a busy domain: use it for
 * UI polling), BACKING and ENFORCE_STATS; ENFORCE_STATS is 2^31, so combine with `|` and let
 * `u32Flags` turn the negative result back into the unsigned word.
 */
export type DomainStatsRecord = wire.DomainStatsRecord;

/** What `connectGetAllDomainStats` asks for. */
export interface AllDomainStatsOptions extends FlagsOptions {
  /** Only these domains; empty or absent = every domain matching the filter bits in `flags`. */
  readonly doms?: readonly DomainRef[];
  /** `StatsGroup` bitmask; 0 (default) = every group the driver supports. */
  readonly stats?: number;
}

/** Decode the `CONNECT_GET_ALL_DOMAIN_STATS` reply. */
export function decodeAllDomainStats(r: XdrReader): DomainStatsRecord[] {
  return wire.decodeConnectGetAllDomainStatsRet(r).retStats;
}

/** Stats for many domains in one round trip: one record per domain. */
export function connectGetAllDomainStats(ch: RpcChannel, options?: AllDomainStatsOptions): Promise<DomainStatsRecord[]> {
  const args = { doms: options?.doms ?? [], stats: u32Flags(options?.stats), flags: u32Flags(options?.flags) };
  return callWith(ch, wire.connectGetAllDomainStats, args, decodeAllDomainStats, options);
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

/** How many memory statistic tags libvirt 9 knows; asking for more is harmless. */
export const MEMORY_STAT_NR = DOMAIN_MEMORY_STAT_NR;

/** One memory statistic (`tag`: `MemoryStatTag`; `val` mostly in KiB). */
export type MemoryStat = wire.DomainMemoryStat;

/** Memory statistics keyed by lowercase tag name ("actual_balloon", "rss", …; unknown tags as "tag_<n>"). */
export type MemoryStatRecord = Record<string, bigint>;

/** Key memory statistics by tag name. */
export function memoryStatsToRecord(stats: readonly MemoryStat[]): MemoryStatRecord {
  const out = Object.create(null) as MemoryStatRecord;
  for (const s of stats) out[MemoryStatTagNames[s.tag]?.toLowerCase() ?? `tag_${s.tag}`] = s.val;
  return out;
}

/** What `domainMemoryStats` asks for. */
export interface MemoryStatsOptions extends FlagsOptions {
  readonly maxStats?: number;
}

/** Balloon/memory statistics of a running domain (sizes in KiB). */
export function domainMemoryStats(ch: RpcChannel, dom: DomainRef, options?: MemoryStatsOptions): Promise<MemoryStat[]> {
  const args = { dom, maxStats: options?.maxStats ?? MEMORY_STAT_NR, flags: u32Flags(options?.flags) };
  return callWith(ch, wire.domainMemoryStats, args, memoryStatsOf, options);
}

const memoryStatsOf = (r: XdrReader): MemoryStat[] => wire.decodeDomainMemoryStatsRet(r).stats;

/** Sizes of one disk, in bytes. */
export type BlockInfo = wire.DomainGetBlockInfoRet;

/** Capacity, allocation and physical size of a disk (`path` is the target, e.g. "vda", or the source path). */
export function domainGetBlockInfo(ch: RpcChannel, dom: DomainRef, path: string, options?: FlagsOptions): Promise<BlockInfo> {
  return call(ch, wire.domainGetBlockInfo, { dom, path, flags: u32Flags(options?.flags) }, options);
}

/** `DOMAIN_GET_JOB_INFO` result (`type`: `JobType`; times in ms, sizes in bytes). */
export type JobInfo = wire.DomainGetJobInfoRet;

/** Progress of the domain's current job (legacy fixed-layout form). */
export function domainGetJobInfo(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<JobInfo> {
  return call(ch, wire.domainGetJobInfo, { dom }, options);
}

/** `DOMAIN_GET_JOB_STATS` result: `type` is a `JobType`; `params` holds e.g. `time_elapsed`, `memory_processed`, `downtime`. */
export type JobStats = wire.DomainGetJobStatsRet;

/** Progress of the domain's current (or, with `JobStatsFlags.COMPLETED`, last) job; poll during migration. */
export function domainGetJobStats(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<JobStats> {
  return call(ch, wire.domainGetJobStats, { dom, flags: u32Flags(options?.flags) }, options);
}

/** Abort the domain's current job (e.g. a migration). */
export function domainAbortJob(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<void> {
  return call(ch, wire.domainAbortJob, { dom }, options);
}
