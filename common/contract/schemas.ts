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
