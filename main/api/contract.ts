// The typed contract between the renderer and main: every channel with the zod schemas of its arguments and
// result, every event with the schema of its payload, and the envelopes both transports (Electron IPC and the
// web mode WebSocket) carry. Main validates with these schemas at runtime; the renderer imports this file with
// `import type` only, so it must stay free of Node imports (renderer/tsconfig.json includes it).
//
// Adding a channel: add its name to channels.ts, its schemas here, its handler in main/app/handlers.ts.
// The preload, the IPC registration and the WebSocket endpoint pick it up from these lists.
import { z } from 'zod';
import type { ChannelName, EventName } from './channels';

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

/** One request/response channel: a query reads, a command changes something. */
export interface ChannelSpec<Args extends z.ZodType = z.ZodType, Result extends z.ZodType = z.ZodType> {
  readonly kind: 'query' | 'command';
  readonly args: Args;
  readonly result: Result;
}

/** A contract: channel name → spec. The service facade, IPC and WebSocket layers are generic over it. */
export type ContractShape = { readonly [channel: string]: ChannelSpec };

/** Events: event name → payload schema. */
export type EventsShape = { readonly [event: string]: z.ZodType };

function query<Args extends z.ZodType, Result extends z.ZodType>(args: Args, result: Result): ChannelSpec<Args, Result> {
  return { kind: 'query', args, result };
}

function command<Args extends z.ZodType, Result extends z.ZodType>(args: Args, result: Result): ChannelSpec<Args, Result> {
  return { kind: 'command', args, result };
}

/** Arguments of a channel that takes none: `{}` and nothing else, so a typo'd option is an error, not ignored. */
const NoArgs = z.strictObject({});

// ---------------------------------------------------------------------------------------------------------------
// Payloads

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

/** A flavor as the UI lists it (Nova units: MiB of RAM and swap, GiB of disk). */
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
});

/** A project (tenant) as the UI lists it. */
export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
});

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

/** A host just added: the row plus what the user should know about reaching it (ssh_config settings ignored, `no_verify=1`). */
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
});

/** A name, URI or reference the user typed: bounded so a pasted novel is refused, not stored. */
const Text = (max: number) => z.string().trim().min(1).max(max);

/** What adding a host takes. */
export const AddHostArgsSchema = z.strictObject({
  name: Text(63),
  uri: Text(2048),
  availabilityZone: Text(255).optional(),
  keyFile: Text(4096).optional(),
  knownHostsFile: Text(4096).optional(),
});

/** Which instances to list. */
export const ListInstancesArgsSchema = z.strictObject({
  host: Text(255).optional(),
  project: Text(255).optional(),
  includeDeleted: z.boolean().optional(),
});

/** Batched inventory changes pushed to the UI (the change feed). */
export const InventoryChangedSchema = z.object({
  instances: z.array(InstanceSchema),
  hosts: z.array(HostSchema),
  removedHosts: z.array(z.string()),
});

// ---------------------------------------------------------------------------------------------------------------
// The contract

/** Every channel of the contract. */
export const contract = {
  'app.info': query(NoArgs, AppInfoSchema),
  'flavors.list': query(NoArgs, z.array(FlavorSchema)),
  'projects.list': query(NoArgs, z.array(ProjectSchema)),
  'hosts.list': query(NoArgs, z.array(HostSchema)),
  'hosts.add': command(AddHostArgsSchema, AddedHostSchema),
  'hosts.remove': command(z.strictObject({ ref: Text(255), force: z.boolean().optional() }), z.object({ removed: z.string(), instancesDeleted: z.number().int() })),
  'instances.list': query(ListInstancesArgsSchema, z.array(InstanceSchema)),
  'instances.show': query(z.strictObject({ ref: Text(255) }), InstanceSchema),
} as const satisfies Record<ChannelName, ChannelSpec>;

/** Every event of the contract. */
export const events = {
  'inventory.changed': InventoryChangedSchema,
} as const satisfies Record<EventName, z.ZodType>;

/** The contract's type. */
export type Contract = typeof contract;
/** The events' type. */
export type Events = typeof events;

// channels.ts and the maps above must name the same channels and events (the preload exposes channels.ts's list).
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _channelListsAgree: SameKeys<keyof Contract, ChannelName> = true;
const _eventListsAgree: SameKeys<keyof Events, EventName> = true;

/** A channel name. */
export type Channel = keyof Contract & string;
/** What a channel takes (before validation). */
export type ArgsOf<C extends Channel> = z.input<Contract[C]['args']>;
/** What a channel returns (after validation). */
export type ResultOf<C extends Channel> = z.output<Contract[C]['result']>;
/** An event name. */
export type ContractEvent = keyof Events & string;
/** An event's payload. */
export type EventPayload<E extends ContractEvent> = z.output<Events[E]>;

/** What `app.info` returns. */
export type AppInfo = z.output<typeof AppInfoSchema>;
/** The UI's mode. */
export type AppMode = z.output<typeof AppModeSchema>;
/** A flavor row. */
export type Flavor = z.output<typeof FlavorSchema>;
/** A project row. */
export type Project = z.output<typeof ProjectSchema>;
/** A host row with usage. */
export type Host = z.output<typeof HostSchema>;
/** An instance row. */
export type Instance = z.output<typeof InstanceSchema>;
/** A batch of inventory changes. */
export type InventoryChanged = z.output<typeof InventoryChangedSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Results and errors: every call resolves to one of these; errors are data, never thrown across the boundary.

/** Error codes a call can fail with; each comes with a message fit to show to the user. */
export const ERROR_CODES = [
  /** The arguments failed the channel's schema. */
  'invalid_args',
  /** No such channel. */
  'unknown_channel',
  /** The sender is not the app (wrong frame origin, missing session secret). */
  'forbidden',
  /** Too many calls too fast on one connection. */
  'rate_limited',
  /** The transport is down (web mode reconnecting). */
  'disconnected',
  /** A dependency of the call is not available (e.g. the inventory database cannot be opened). */
  'unavailable',
  'not_found',
  'already_exists',
  /** A state guard refused the action (Nova's 409). */
  'conflict',
  'in_use',
  /** The input passed the schema but not the domain rules. */
  'invalid_input',
  /** A bug: the handler failed unexpectedly or returned data that breaks the contract. */
  'internal',
] as const;

/** An error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failed call, as the renderer sees it: a code and a message, never a stack. */
export const ErrorInfoSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

/** A failed call. */
export type ErrorInfo = z.output<typeof ErrorInfoSchema>;

/** The outcome of a call. */
export type CallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

// ---------------------------------------------------------------------------------------------------------------
// Electron: what the preload exposes as `window.virtDeck` (named functions, never ipcRenderer itself).

/** The preload bridge: one function per channel and one subscribe function per event. */
export interface VirtDeckBridge {
  readonly mode: 'electron';
  readonly calls: { readonly [C in Channel]: (args: ArgsOf<C>) => Promise<CallResult<ResultOf<C>>> };
  /** Each returns a function that unsubscribes. */
  readonly events: { readonly [E in ContractEvent]: (listener: (payload: EventPayload<E>) => void) => () => void };
}

// ---------------------------------------------------------------------------------------------------------------
// Web mode: messages on the contract WebSocket (`/api`). JSON text frames only.

/** Version of the WebSocket protocol below; bumped on incompatible changes. */
export const WIRE_PROTOCOL_VERSION = 1;

/** The first message a client sends: the session secret from the URL fragment. */
export const HelloMessageSchema = z.strictObject({
  type: z.literal('hello'),
  protocol: z.literal(WIRE_PROTOCOL_VERSION),
  secret: z.string().max(256),
});

/** A call. `id` is the client's, echoed in the result. */
export const CallMessageSchema = z.strictObject({
  type: z.literal('call'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(128),
  args: z.unknown(),
});

/** Any message a client may send. */
export const ClientMessageSchema = z.discriminatedUnion('type', [HelloMessageSchema, CallMessageSchema]);

/** A message from a client. */
export type ClientMessage = z.output<typeof ClientMessageSchema>;

/** Messages the server sends. */
export type ServerMessage =
  | { readonly type: 'welcome'; readonly protocol: typeof WIRE_PROTOCOL_VERSION }
  | { readonly type: 'result'; readonly id: number; readonly result: CallResult<unknown> }
  | { readonly type: 'event'; readonly event: string; readonly payload: unknown };

/** Close codes of the contract WebSocket; the close reason carries the human explanation. */
export const WS_CLOSE = {
  /** The server is shutting down (standard "going away"). */
  GOING_AWAY: 1001,
  /** A message broke the protocol (not JSON, unknown type, binary frame). */
  POLICY_VIOLATION: 1008,
  /** A message exceeded the size limit (standard "message too big"). */
  TOO_BIG: 1009,
  /** Too many connections; try again later (standard). */
  TRY_AGAIN_LATER: 1013,
  /** The session secret was missing or wrong: reconnecting will not help. */
  BAD_SECRET: 4401,
  /** The page's Origin is not this server: reconnecting will not help. */
  BAD_ORIGIN: 4403,
  /** No hello within the time limit. */
  HELLO_TIMEOUT: 4408,
} as const;
