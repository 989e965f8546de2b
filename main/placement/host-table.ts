import { ownInstances, type OwnInstances } from './host-instances';
import type { NormalizedRequest } from './request';
import type { HostState, SchedulerConfig } from './types';

/** `HostTable.state` bit: the compute service is disabled. */
export const SERVICE_DISABLED = 1;
/** `HostTable.state` bit: the compute service is down. */
export const SERVICE_DOWN = 2;
/** `HostTable.state` bit: a requested resource is larger than the host's total (Placement's max_unit). */
export const OVER_MAX_UNIT = 4;

/**
 * Per-request numbers for every host, as parallel typed arrays: filters and weighers read these in their hot
 * loops instead of chasing optional fields and defaults on each HostState, and the host records are read once.
 * Capacity follows Placement: `(total − reserved) × allocation_ratio`; `max_unit` is the host's total, so no
 * single instance may be larger than the host even when over-committing.
 */
export interface HostTable {
  readonly size: number;
  readonly vcpuCapacity: Float64Array;
  readonly ramCapacity: Float64Array;
  readonly diskCapacity: Float64Array;
  /** SERVICE_DISABLED | SERVICE_DOWN | OVER_MAX_UNIT, per host; these do not change between attempts. */
  readonly state: Uint8Array;
  /** Why a host record cannot be used (NaN, negative sizes), by host; empty when every record is sound. */
  readonly invalid: ReadonlyMap<number, string>;
  /** What hosts' own instances hold of the uuids the request cares about, filled on first use; null when it cares about none. */
  readonly ownInstances: OwnInstances | null;
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

/** A table being filled one host record at a time (see readHostRecord). */
export interface HostTableBuild {
  readonly table: HostTable;
  readonly usage: UsageState;
  /** The same map as `table.invalid`, writable while records are read. */
  readonly invalid: Map<number, string>;
  readonly hosts: readonly HostState[];
  readonly config: SchedulerConfig;
  readonly request: NormalizedRequest;
}

/** An unfilled table and initial usage for `hosts`; `readHostRecord` fills row by row. */
export function allocateHostTable(hosts: readonly HostState[], config: SchedulerConfig, request: NormalizedRequest): HostTableBuild {
  const n = hosts.length;
  // One backing store for all eight columns and the state bytes: separate typed arrays cost an ArrayBuffer
  // each, which dominates (allocation and GC) for small host lists.
  const store = new ArrayBuffer(8 * 8 * n + n);
  const column = (k: number): Float64Array => new Float64Array(store, k * 8 * n, n);
  const invalid = new Map<number, string>();
  const table: HostTable = {
    size: n,
    vcpuCapacity: column(0),
    ramCapacity: column(1),
    diskCapacity: column(2),
    state: new Uint8Array(store, 8 * 8 * n, n),
    invalid,
    ownInstances: ownInstances(request.uuidFlags, n),
  };
  const usage: UsageState = {
    vcpuUsed: column(3),
    ramUsed: column(4),
    diskUsed: column(5),
    instanceCount: column(6),
    buildFailures: column(7),
    placed: new Map(),
  };
  return { table, usage, invalid, hosts, config, request };
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
