import * as connectApi from './connect';
import * as domainApi from './domain';
import * as migrateApi from './domain-migrate';
import * as statsApi from './domain-stats';
import { ConnectionClosedError } from './errors';
import * as eventsApi from './events';
import * as networkApi from './network';
import type { ProcOptions } from './procedure-support';
import type { RpcChannel } from './rpc/channel';
import type { LibvirtRpcClient, SessionInfo } from './rpc/client';
import { openConnection, type OpenConnectionOptions } from './rpc/handshake';
import * as snapshotApi from './snapshot';
import * as storageApi from './storage';
import { dialerForUri, type DialerForUriOptions } from './transport/dialer-for-uri';

/**
 * The facade: `connectLibvirt(uri)` dials the transport the URI names, runs the handshake with the
 * driver URI, and returns a `LibvirtConnection` whose namespaces are the procedure modules with
 * the channel already applied (`conn.domains.getInfo(dom)` = `domainGetInfo(conn.channel, dom)`).
 */

/** Options of `connectLibvirt`: transport options plus RPC client and handshake options. */
export interface ConnectLibvirtOptions
  extends DialerForUriOptions,
    Omit<OpenConnectionOptions, 'driverUri' | 'readOnly' | 'signal' | 'log'> {
  /** Abandons dialing and the handshake. */
  readonly signal?: AbortSignal;
  /** RPC debug log hook. */
  readonly log?: OpenConnectionOptions['log'];
}

// The procedure functions take the channel first; the facade applies it once.
type Bound<T> = {
  readonly [K in keyof T]: T[K] extends (ch: RpcChannel, ...args: infer A) => infer R ? (...args: A) => R : never;
};

type Procedures = Record<string, (ch: RpcChannel, ...args: never[]) => unknown>;

function bind<T extends Procedures>(ch: RpcChannel, api: T): Bound<T> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api)) bound[name] = (...args: never[]) => fn(ch, ...args);
  return bound as Bound<T>;
}

const hostProcedures = {
  getType: connectApi.connectGetType,
  getVersion: connectApi.connectGetVersion,
  getLibVersion: connectApi.connectGetLibVersion,
  getHostname: connectApi.connectGetHostname,
  getCapabilities: connectApi.connectGetCapabilities,
  getDomainCapabilities: connectApi.connectGetDomainCapabilities,
  getUri: connectApi.connectGetUri,
  isSecure: connectApi.connectIsSecure,
  supportsFeature: connectApi.connectSupportsFeature,
  getNodeInfo: connectApi.nodeGetInfo,
  getFreeMemory: connectApi.nodeGetFreeMemory,
  getFacts: connectApi.connectGetFacts,
};

const domainProcedures = {
  listAll: domainApi.connectListAllDomains,
  lookupById: domainApi.domainLookupById,
  lookupByName: domainApi.domainLookupByName,
  lookupByUuid: domainApi.domainLookupByUuid,
  getXmlDesc: domainApi.domainGetXmlDesc,
  define: domainApi.domainDefineXml,
  undefine: domainApi.domainUndefine,
  create: domainApi.domainCreate,
  shutdown: domainApi.domainShutdown,
  reboot: domainApi.domainReboot,
  reset: domainApi.domainReset,
  destroy: domainApi.domainDestroy,
  suspend: domainApi.domainSuspend,
  resume: domainApi.domainResume,
  managedSave: domainApi.domainManagedSave,
  hasManagedSaveImage: domainApi.domainHasManagedSaveImage,
  managedSaveRemove: domainApi.domainManagedSaveRemove,
  getState: domainApi.domainGetState,
  getInfo: domainApi.domainGetInfo,
  getAutostart: domainApi.domainGetAutostart,
  setAutostart: domainApi.domainSetAutostart,
  attachDevice: domainApi.domainAttachDevice,
  detachDevice: domainApi.domainDetachDevice,
  updateDevice: domainApi.domainUpdateDevice,
  setVcpus: domainApi.domainSetVcpus,
  setMemory: domainApi.domainSetMemory,
  sendKey: domainApi.domainSendKey,
  interfaceAddresses: domainApi.domainInterfaceAddresses,
  screenshot: domainApi.domainScreenshot,
  openConsole: domainApi.domainOpenConsole,
  getAllStats: statsApi.connectGetAllDomainStats,
  memoryStats: statsApi.domainMemoryStats,
  getBlockInfo: statsApi.domainGetBlockInfo,
  getJobInfo: statsApi.domainGetJobInfo,
  getJobStats: statsApi.domainGetJobStats,
  abortJob: statsApi.domainAbortJob,
  migratePerform3Params: migrateApi.domainMigratePerform3Params,
  migratePeerToPeer: migrateApi.domainMigratePeerToPeer,
};

const snapshotProcedures = {
  create: snapshotApi.domainSnapshotCreateXml,
  listAll: snapshotApi.domainListAllSnapshots,
  lookupByName: snapshotApi.domainSnapshotLookupByName,
  current: snapshotApi.domainSnapshotCurrent,
  getXmlDesc: snapshotApi.domainSnapshotGetXmlDesc,
  revert: snapshotApi.domainRevertToSnapshot,
  delete: snapshotApi.domainSnapshotDelete,
};

const storageProcedures = {
  listPools: storageApi.connectListAllStoragePools,
  lookupPoolByName: storageApi.storagePoolLookupByName,
  getPoolInfo: storageApi.storagePoolGetInfo,
  getPoolXmlDesc: storageApi.storagePoolGetXmlDesc,
  definePool: storageApi.storagePoolDefineXml,
  createPoolXml: storageApi.storagePoolCreateXml,
  createPool: storageApi.storagePoolCreate,
  destroyPool: storageApi.storagePoolDestroy,
  undefinePool: storageApi.storagePoolUndefine,
  refreshPool: storageApi.storagePoolRefresh,
  listVolumes: storageApi.storagePoolListAllVolumes,
  lookupVolByName: storageApi.storageVolLookupByName,
  createVolXml: storageApi.storageVolCreateXml,
  createVolXmlFrom: storageApi.storageVolCreateXmlFrom,
  lookupVolByPath: storageApi.storageVolLookupByPath,
  deleteVol: storageApi.storageVolDelete,
  getVolInfo: storageApi.storageVolGetInfo,
  getVolXmlDesc: storageApi.storageVolGetXmlDesc,
  getVolPath: storageApi.storageVolGetPath,
  resizeVol: storageApi.storageVolResize,
  uploadVol: storageApi.storageVolUpload,
  downloadVol: storageApi.storageVolDownload,
  uploadToVolume: storageApi.uploadToVolume,
  uploadFileToVolume: storageApi.uploadFileToVolume,
  downloadFromVolume: storageApi.downloadFromVolume,
};

const networkProcedures = {
  listAll: networkApi.connectListAllNetworks,
  lookupByName: networkApi.networkLookupByName,
  getXmlDesc: networkApi.networkGetXmlDesc,
  define: networkApi.networkDefineXml,
  createXml: networkApi.networkCreateXml,
  undefine: networkApi.networkUndefine,
  create: networkApi.networkCreate,
  destroy: networkApi.networkDestroy,
  getDhcpLeases: networkApi.networkGetDhcpLeases,
};

/** Event subscriptions on this connection (generic over the domain event id). */
export interface ConnectionEvents {
  domain<I extends keyof eventsApi.DomainEventMap>(options: eventsApi.DomainEventOptions<I>): Promise<eventsApi.EventSubscription<eventsApi.DomainEventMap[I]>>;
  domainLifecycle(
    options?: Omit<eventsApi.DomainEventOptions<0>, 'eventId'>,
  ): Promise<eventsApi.EventSubscription<eventsApi.DomainLifecycleEvent>>;
  networkLifecycle(options?: eventsApi.NetworkEventOptions): Promise<eventsApi.EventSubscription<eventsApi.NetworkLifecycleEventMessage>>;
  storagePool(options?: eventsApi.StoragePoolEventOptions): Promise<eventsApi.EventSubscription<eventsApi.StoragePoolEventMessage>>;
}

/** An open libvirt connection. */
export interface LibvirtConnection {
  /** The URI as the user gave it. */
  readonly uri: string;
  /** The URI sent in CONNECT_OPEN (e.g. `test:///default`). */
  readonly driverUri: string;
  /** Human-readable transport, e.g. "unix /run/libvirt/libvirt-sock" or "ssh root@h:22 → …". */
  readonly transport: string;
  /** The channel every procedure function takes first. */
  readonly channel: RpcChannel;
  /** The RPC client itself (diagnostics, `inFlight`, `onClose`). */
  readonly client: LibvirtRpcClient;
  /** What the handshake learned (features, read-only, auth). */
  readonly session: SessionInfo;
  /** Settles once, with the reason, when the connection closes for any reason (never rejects). */
  readonly closed: Promise<ConnectionClosedError>;
  readonly host: Bound<typeof hostProcedures>;
  readonly domains: Bound<typeof domainProcedures>;
  readonly snapshots: Bound<typeof snapshotProcedures>;
  readonly storage: Bound<typeof storageProcedures>;
  readonly networks: Bound<typeof networkProcedures>;
  readonly events: ConnectionEvents;
  /** Type, versions, hostname, URI and node info in one pipelined burst. */
  facts(options?: ProcOptions): Promise<connectApi.ConnectionFacts>;
  /** Orderly close (CONNECT_CLOSE, then the transport). Event subscriptions end. Never throws. */
  close(): Promise<void>;
}

/**
 * Connect to libvirt at `uri` (`qemu:///system`, `test+unix:///default?socket=…`,
 * `qemu+ssh://user@host/system?keyfile=…`, …) and open the driver.
 */
export async function connectLibvirt(uri: string, options: ConnectLibvirtOptions = {}): Promise<LibvirtConnection> {
  const { dialer, driverUri } = dialerForUri(uri, options);
  let client: LibvirtRpcClient;
  try {
    const stream = await dialer.dial(options.signal);
    client = await openConnection(stream, { ...options, driverUri, readOnly: options.readOnly });
  } catch (error) {
    await dialer.close?.().catch(() => undefined);
    throw error;
  }
  const session = client.session;
  if (session === null) throw new Error('the RPC handshake finished without session information');
  const closed = client.closed.then(async (reason) => {
    // Subscribers learn why their events stopped; the dialer releases what it shares (SSH).
    eventsApi.endEventSubscriptions(client, reason);
    await dialer.close?.().catch(() => undefined);
    return reason;
  });
  const ch: RpcChannel = client;
  return {
    uri,
    driverUri,
    transport: dialer.describe(),
    channel: ch,
    client,
    session,
    closed,
    host: bind(ch, hostProcedures),
    domains: bind(ch, domainProcedures),
    snapshots: bind(ch, snapshotProcedures),
    storage: bind(ch, storageProcedures),
    networks: bind(ch, networkProcedures),
    events: {
      domain: (o) => eventsApi.subscribeDomainEvents(ch, o),
      domainLifecycle: (o) => eventsApi.subscribeDomainLifecycle(ch, o),
      networkLifecycle: (o) => eventsApi.subscribeNetworkLifecycle(ch, o),
      storagePool: (o) => eventsApi.subscribeStoragePoolEvents(ch, o),
    },
    facts: (o) => connectApi.connectGetFacts(ch, o),
    close: async () => {
      await client.close();
      await closed;
    },
  };
}

/** Whether an error means the connection is gone (as opposed to one call failing). */
export function isConnectionClosed(error: unknown): error is ConnectionClosedError {
  return error instanceof ConnectionClosedError;
}
