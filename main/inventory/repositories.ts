import type { QuotaResource } from '../quota/limits';
import type { ServerGroupPolicy, ServerGroupRules } from '../../common/model/server-group';
import type {
  Allocation,
  BuildAttempt,
  ConsoleTokenRecord,
  FlavorRecord,
  HostAuth,
  HostFacts,
  HostOvercommit,
  HostRecord,
  HostStatus,
  ImageDiskFormat,
  ImageHostCacheRecord,
  ImageRecord,
  ImageStatus,
  ImageVisibility,
  InstanceActionEventRecord,
  InstanceActionRecord,
  InstanceFault,
  InstanceOrigin,
  InstanceRecord,
  InstanceUsage,
  InstanceVolume,
  KeyPairRecord,
  PowerState,
  ProjectRecord,
  ServerGroupRecord,
  VmState,
} from './model';

// Storage-neutral repository interfaces. Services and the claim are written against these, never against SQL, so
// another backend (PostgreSQL) means another implementation of this file, not a rewrite of the callers.
// They are synchronous because better-sqlite3 is, which keeps transactions free of interleaving; an async backend
// would mirror them with Promise results.

/** Projects (tenants). */
export interface ProjectRepository {
  list(): ProjectRecord[];
  get(id: string): ProjectRecord | undefined;
  getByName(name: string): ProjectRecord | undefined;
  insert(project: { readonly id?: string; readonly name: string; readonly description?: string; readonly enabled?: boolean }): ProjectRecord;
  /** Throws if instances still belong to the project. */
  delete(id: string): void;
}

/** Quota limit overrides per project; absent resources use the defaults. */
export interface QuotaRepository {
  overrides(projectId: string): Partial<Record<QuotaResource, number>>;
  set(projectId: string, resource: QuotaResource, limit: number): void;
  /** Back to the default. */
  clear(projectId: string, resource: QuotaResource): void;
}

/** A new flavor. */
export interface NewFlavor {
  readonly id?: string;
  readonly name: string;
  readonly vcpus: number;
  readonly ramMiB: number;
  readonly diskGiB: number;
  readonly ephemeralGiB?: number;
  readonly swapMiB?: number;
  readonly isPublic?: boolean;
  readonly description?: string | null;
  readonly extraSpecs?: Readonly<Record<string, string>>;
}

/** Flavors and which projects may use the private ones. */
export interface FlavorRepository {
  list(): FlavorRecord[];
  get(id: string): FlavorRecord | undefined;
  getByName(name: string): FlavorRecord | undefined;
  insert(flavor: NewFlavor): FlavorRecord;
  delete(id: string): void;
  projectsWithAccess(flavorId: string): string[];
  grantAccess(flavorId: string, projectId: string): void;
}

/** A new server group. */
export interface NewServerGroup {
  readonly id?: string;
  readonly name: string;
  readonly projectId: string;
  readonly policy: ServerGroupPolicy;
  readonly rules?: ServerGroupRules;
}

/** Server groups and their members. */
export interface ServerGroupRepository {
  list(projectId?: string): ServerGroupRecord[];
  get(id: string): ServerGroupRecord | undefined;
  /** Groups with this name, in any project (names are unique per project only). */
  findByName(name: string): ServerGroupRecord[];
  insert(group: NewServerGroup): ServerGroupRecord;
  delete(id: string): void;
  addMember(groupId: string, instanceUuid: string): void;
}

/** A new host. */
export interface NewHost {
  readonly name: string;
  readonly uri: string;
  readonly auth?: HostAuth;
  readonly availabilityZone?: string | null;
  readonly tags?: readonly string[];
  readonly enabled?: boolean;
  readonly facts?: HostFacts;
  readonly overcommit?: HostOvercommit;
  readonly storagePool?: string | null;
  readonly defaultNetwork?: string | null;
}

/** Fields of a host that sync and the operator change. */
export interface HostPatch {
  /** Renaming and re-pointing a host (the operator's edit); `auth` is derived from the new URI. */
  readonly name?: string;
  readonly uri?: string;
  readonly auth?: HostAuth;
  readonly enabled?: boolean;
  readonly disabledReason?: string | null;
  readonly status?: HostStatus;
  readonly statusReason?: string | null;
  readonly lastSeenAt?: string | null;
  readonly nextRetryAt?: string | null;
  readonly facts?: HostFacts;
  readonly availabilityZone?: string | null;
  readonly tags?: readonly string[];
  readonly overcommit?: HostOvercommit;
  readonly storagePool?: string | null;
  readonly defaultNetwork?: string | null;
}

/** Hypervisor hosts. */
export interface HostRepository {
  list(): HostRecord[];
  /** Hosts changed at or after `since` (ISO time), oldest first. */
  changedSince(since: string): HostRecord[];
  get(id: string): HostRecord | undefined;
  getByName(name: string): HostRecord | undefined;
  insert(host: NewHost): HostRecord;
  update(id: string, patch: HostPatch): HostRecord;
  delete(id: string): void;
}

/** A host aggregate row. */
export interface AggregateRecord {
  readonly id: string;
  readonly name: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Host ids. */
  readonly hosts: readonly string[];
}

/** Host aggregates (named host groups with metadata). */
export interface AggregateRepository {
  list(): AggregateRecord[];
  get(id: string): AggregateRecord | undefined;
  getByName(name: string): AggregateRecord | undefined;
  insert(aggregate: { readonly name: string; readonly metadata?: Readonly<Record<string, string>> }): AggregateRecord;
  delete(id: string): void;
  addHost(aggregateId: string, hostId: string): void;
  removeHost(aggregateId: string, hostId: string): void;
}

/** A new instance row (as the claim writes it). */
export interface NewInstance extends Allocation {
  readonly uuid?: string;
  readonly name: string;
  readonly projectId: string;
  readonly userId?: string | null;
  readonly hostId: string | null;
  readonly availabilityZone?: string | null;
  readonly flavorId?: string | null;
  readonly flavor?: Readonly<Record<string, unknown>>;
  readonly imageId?: string | null;
  readonly vmState: VmState;
  readonly taskState?: string | null;
  readonly powerState?: PowerState;
  readonly requestId?: string | null;
  readonly launchIndex?: number;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly libvirtDomainName?: string | null;
  readonly libvirtDomainUuid?: string | null;
  readonly launchedAt?: string | null;
  /** Default 'adopted' (what host sync inserts); the create flow says 'created'. */
  readonly origin?: InstanceOrigin;
  readonly description?: string | null;
  readonly keyName?: string | null;
  readonly userData?: string | null;
  readonly network?: string | null;
  readonly taskOwner?: string | null;
}

/** Which instances to list. */
export interface InstanceFilter {
  readonly projectId?: string;
  readonly hostId?: string;
  readonly includeDeleted?: boolean;
}

/** Fields of an instance that host sync and actions change; absent fields stay as they are. */
export interface InstancePatch {
  readonly name?: string;
  readonly projectId?: string;
  readonly hostId?: string | null;
  readonly vmState?: Exclude<VmState, 'deleted'>;
  readonly taskState?: string | null;
  readonly powerState?: PowerState;
  readonly vcpus?: number;
  readonly ramMiB?: number;
  readonly diskGiB?: number;
  readonly libvirtDomainName?: string | null;
  readonly libvirtDomainUuid?: string | null;
  readonly addresses?: Readonly<Record<string, unknown>>;
  readonly fault?: InstanceFault | null;
  readonly launchedAt?: string | null;
  readonly terminatedAt?: string | null;
  readonly locked?: boolean;
  readonly lockedReason?: string | null;
  readonly flavorId?: string | null;
  readonly flavor?: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly availabilityZone?: string | null;
  readonly description?: string | null;
  readonly network?: string | null;
  readonly volumes?: readonly InstanceVolume[];
  readonly taskOwner?: string | null;
  readonly reclaimAt?: string | null;
  readonly buildAttempts?: readonly BuildAttempt[];
  readonly previousFlavor?: Readonly<Record<string, unknown>> | null;
}

/** Guard of {@link InstanceRepository.update}: the row's task_state must be one of these (Nova's expected_task_state). */
export interface InstanceUpdateGuard {
  readonly expectedTaskState?: readonly (string | null)[];
}

/** The few fields of an instance that host sync compares, read without the JSON columns it does not need. */
export interface InstanceSyncRow {
  readonly uuid: string;
  readonly name: string;
  readonly vmState: VmState;
  readonly taskState: string | null;
  readonly powerState: PowerState;
  readonly fault: InstanceFault | null;
  readonly launchedAt: string | null;
  readonly libvirtDomainName: string | null;
  readonly libvirtDomainUuid: string;
  readonly origin: InstanceOrigin;
  /** The row's version: a refresh applies what it saw only to the row as it was when it looked. */
  readonly updatedAt: string;
  readonly hasAddresses: boolean;
}

/** Instances, their allocations, and usage sums over them. */
export interface InstanceRepository {
  get(uuid: string): InstanceRecord | undefined;
  /** Whether a row (live or deleted) has this UUID, without reading it. */
  exists(uuid: string): boolean;
  /** The live instance backed by this libvirt domain on this host, if any. */
  findByDomain(hostId: string, domainUuid: string): InstanceRecord | undefined;
  /** Sync rows of the live instances on a host that are backed by a domain (a refresh reads hundreds at once). */
  syncRowsOnHost(hostId: string): InstanceSyncRow[];
  /** Just the domain UUIDs of those instances: what a refresh checks before deciding which domains to size. */
  domainUuidsOnHost(hostId: string): string[];
  /** Domain UUID → the instance row's `updated_at`, for those instances: a refresh's snapshot of the rows it observes against. */
  domainVersionsOnHost(hostId: string): Map<string, string>;
  /** Live instances with a task in progress (what recovery examines after a crash), optionally on one host. */
  withTask(hostId?: string): InstanceRecord[];
  /**
   * Change a live instance. With `guard.expectedTaskState` the write is a compare-and-swap on task_state: when the
   * row's task state is not one of them nothing changes and `UnexpectedTaskStateError` is thrown.
   */
  update(uuid: string, patch: InstancePatch, guard?: InstanceUpdateGuard): InstanceRecord;
  /** Live and deleted instances changed at or after `since` (ISO time), oldest first: what the change feed reads. */
  changedSince(since: string): InstanceRecord[];
  /** Detach deleted instances' history from a host that is being removed (live ones must be gone first). */
  releaseHost(hostId: string): void;
  list(filter?: InstanceFilter): InstanceRecord[];
  insert(instance: NewInstance): InstanceRecord;
  /** Soft delete: the row stays (history, actions) but stops counting towards quota and host usage. */
  softDelete(uuid: string): void;
  /** Soft-deleted instances whose restore window ended at or before `now` (ISO time), oldest first: the reclaimer's work. */
  reclaimDue(now: string): string[];
  /** Usage of a project, counted from its live instances (Nova counts usage, it keeps no reservations). */
  usageOfProject(projectId: string): InstanceUsage;
  /** Usage per host id, counted from the live instances placed there. Hosts without instances are absent. */
  usageByHost(): Map<string, InstanceUsage>;
  /** Instance uuids per host id, live only (for affinity filters). */
  liveInstancesByHost(): Map<string, string[]>;
}

/** Nova-style instance actions and their events. */
export interface InstanceActionRepository {
  start(action: {
    readonly instanceUuid: string;
    readonly requestId: string;
    readonly action: string;
    readonly projectId?: string | null;
    readonly userId?: string | null;
  }): InstanceActionRecord;
  finish(actionId: number, message?: string | null): void;
  /** Record an action that is over as soon as it starts (an adoption): one row, no read back. */
  recordFinished(action: {
    readonly instanceUuid: string;
    readonly requestId: string;
    readonly action: string;
    readonly projectId?: string | null;
    readonly message: string;
  }): void;
  list(instanceUuid: string): InstanceActionRecord[];
  startEvent(actionId: number, event: string, host?: string | null): InstanceActionEventRecord;
  finishEvent(eventId: number, result: 'Success' | 'Error', traceback?: string | null): void;
  events(actionId: number): InstanceActionEventRecord[];
}

/** Installation settings: JSON values by key; the code that owns a setting validates it and knows its default. */
export interface SettingsRepository {
  /** The stored value, or undefined when the setting was never set (use the default). */
  get(key: string): unknown;
  list(): Record<string, unknown>;
  set(key: string, value: unknown): void;
  /** Back to the default. */
  clear(key: string): void;
}

/** One-time console tokens (hashed). */
export interface ConsoleTokenRepository {
  insert(token: ConsoleTokenRecord): void;
  /** Remove and return a token's row in one statement (single use); undefined when there is none. */
  take(tokenHash: string): ConsoleTokenRecord | undefined;
  /** Remove the tokens that expire at or before `now` (ISO time); returns their hashes. */
  removeExpired(now: string): string[];
  count(): number;
}

/** A new image row (an import starts it `queued`). */
export interface NewImage {
  readonly id?: string;
  readonly name: string;
  readonly ownerProjectId?: string | null;
  readonly visibility?: ImageVisibility;
  readonly status?: Exclude<ImageStatus, 'deleted'>;
  readonly diskFormat: ImageDiskFormat;
  readonly source?: string | null;
  readonly sizeBytes?: number | null;
  readonly checksumSha256?: string | null;
  readonly minDiskGiB?: number;
  readonly minRamMiB?: number;
  readonly properties?: Readonly<Record<string, string>>;
}

/** Fields of an image an import or the operator change; absent fields stay as they are. */
export interface ImagePatch {
  readonly name?: string;
  readonly status?: Exclude<ImageStatus, 'deleted'>;
  readonly diskFormat?: ImageDiskFormat;
  readonly sizeBytes?: number | null;
  readonly checksumSha256?: string | null;
  readonly minDiskGiB?: number;
  readonly minRamMiB?: number;
  readonly properties?: Readonly<Record<string, string>>;
  readonly visibility?: ImageVisibility;
}

/** Images (Glance's registry). */
export interface ImageRepository {
  /** Live images (and deleted ones with `includeDeleted`), by name. */
  list(filter?: { readonly includeDeleted?: boolean; readonly status?: ImageStatus }): ImageRecord[];
  /** By id, live or deleted. */
  get(id: string): ImageRecord | undefined;
  /** The live image with this name (live names are unique). */
  getByName(name: string): ImageRecord | undefined;
  /** Throws AlreadyExistsError when a live image has the name. */
  insert(image: NewImage): ImageRecord;
  update(id: string, patch: ImagePatch): ImageRecord;
  /** Mark deleted (Glance keeps the row; instances built from it still name it). Frees the name. */
  softDelete(id: string): void;
  /** Remove the row for good (an import that never became active). Its host cache rows go with it. */
  remove(id: string): void;
}

/** A host's base volume claimed for upload. */
export type NewBaseVolume = Pick<ImageHostCacheRecord, 'imageId' | 'hostId' | 'pool' | 'volumeName' | 'format' | 'sizeBytes'> & { readonly owner: string };

/** Which base volumes the hosts hold (Nova's `_base` cache), and who is uploading which. */
export interface ImageHostCacheRepository {
  get(imageId: string, hostId: string): ImageHostCacheRecord | undefined;
  list(filter?: { readonly hostId?: string; readonly imageId?: string; readonly status?: 'uploading' | 'ready' }): ImageHostCacheRecord[];
  /** Insert an `uploading` row owned by `owner` with a fresh heartbeat; throws AlreadyExistsError when a row exists. */
  claim(row: NewBaseVolume): ImageHostCacheRecord;
  /**
   * Compare-and-swap the owner of an `uploading` row from `fromOwner` to `toOwner` (fresh heartbeat, new pool/name
   * when given). False when the row is gone, ready, or owned by someone else by now.
   */
  takeOver(imageId: string, hostId: string, fromOwner: string | null, toOwner: string, row?: Partial<Pick<NewBaseVolume, 'pool' | 'volumeName' | 'format' | 'sizeBytes'>>): boolean;
  /** Bump the heartbeat of a row `owner` still holds; false when it lost the row. */
  heartbeat(imageId: string, hostId: string, owner: string): boolean;
  /** `uploading` → `ready` (owner cleared) when `owner` still holds it; false otherwise. */
  markReady(imageId: string, hostId: string, owner: string, result: { readonly sha256: string | null; readonly path: string; readonly sizeBytes: number | null }): boolean;
  /** Delete the row; with `owner`, only while that owner holds it. True when a row was deleted. */
  delete(imageId: string, hostId: string, owner?: string): boolean;
}

/** Key pairs (names are global: there are no users). */
export interface KeyPairRepository {
  list(): KeyPairRecord[];
  get(name: string): KeyPairRecord | undefined;
  /** Throws AlreadyExistsError when the name is taken. */
  insert(keyPair: Omit<KeyPairRecord, 'createdAt'>): KeyPairRecord;
  /** True when a key pair was deleted. */
  delete(name: string): boolean;
}

/** All repositories of one store, as handed to a transaction. */
export interface InventoryRepositories {
  readonly projects: ProjectRepository;
  readonly quotas: QuotaRepository;
  readonly flavors: FlavorRepository;
  readonly serverGroups: ServerGroupRepository;
  readonly hosts: HostRepository;
  readonly aggregates: AggregateRepository;
  readonly instances: InstanceRepository;
  readonly instanceActions: InstanceActionRepository;
  readonly settings: SettingsRepository;
  readonly consoleTokens: ConsoleTokenRepository;
  readonly images: ImageRepository;
  readonly imageHostCache: ImageHostCacheRepository;
  readonly keyPairs: KeyPairRepository;
}

/** An open inventory: repositories plus transactions. */
export interface InventoryStore extends InventoryRepositories {
  /** Where the data lives (file path), for messages. */
  readonly location: string;
  /**
   * Run `work` as one write transaction that takes the write lock up front (SQLite `BEGIN IMMEDIATE`), so reads
   * inside it cannot go stale before its writes. Commits when `work` returns, rolls back when it throws.
   * Nested calls join the outer transaction.
   */
  write<T>(work: (repos: InventoryRepositories) => T): T;
  /** Run `work` against one consistent snapshot. */
  read<T>(work: (repos: InventoryRepositories) => T): T;
  /** Called after each outermost write transaction commits (the change feed's wake-up). Returns an unsubscribe. */
  onCommit(listener: () => void): () => void;
  close(): void;
}
