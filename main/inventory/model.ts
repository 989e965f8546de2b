import type { Aggregate } from '../../common/model/aggregate';
import type { Flavor } from '../../common/model/flavor';
import type { ServerGroupPolicy, ServerGroupRules } from '../../common/model/server-group';

export { POWER_STATES, VM_STATES, type PowerState, type VmState } from '../../common/model/instance-states';
import type { PowerState, VmState } from '../../common/model/instance-states';

/** Host reachability as last observed. */
export type HostStatus = 'up' | 'down' | 'unknown';

/** A project (tenant) row. */
export interface ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A flavor row: the placement/quota core's {@link Flavor} plus bookkeeping. */
export interface FlavorRecord extends Flavor {
  readonly description: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A server group row with its members (instance uuids, live or not). */
export interface ServerGroupRecord {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly policy: ServerGroupPolicy;
  readonly rules: ServerGroupRules;
  readonly members: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** How to authenticate to a host. Paths and names only: passwords and key material never reach the database. */
export interface HostAuth {
  readonly username?: string;
  readonly keyFile?: string;
  readonly knownHostsFile?: string;
  readonly useAgent?: boolean;
}

/** What a host reported about itself on its last sync; every field optional (an unreachable host has none). */
export interface HostFacts {
  readonly hostname?: string;
  readonly hypervisorType?: string;
  readonly hypervisorVersion?: string;
  readonly libvirtVersion?: string;
  /** libvirt domain type guests run with here: "kvm" when usable, else "qemu" (TCG). */
  readonly domainType?: string;
  readonly arch?: string;
  readonly cpuModel?: string;
  /** Logical CPUs. */
  readonly cpus?: number;
  readonly memoryMiB?: number;
  readonly freeMemoryMiB?: number;
  /** Capacity of the storage instances' disks go to. */
  readonly diskGiB?: number;
  readonly freeDiskGiB?: number;
  /** Short capability summary (domain types, CPU features) for display and filters. */
  readonly capabilities?: Readonly<Record<string, unknown>>;
}

/** Per-host overrides of the app-wide allocation ratios and reservations; absent means "default". */
export interface HostOvercommit {
  readonly cpuAllocationRatio?: number;
  readonly ramAllocationRatio?: number;
  readonly diskAllocationRatio?: number;
  readonly reservedVcpus?: number;
  readonly reservedRamMiB?: number;
  readonly reservedDiskGiB?: number;
}

/** A hypervisor host row. */
export interface HostRecord {
  readonly id: string;
  readonly name: string;
  readonly uri: string;
  readonly auth: HostAuth;
  /** Set on the host itself; null = from its aggregates' metadata, else the default zone (as Nova). */
  readonly availabilityZone: string | null;
  readonly tags: readonly string[];
  /** Aggregates the host belongs to, with their metadata (what aggregate-aware filters read). */
  readonly aggregates: readonly Aggregate[];
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly status: HostStatus;
  readonly statusReason: string | null;
  readonly lastSeenAt: string | null;
  /** When its session connects again after a failure (ISO time); null while up or before the first attempt. */
  readonly nextRetryAt: string | null;
  readonly facts: HostFacts;
  readonly factsUpdatedAt: string | null;
  readonly overcommit: HostOvercommit;
  /** Storage pool instance disks go to; null = automatic (`default`, else the first active dir pool). */
  readonly storagePool: string | null;
  /** libvirt network instances join unless the request names one; null = automatic (`default`, else the first active). */
  readonly defaultNetwork: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Resources allocated to an instance on its host (and counted against its project's quota). */
export interface Allocation {
  readonly vcpus: number;
  readonly ramMiB: number;
  readonly diskGiB: number;
}

/** The error that put an instance in ERROR, as Nova's instance fault. */
export interface InstanceFault {
  readonly code: number;
  readonly message: string;
  readonly details?: string;
  readonly createdAt: string;
}

/** Where an instance came from: built by Virt Deck (its domain carries our metadata), or found on a host and adopted. */
export type InstanceOrigin = 'created' | 'adopted';

/** What a volume is to its instance (`resize-backup`: the copy of the root disk a resize keeps for its revert). */
export type InstanceVolumeRole = 'root' | 'ephemeral' | 'swap' | 'config' | 'resize-backup';

/** A volume a build created on the instance's host (recorded before it is created, so recovery can find it). */
export interface InstanceVolume {
  readonly pool: string;
  readonly name: string;
  readonly role: InstanceVolumeRole;
}

/** One scheduling attempt of a build: where it went, why that host, and how it ended. */
export interface BuildAttempt {
  readonly host: string;
  /** The scheduler's one-line explanation of the choice. */
  readonly explanation: string;
  readonly startedAt: string;
  /** Null while the attempt runs or when it succeeded. */
  readonly fault: InstanceFault | null;
}

/** An instance row. */
export interface InstanceRecord extends Allocation {
  readonly uuid: string;
  readonly name: string;
  readonly projectId: string;
  readonly userId: string | null;
  readonly hostId: string | null;
  readonly availabilityZone: string | null;
  readonly flavorId: string | null;
  /** The flavor as it was when the instance was built (flavors may change or go away later). */
  readonly flavor: Readonly<Record<string, unknown>>;
  readonly imageId: string | null;
  readonly vmState: VmState;
  readonly taskState: string | null;
  readonly powerState: PowerState;
  readonly locked: boolean;
  readonly lockedReason: string | null;
  readonly libvirtDomainName: string | null;
  readonly libvirtDomainUuid: string | null;
  readonly requestId: string | null;
  readonly launchIndex: number;
  readonly metadata: Readonly<Record<string, string>>;
  readonly addresses: Readonly<Record<string, unknown>>;
  readonly fault: InstanceFault | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly launchedAt: string | null;
  readonly terminatedAt: string | null;
  readonly deletedAt: string | null;
  readonly origin: InstanceOrigin;
  readonly description: string | null;
  readonly keyName: string | null;
  /** cloud-init user-data as given (≤ 64 KiB). */
  readonly userData: string | null;
  /** The libvirt network the instance was built on. */
  readonly network: string | null;
  readonly volumes: readonly InstanceVolume[];
  /** Who runs the task in progress (`pid:starttime@hostname`), so recovery can tell a dead owner from a live one. */
  readonly taskOwner: string | null;
  /** Soft-deleted: when the hard delete is due. */
  readonly reclaimAt: string | null;
  readonly buildAttempts: readonly BuildAttempt[];
  /** Resize: the flavor to revert to until the resize is confirmed. */
  readonly previousFlavor: Readonly<Record<string, unknown>> | null;
}

/** Live usage summed over instances that are not deleted. */
export interface InstanceUsage {
  readonly instances: number;
  readonly vcpus: number;
  readonly ramMiB: number;
  readonly diskGiB: number;
}

/** An instance action (Nova's `nova instance-action-list` row). */
export interface InstanceActionRecord {
  readonly id: number;
  readonly instanceUuid: string;
  readonly requestId: string;
  readonly action: string;
  readonly projectId: string | null;
  readonly userId: string | null;
  readonly startTime: string;
  readonly finishTime: string | null;
  readonly message: string | null;
}

/** One step of an instance action. */
export interface InstanceActionEventRecord {
  readonly id: number;
  readonly actionId: number;
  readonly event: string;
  readonly host: string | null;
  readonly startTime: string;
  readonly finishTime: string | null;
  readonly result: 'Success' | 'Error' | null;
  readonly traceback: string | null;
  readonly details: string | null;
}

/** A one-time console token as stored: only its SHA-256, never the token itself. */
export interface ConsoleTokenRecord {
  /** Lower-case hex SHA-256 of the token. */
  readonly tokenHash: string;
  readonly instanceUuid: string;
  /** `vnc` or `serial`. */
  readonly consoleType: string;
  /** Where the proxy connects and who may use it, resolved when the token was issued (never a password). */
  readonly target: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** Glance's image status: `queued` while its bytes are still being copied in, `active` once usable. */
export type ImageStatus = 'queued' | 'active' | 'deleted';

/** Disk formats an image row may name (the importer only produces qcow2 and raw). */
export type ImageDiskFormat = 'qcow2' | 'raw' | 'iso';

/** Who may use an image: everyone, or its owner project only. */
export type ImageVisibility = 'public' | 'private';

/** An image row (Glance's image): what was imported, its checksum and Glance-like properties. */
export interface ImageRecord {
  readonly id: string;
  readonly name: string;
  readonly ownerProjectId: string | null;
  readonly visibility: ImageVisibility;
  readonly status: ImageStatus;
  readonly diskFormat: ImageDiskFormat;
  /** Where it was imported from (a path or an upload label), for display only. */
  readonly source: string | null;
  /** Bytes of the image file. */
  readonly sizeBytes: number | null;
  /** Lower-case hex SHA-256 of the image file. */
  readonly checksumSha256: string | null;
  readonly minDiskGiB: number;
  readonly minRamMiB: number;
  /** Glance properties (`os_type`, `hw_disk_bus`, …), strings as Glance keeps them. */
  readonly properties: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
}

/** Whether a host's copy of an image is still being uploaded or ready to back overlays. */
export type BaseVolumeStatus = 'uploading' | 'ready';

/** A base image held by a host (Nova's `_base` cache entry): one per image and host. */
export interface ImageHostCacheRecord {
  readonly imageId: string;
  readonly hostId: string;
  readonly pool: string;
  readonly volumeName: string;
  readonly format: 'qcow2' | 'raw';
  readonly sizeBytes: number | null;
  /** Verified on the host; null when it cannot be (the test driver has no upload: its base is created empty). */
  readonly sha256: string | null;
  /** The volume's path on the host, once known. */
  readonly path: string | null;
  readonly status: BaseVolumeStatus;
  /** `pid:starttime@hostname` of the process uploading it (null once ready). */
  readonly owner: string | null;
  readonly heartbeatAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A Nova key pair: a public key instances may be given at boot. */
export interface KeyPairRecord {
  readonly name: string;
  /** `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, … */
  readonly type: string;
  /** The OpenSSH public key line (`type base64 [comment]`). */
  readonly publicKey: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
  readonly comment: string;
  readonly createdAt: string;
}
