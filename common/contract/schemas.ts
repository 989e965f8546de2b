// The payloads of the contract: zod schemas main validates with at run time, and the types both sides derive from
// them. Imports nothing but zod and plain shapes, so it typechecks with neither DOM nor Node types.
import { z } from 'zod';
import type { Flavor } from '../model/flavor';
import type { Project } from '../model/project';

/** Where the UI runs: the Electron window, or a browser tab served by web mode. */
export const AppModeSchema = z.enum(['electron', 'web']);

/** What this installation is. */
export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: AppModeSchema,
  /** Where the inventory and settings live (shared by Electron, web mode and the CLI). */
  dataDir: z.string(),
  /** Node's `process.platform` and `process.arch` of main. */
  platform: z.string(),
  arch: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().nullable() }),
  /** A libvirtd listening on this machine's standard socket, if any; checked on every call. */
  localLibvirt: z.object({
    socketPath: z.string().nullable(),
    checkedPaths: z.array(z.string()),
  }),
});

/** A flavor as the UI lists it (Nova units: MiB of RAM and swap, GiB of disk): the model's flavor and its description. */
export const FlavorSchema = z.object({
  id: z.string(),
  name: z.string(),
  vcpus: z.number().int().nonnegative(),
  ramMiB: z.number().int().nonnegative(),
  diskGiB: z.number().int().nonnegative(),
  ephemeralGiB: z.number().int().nonnegative(),
  swapMiB: z.number().int().nonnegative(),
  isPublic: z.boolean(),
  description: z.string().nullable(),
  extraSpecs: z.record(z.string(), z.string()),
}) satisfies z.ZodType<Flavor>;

/** A project (tenant) as the UI lists it. */
export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
}) satisfies z.ZodType<Project>;

/** Where a host is: reachable, not reachable, or not tried yet. */
export const HostStatusSchema = z.enum(['up', 'down', 'unknown']);

/** A hypervisor host with what it reported and what its instances use. */
export const HostSchema = z.object({
  id: z.string(),
  name: z.string(),
  uri: z.string(),
  availabilityZone: z.string().nullable(),
  tags: z.array(z.string()).readonly(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  status: HostStatusSchema,
  statusReason: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  /** When Virt Deck connects again after a failure; null while up. */
  nextRetryAt: z.string().nullable(),
  facts: z.object({
    hostname: z.string().optional(),
    hypervisorType: z.string().optional(),
    hypervisorVersion: z.string().optional(),
    libvirtVersion: z.string().optional(),
    arch: z.string().optional(),
    cpus: z.number().optional(),
    memoryMiB: z.number().optional(),
    freeMemoryMiB: z.number().optional(),
    diskGiB: z.number().optional(),
    freeDiskGiB: z.number().optional(),
  }),
  usage: z.object({ instances: z.number(), vcpus: z.number(), ramMiB: z.number(), diskGiB: z.number() }),
  /** Placement's allocation ratios and reservations for this host: capacity = (total − reserved) × ratio. */
  allocation: z.object({ cpuRatio: z.number(), ramRatio: z.number(), diskRatio: z.number(), reservedVcpus: z.number(), reservedRamMiB: z.number(), reservedDiskGiB: z.number() }),
});

/** A host just added: the row plus what the user should know about reaching it (ssh_config settings ignored). */
export const AddedHostSchema = HostSchema.extend({ warnings: z.array(z.string()).readonly() });

/** An instance as `nova list`/`nova show` present it. */
export const InstanceSchema = z.object({
  uuid: z.string(),
  name: z.string(),
  status: z.string(),
  vmState: z.string(),
  taskState: z.string().nullable(),
  powerState: z.number().int(),
  powerStateName: z.string(),
  networks: z.string(),
  projectId: z.string(),
  projectName: z.string().nullable(),
  hostId: z.string().nullable(),
  hostName: z.string().nullable(),
  hostStatus: HostStatusSchema.nullable(),
  hostLastSeenAt: z.string().nullable(),
  flavorName: z.string().nullable(),
  vcpus: z.number(),
  ramMiB: z.number(),
  diskGiB: z.number(),
  locked: z.boolean(),
  libvirtDomainName: z.string().nullable(),
  libvirtDomainUuid: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  fault: z.object({ code: z.number(), message: z.string(), details: z.string().optional(), createdAt: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  launchedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  /** `created` here (its domain carries our metadata) or `adopted` (found on a host). */
  origin: z.enum(['created', 'adopted']),
  imageId: z.string().nullable(),
  keyName: z.string().nullable(),
  description: z.string().nullable(),
  /** The libvirt network it was built on. */
  network: z.string().nullable(),
  /** Scheduling attempts of its build: host, why that host, and the fault that ended the attempt. */
  buildAttempts: z.array(
    z.object({
      host: z.string(),
      explanation: z.string(),
      startedAt: z.string(),
      fault: z.object({ code: z.number(), message: z.string(), details: z.string().optional(), createdAt: z.string() }).nullable(),
    }),
  ).readonly(),
});

/** A name, URI or reference the user typed: bounded so a pasted novel is refused, not stored. */
const Text = (max: number) => z.string().trim().min(1).max(max);

/** Arguments of a channel that takes none: `{}` and nothing else, so a typo'd option is an error, not ignored. */
export const NoArgsSchema = z.strictObject({});

/** What adding a host takes. */
export const AddHostArgsSchema = z.strictObject({
  name: Text(63),
  uri: Text(2048),
  availabilityZone: Text(255).optional(),
  keyFile: Text(4096).optional(),
  knownHostsFile: Text(4096).optional(),
});

/** What removing a host takes: its name or id, and whether to mark its instances deleted. */
export const RemoveHostArgsSchema = z.strictObject({ ref: Text(255), force: z.boolean().optional() });

/** What removing a host did. */
export const RemoveHostResultSchema = z.object({ removed: z.string(), instancesDeleted: z.number().int() });

/** Which instances to list. */
export const ListInstancesArgsSchema = z.strictObject({
  host: Text(255).optional(),
  project: Text(255).optional(),
  includeDeleted: z.boolean().optional(),
});

/** One instance by UUID or unique name. */
export const InstanceRefArgsSchema = z.strictObject({ ref: Text(255) });

/** Most instances one create may ask for (main checks the same limit). */
export const MAX_CREATE_COUNT = 100;

/**
 * What creating instances takes (Nova's `POST /servers`). References are names or ids; the name is taken as given
 * (main refuses surrounding whitespace rather than trimming it silently).
 */
export const CreateInstancesArgsSchema = z.strictObject({
  name: z.string().min(1).max(255),
  flavor: Text(255),
  image: Text(255),
  project: Text(255).optional(),
  keyName: Text(255).optional(),
  /** cloud-init user-data as text, at most 64 KiB. */
  userData: z.string().max(65_536).optional(),
  network: Text(255).optional(),
  /** Force this host (no reschedule then). */
  host: Text(255).optional(),
  count: z.number().int().min(1).max(MAX_CREATE_COUNT).optional(),
  /** Fewest to create when quota cannot fit `count` (default: all or nothing). */
  minCount: z.number().int().min(1).max(MAX_CREATE_COUNT).optional(),
  serverGroup: Text(255).optional(),
  availabilityZone: Text(255).optional(),
  description: z.string().max(255).optional(),
  metadata: z.record(z.string().min(1).max(255), z.string().max(255)).optional(),
});

/** What a create returns at once: the new instances (`BUILD`, task `scheduling`); the builds go on in the background. */
export const CreateInstancesResultSchema = z.object({
  requestId: z.string(),
  instances: z.array(InstanceSchema),
});

/** Batched inventory changes pushed to the UI (the change feed). */
export const InventoryChangedSchema = z.object({
  instances: z.array(InstanceSchema),
  hosts: z.array(HostSchema),
  removedHosts: z.array(z.string()),
});

/** What `app.info` returns. */
export type AppInfo = z.output<typeof AppInfoSchema>;
/** The UI's mode. */
export type AppMode = z.output<typeof AppModeSchema>;
/** A flavor as listed: the model's {@link Flavor} plus its description. */
export type FlavorListing = z.output<typeof FlavorSchema>;
/** A project as listed: the model's {@link Project} with its description and creation time. */
export type ProjectListing = z.output<typeof ProjectSchema>;
/** A host row with usage. */
export type Host = z.output<typeof HostSchema>;
/** A host just added, with warnings about reaching it. */
export type AddedHost = z.output<typeof AddedHostSchema>;
/** An instance row. */
export type Instance = z.output<typeof InstanceSchema>;
/** What `instances.create` takes. */
export type CreateInstancesArgs = z.input<typeof CreateInstancesArgsSchema>;
/** What `instances.create` returns. */
export type CreateInstancesResult = z.output<typeof CreateInstancesResultSchema>;
/** A batch of inventory changes. */
export type InventoryChanged = z.output<typeof InventoryChangedSchema>;

/** Where a host holds an image as a base volume. */
export const ImageOnHostSchema = z.object({
  hostId: z.string(),
  hostName: z.string(),
  pool: z.string(),
  volume: z.string(),
  status: z.enum(['uploading', 'ready']),
});

/** An image as `glance image-show` presents it, plus the hosts holding it and the live instances built from it. */
export const ImageSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['queued', 'active', 'deleted']),
  diskFormat: z.enum(['qcow2', 'raw', 'iso']),
  visibility: z.enum(['public', 'private']),
  ownerProjectId: z.string().nullable(),
  source: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  virtualSizeBytes: z.number().nullable(),
  checksumSha256: z.string().nullable(),
  minDiskGiB: z.number().int(),
  minRamMiB: z.number().int(),
  properties: z.record(z.string(), z.string()),
  hosts: z.array(ImageOnHostSchema).readonly(),
  instances: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Whole numbers a min_disk/min_ram may take (a signed 32-bit column, as Nova). */
const MinSize = z.number().int().min(0).max(2_147_483_647);

/**
 * What importing an image takes: a file on the machine main runs on (a browser's upload goes to web mode's
 * `POST /upload/image` instead, into the same stream-based import), the name and Glance-like attributes. Properties are checked in main (known keys, reserved names).
 */
export const ImportImageArgsSchema = z.strictObject({
  path: Text(4096),
  name: Text(255),
  osType: Text(64).optional(),
  minDiskGiB: MinSize.optional(),
  minRamMiB: MinSize.optional(),
  properties: z.record(z.string().max(255), z.string().max(255)).optional(),
});

/** An import's result: the image, and notes for the user (min_disk raised to the virtual size). */
export const ImportedImageSchema = z.object({ image: ImageSchema, notes: z.array(z.string()).readonly() });

/** One image by id or name. */
export const ImageRefArgsSchema = z.strictObject({ ref: Text(255) });

/** What deleting an image did: live instances keep it on their hosts until none uses it. */
export const DeletedImageSchema = z.object({
  id: z.string(),
  name: z.string(),
  instances: z.number().int(),
  baseVolumes: z.array(
    z.object({
      hostId: z.string(),
      hostName: z.string(),
      volume: z.string(),
      result: z.enum(['removed', 'in-use', 'unreachable']),
      detail: z.string().optional(),
    }),
  ).readonly(),
});

/** A key pair (Nova's): the public key and its fingerprint; private keys are never kept. */
export const KeyPairSchema = z.object({
  name: z.string(),
  type: z.string(),
  publicKey: z.string(),
  fingerprint: z.string(),
  comment: z.string(),
  createdAt: z.string(),
});

/** What adding a key pair takes: a name, and an OpenSSH public key line (absent: generate an ed25519 key pair). */
export const AddKeyPairArgsSchema = z.strictObject({ name: Text(255), publicKey: Text(16_384).optional() });

/** A key pair just added; `privateKey` only when it was generated (shown once, not kept anywhere). */
export const AddedKeyPairSchema = z.object({ keyPair: KeyPairSchema, privateKey: z.string().nullable() });

/** One key pair by name. */
export const KeyPairRefArgsSchema = z.strictObject({ name: Text(255) });

/** One host by name or id. */
export const HostRefArgsSchema = z.strictObject({ host: Text(255) });

/** A libvirt network of a host. */
export const NetworkSchema = z.object({
  name: z.string(),
  uuid: z.string(),
  active: z.boolean(),
  bridge: z.string().nullable(),
  forwardMode: z.string().nullable(),
});

/** A storage pool of a host (sizes in bytes). */
export const StoragePoolSchema = z.object({
  name: z.string(),
  uuid: z.string(),
  state: z.string(),
  active: z.boolean(),
  type: z.string().nullable(),
  path: z.string().nullable(),
  capacityBytes: z.number(),
  allocationBytes: z.number(),
  availableBytes: z.number(),
});

/** A host's networks (or pools), and which one instances get when the request names none. */
export const HostNetworksSchema = z.object({ hostId: z.string(), hostName: z.string(), networks: z.array(NetworkSchema), defaultNetwork: z.string().nullable() });
/** A host's storage pools, and which one instances' disks and base images go to. */
export const HostPoolsSchema = z.object({ hostId: z.string(), hostName: z.string(), pools: z.array(StoragePoolSchema), defaultPool: z.string().nullable() });

/** Progress of a running activity: bytes (uploads, imports) or steps (creates, bulk actions). */
export const ActivityProgressSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bytes'), bytes: z.number(), total: z.number().nullable(), rate: z.number(), etaSeconds: z.number().nullable() }),
  z.object({ kind: z.literal('steps'), step: z.number(), of: z.number() }),
]);

/** A running or recent activity (what the app is busy with). */
export const ActivitySchema = z.object({
  id: z.string(),
  kind: z.enum(['create', 'upload', 'import', 'bulk', 'action', 'delete']),
  title: z.string(),
  refs: z.object({ instanceUuid: z.string().optional(), imageId: z.string().optional(), hostId: z.string().optional() }),
  state: z.enum(['running', 'succeeded', 'failed']),
  progress: ActivityProgressSchema.nullable(),
  message: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** Activities that changed (started, progressed, finished) and ids dropped from the recent history. */
export const ActivityChangedSchema = z.object({ changed: z.array(ActivitySchema), removed: z.array(z.string()) });

/** An image as listed. */
export type Image = z.output<typeof ImageSchema>;
/** A key pair as listed. */
export type KeyPair = z.output<typeof KeyPairSchema>;
/** A host's libvirt network. */
export type HostNetwork = z.output<typeof NetworkSchema>;
/** A host's storage pool. */
export type StoragePool = z.output<typeof StoragePoolSchema>;
/** A running or recent activity. */
export type ActivityItem = z.output<typeof ActivitySchema>;
/** The `activity.changed` payload. */
export type ActivityChanged = z.output<typeof ActivityChangedSchema>;
