import type { HostState, SchedulerConfig } from './types';

/**
 * Per-request numbers for every host, as parallel typed arrays: filters and weighers read these in their hot
 * loops instead of chasing optional fields and defaults on each HostState.
 * Capacity follows Placement: `(total − reserved) × allocation_ratio`; `max_unit` is the host's total, so no
 * single instance may be larger than the host even when over-committing.
 */
export interface HostTable {
  readonly size: number;
  readonly vcpuCapacity: Float64Array;
  readonly ramCapacity: Float64Array;
  readonly diskCapacity: Float64Array;
  readonly vcpuMaxUnit: Float64Array;
  readonly ramMaxUnit: Float64Array;
  readonly diskMaxUnit: Float64Array;
  /** Why a host record cannot be used (NaN, negative sizes), or null when every record is sound. */
  readonly invalid: ReadonlyMap<number, string> | null;
  /** The request's server group members (plus the instances being placed), or null without a group. */
  readonly members: ReadonlySet<string> | null;
  /**
   * Members among each host's own instances, −1 until first asked (see `membersOn`): intersecting every host's
   * instance list with the group costs more than the rest of a decision, and most hosts never reach a group check.
   */
  readonly memberCache: Int32Array | null;
}

/** Usage that changes as a multi-create consumes hosts; each attempt sees its own snapshot. */
export interface UsageState {
  readonly vcpuUsed: Float64Array;
  readonly ramUsed: Float64Array;
  readonly diskUsed: Float64Array;
  readonly instanceCount: Float64Array;
  readonly buildFailures: Float64Array;
  /** Instances this request already placed, by host index (Nova adds them to HostState.instances); all are group members. */
  readonly placed: ReadonlyMap<number, readonly string[]>;
}

/** Effective allocation ratios and reservations of one host (its own, else the config's). */
export interface HostInventory {
  readonly ratio: { readonly vcpu: number; readonly ram: number; readonly disk: number };
  readonly reserved: { readonly vcpu: number; readonly ram: number; readonly disk: number };
}

/** Ratios and reservations in force for a host. */
export function hostInventory(host: HostState, config: SchedulerConfig): HostInventory {
  return {
    ratio: {
      vcpu: host.cpuAllocationRatio ?? config.cpuAllocationRatio,
      ram: host.ramAllocationRatio ?? config.ramAllocationRatio,
      disk: host.diskAllocationRatio ?? config.diskAllocationRatio,
    },
    reserved: {
      vcpu: host.reservedVcpus ?? config.reservedHostCpus,
      ram: host.reservedRamMiB ?? config.reservedHostMemoryMiB,
      disk: host.reservedDiskGiB ?? config.reservedHostDiskGiB,
    },
  };
}

const NON_NEGATIVE_FIELDS = [
  'vcpusTotal',
  'vcpusUsed',
  'ramTotalMiB',
  'ramUsedMiB',
  'diskTotalGiB',
  'diskUsedGiB',
  'reservedVcpus',
  'reservedRamMiB',
  'reservedDiskGiB',
  'instanceCount',
  'recentBuildFailures',
] as const;
const RATIO_FIELDS = ['cpuAllocationRatio', 'ramAllocationRatio', 'diskAllocationRatio'] as const;

/** Describe what is wrong with a host record, or return null. Only called when the fast check failed. */
function describeInvalid(host: HostState): string | null {
  if (typeof host.name !== 'string' || host.name === '') return 'host record has no name';
  for (const field of NON_NEGATIVE_FIELDS) {
    const v: unknown = host[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      return `host record field ${field} must be a finite number ≥ 0, got ${String(v)}`;
    }
  }
  for (const field of RATIO_FIELDS) {
    const v: unknown = host[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      return `host record field ${field} must be a finite number > 0, got ${String(v)}`;
    }
  }
  return null;
}

/** Build the per-request table and the initial usage. `members` is the server group's member set, if any. */
export function buildHostTable(
  hosts: readonly HostState[],
  config: SchedulerConfig,
  members: ReadonlySet<string> | null,
): { table: HostTable; usage: UsageState } {
  const n = hosts.length;
  // One backing store for all eleven columns: separate typed arrays cost an ArrayBuffer each, which dominates
  // (allocation and GC) for small host lists.
  const columns = new Float64Array(11 * n);
  const column = (k: number): Float64Array => columns.subarray(k * n, (k + 1) * n);
  const vcpuCapacity = column(0);
  const ramCapacity = column(1);
  const diskCapacity = column(2);
  const vcpuMaxUnit = column(3);
  const ramMaxUnit = column(4);
  const diskMaxUnit = column(5);
  const vcpuUsed = column(6);
  const ramUsed = column(7);
  const diskUsed = column(8);
  const instanceCount = column(9);
  const buildFailures = column(10);
  const memberCache = members ? new Int32Array(n).fill(-1) : null;
  let invalid: Map<number, string> | null = null;

  for (let i = 0; i < n; i++) {
    const h = hosts[i]!;
    const vcpuRatio = h.cpuAllocationRatio ?? config.cpuAllocationRatio;
    const ramRatio = h.ramAllocationRatio ?? config.ramAllocationRatio;
    const diskRatio = h.diskAllocationRatio ?? config.diskAllocationRatio;
    const vcpuReserved = h.reservedVcpus ?? config.reservedHostCpus;
    const ramReserved = h.reservedRamMiB ?? config.reservedHostMemoryMiB;
    const diskReserved = h.reservedDiskGiB ?? config.reservedHostDiskGiB;
    const uuids = h.instanceUuids;
    const count = h.instanceCount ?? (uuids ? uuids.length : 0);
    const failures = h.recentBuildFailures ?? 0;
    vcpuCapacity[i] = (h.vcpusTotal - vcpuReserved) * vcpuRatio;
    ramCapacity[i] = (h.ramTotalMiB - ramReserved) * ramRatio;
    diskCapacity[i] = (h.diskTotalGiB - diskReserved) * diskRatio;
    vcpuMaxUnit[i] = h.vcpusTotal;
    ramMaxUnit[i] = h.ramTotalMiB;
    diskMaxUnit[i] = h.diskTotalGiB;
    vcpuUsed[i] = h.vcpusUsed;
    ramUsed[i] = h.ramUsedMiB;
    diskUsed[i] = h.diskUsedGiB;
    instanceCount[i] = count;
    buildFailures[i] = failures;
    // Comparisons are false for NaN and for non-numbers that slipped past the types, so one chain catches both.
    const sound =
      h.vcpusTotal >= 0 && h.ramTotalMiB >= 0 && h.diskTotalGiB >= 0 &&
      h.vcpusUsed >= 0 && h.ramUsedMiB >= 0 && h.diskUsedGiB >= 0 &&
      vcpuReserved >= 0 && ramReserved >= 0 && diskReserved >= 0 &&
      count >= 0 && failures >= 0 && vcpuRatio > 0 && ramRatio > 0 && diskRatio > 0 &&
      Number.isFinite(vcpuCapacity[i]! + ramCapacity[i]! + diskCapacity[i]! + h.vcpusUsed + h.ramUsedMiB + h.diskUsedGiB + count + failures);
    if (!sound || typeof h.name !== 'string' || h.name === '') {
      const why = describeInvalid(h) ?? 'host record has a non-finite or negative size';
      (invalid ??= new Map()).set(i, why);
    }
  }
  return {
    table: { size: n, vcpuCapacity, ramCapacity, diskCapacity, vcpuMaxUnit, ramMaxUnit, diskMaxUnit, invalid, members, memberCache },
    usage: { vcpuUsed, ramUsed, diskUsed, instanceCount, buildFailures, placed: new Map() },
  };
}

/**
 * Usage after placing one instance on host `i` (Nova's consume_from_request, and `_consume_selected_host` which
 * adds the instance to the host and so to the group's hosts): a copy, so explanations of the earlier attempt keep
 * describing the state it saw.
 */
export function consume(
  usage: UsageState,
  i: number,
  amounts: { readonly vcpus: number; readonly ramMiB: number; readonly diskGiB: number },
  instanceUuid: string,
): UsageState {
  const n = usage.vcpuUsed.length;
  const copy = new Float64Array(4 * n);
  const column = (k: number, from: Float64Array): Float64Array => {
    const view = copy.subarray(k * n, (k + 1) * n);
    view.set(from);
    return view;
  };
  const next = {
    vcpuUsed: column(0, usage.vcpuUsed),
    ramUsed: column(1, usage.ramUsed),
    diskUsed: column(2, usage.diskUsed),
    instanceCount: column(3, usage.instanceCount),
    buildFailures: usage.buildFailures,
    placed: new Map(usage.placed),
  };
  next.vcpuUsed[i]! += amounts.vcpus;
  next.ramUsed[i]! += amounts.ramMiB;
  next.diskUsed[i]! += amounts.diskGiB;
  next.instanceCount[i]! += 1;
  next.placed.set(i, [...(usage.placed.get(i) ?? []), instanceUuid]);
  return next;
}
