import type { Aggregate } from '../../common/model/aggregate';
import type { Flavor } from '../../common/model/flavor';
import type { ServerGroup } from '../../common/model/server-group';

/**
 * What the scheduler knows about one compute host. Plain readonly data, built by the inventory.
 * `*Used` are allocations (what instances consume), never including `reserved*`, as in Placement.
 */
export interface HostState {
  readonly name: string;
  /** False when an operator disabled the compute service (Nova's `service.disabled`). */
  readonly enabled: boolean;
  readonly disabledReason?: string;
  /** False when the host's service has not been heard from (libvirt session lost). */
  readonly up: boolean;
  /** Host's zone; when absent the aggregates' `availability_zone` metadata, then the default zone, apply (as in Nova). */
  readonly availabilityZone?: string | null;
  readonly aggregates?: readonly Aggregate[];
  readonly vcpusTotal: number;
  readonly vcpusUsed: number;
  readonly ramTotalMiB: number;
  readonly ramUsedMiB: number;
  readonly diskTotalGiB: number;
  readonly diskUsedGiB: number;
  /** Per-host allocation ratios; absent ones take the scheduler config's (CPU 4.0, RAM 1.0, disk 1.0). */
  readonly cpuAllocationRatio?: number;
  readonly ramAllocationRatio?: number;
  readonly diskAllocationRatio?: number;
  /** Reserved for the host itself; absent ones take the config's (RAM 512 MiB, CPUs 0, disk 0). */
  readonly reservedRamMiB?: number;
  readonly reservedVcpus?: number;
  readonly reservedDiskGiB?: number;
  /** Instances on the host; defaults to `instanceUuids.length`. */
  readonly instanceCount?: number;
  /** Recent failed builds (Nova's `failed_builds`, reset by a success). */
  readonly recentBuildFailures?: number;
  /** libvirt domain type the host runs: "qemu", "kvm", ... */
  readonly hypervisorType: string;
  /** Host CPU architecture as libvirt reports it: "x86_64", "aarch64", ... */
  readonly cpuArch: string;
  /** Uuids of instances on the host (server groups, same_host / different_host). */
  readonly instanceUuids?: readonly string[];
}

/** Image properties the scheduler matches against hosts (Nova's hw_architecture, img_hv_type, hw_vm_mode). */
export interface ImageProperties {
  readonly architecture?: string;
  readonly hypervisorType?: string;
}

/** Nova scheduler hints we honour. */
export interface SchedulerHints {
  /** Place on a host running one of these instances (Nova's `same_host`). */
  readonly sameHost?: readonly string[];
  /** Place on a host running none of these instances (Nova's `different_host`). */
  readonly differentHost?: readonly string[];
}

/** One scheduling request: a flavor, how many instances, and the constraints. */
export interface RequestSpec {
  readonly flavor: Flavor;
  /** Instances to place (Nova's num_instances); default 1. Each gets one host. */
  readonly numInstances?: number;
  /** Uuids of the instances being placed, one per instance; used for group membership during multi-create. */
  readonly instanceUuids?: readonly string[];
  readonly availabilityZone?: string | null;
  readonly image?: ImageProperties | null;
  readonly serverGroup?: ServerGroup | null;
  readonly hints?: SchedulerHints;
  /** Admin-forced host (Nova's `zone:host`): filters are skipped, but the host must be enabled, up and have room. */
  readonly forcedHost?: string | null;
  /** Hosts to leave out, e.g. where a previous attempt failed (Nova's retry / ignore_hosts). */
  readonly ignoreHosts?: readonly string[];
  /** Root disk lives on a volume: do not claim the flavor's root disk on the host. */
  readonly bootFromVolume?: boolean;
}

/** Names of the filters, Nova's class names. CapacityFilter stands for Placement's allocation-candidate check. */
export type FilterName =
  | 'ComputeFilter'
  | 'CapacityFilter'
  | 'AvailabilityZoneFilter'
  | 'AggregateInstanceExtraSpecsFilter'
  | 'ImagePropertiesFilter'
  | 'ServerGroupAntiAffinityFilter'
  | 'ServerGroupAffinityFilter'
  | 'SameHostFilter'
  | 'DifferentHostFilter';

/** Names of the weighers, Nova's class names. */
export type WeigherName =
  | 'RAMWeigher'
  | 'CPUWeigher'
  | 'DiskWeigher'
  | 'NumInstancesWeigher'
  | 'BuildFailureWeigher'
  | 'ServerGroupSoftAffinityWeigher'
  | 'ServerGroupSoftAntiAffinityWeigher';

/** Scheduler settings; names follow Nova's options in camelCase. */
export interface SchedulerConfig {
  /** Filters run in this order; a host's explanation names the first one that rejects it. */
  readonly enabledFilters: readonly FilterName[];
  readonly enabledWeighers: readonly WeigherName[];
  /** Pick randomly among this many best hosts (Nova's host_subset_size, ≥ 1). */
  readonly hostSubsetSize: number;
  readonly cpuAllocationRatio: number;
  readonly ramAllocationRatio: number;
  readonly diskAllocationRatio: number;
  readonly reservedHostMemoryMiB: number;
  readonly reservedHostCpus: number;
  readonly reservedHostDiskGiB: number;
  readonly defaultAvailabilityZone: string;
  readonly ramWeightMultiplier: number;
  readonly cpuWeightMultiplier: number;
  readonly diskWeightMultiplier: number;
  readonly numInstancesWeightMultiplier: number;
  /** Applied negated, as in Nova: hosts with recent failures sink. */
  readonly buildFailureWeightMultiplier: number;
  readonly softAffinityWeightMultiplier: number;
  readonly softAntiAffinityWeightMultiplier: number;
}

/** How many hosts entered and left one filter for one instance (Nova logs "Filter X returned N host(s)"). */
export interface FilterCount {
  readonly filter: string;
  readonly start: number;
  readonly end: number;
}

/** One weigher's part in a host's total weight. */
export interface WeigherContribution {
  readonly weigher: WeigherName;
  /** The weigher's value for the host (free MiB, instance count, ...), after Nova's minval clamp. */
  readonly raw: number;
  /** Raw value scaled to [0, 1] over the candidate hosts. */
  readonly normalized: number;
  /** Multiplier in force for this host (config, or the aggregate's override). */
  readonly multiplier: number;
  /** normalized × multiplier. */
  readonly contribution: number;
}

/** A host a filter removed. */
export interface RejectedHostExplanation {
  readonly host: string;
  readonly passed: false;
  /** The first filter (or stage) that rejected it. */
  readonly filter: string;
  readonly reason: string;
}

/** A host that passed every filter and was weighed. */
export interface WeighedHostExplanation {
  readonly host: string;
  readonly passed: true;
  /** 1 = best weight; ties keep the input order. */
  readonly rank: number;
  readonly weight: number;
  /** Among the best `hostSubsetSize` hosts the choice was drawn from. */
  readonly inSubset: boolean;
  readonly chosen: boolean;
  readonly weighers: readonly WeigherContribution[];
}

/** Why a host was or was not chosen ("why this host"). */
export type HostExplanation = RejectedHostExplanation | WeighedHostExplanation;

/** Scheduling of one instance of the request. */
export interface PlacementAttempt {
  readonly instanceIndex: number;
  /** Chosen host, or null when no host passed. */
  readonly host: string | null;
  readonly weight: number | null;
  /** The best hosts the random choice was drawn from, best first. */
  readonly subset: readonly string[];
  /** Hosts that passed every filter. */
  readonly candidates: number;
  readonly filterCounts: readonly FilterCount[];
  /** One entry per input host, in input order; built on first access. */
  readonly explanations: readonly HostExplanation[];
}

/** Nova's NoValidHost. */
export interface NoValidHost {
  readonly kind: 'NoValidHost';
  /** "No valid host was found. There are not enough hosts available." */
  readonly message: string;
  /** The instance (0-based) no host could be found for. */
  readonly instanceIndex: number;
  readonly filterCounts: readonly FilterCount[];
  /** Which filter removed the last hosts, and the per-filter counts, as Nova logs them. */
  readonly detail: string;
}

interface ScheduleResultBase {
  /** Chosen host per placed instance, in instance order (on failure: the ones placed before it). */
  readonly hosts: readonly string[];
  readonly attempts: readonly PlacementAttempt[];
  /** Explanation of every host for the first instance (same as `attempts[0].explanations`). */
  readonly explanations: readonly HostExplanation[];
}

/** Every instance got a host. */
export interface ScheduleSuccess extends ScheduleResultBase {
  readonly ok: true;
  readonly error: null;
}

/** Some instance got no host; Nova fails the whole request. */
export interface ScheduleFailure extends ScheduleResultBase {
  readonly ok: false;
  readonly error: NoValidHost;
}

/** Outcome of `schedule`. */
export type ScheduleResult = ScheduleSuccess | ScheduleFailure;
