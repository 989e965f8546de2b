/**
 * What the generator reads and what it emits: the pinned libvirt source, the procedures whose
 * codecs we use, the C enums we name, and the few wire types whose TypeScript form is a choice of
 * ours (UUIDs as text, typed parameters as records). Everything else follows from libvirt's files.
 */

/** The libvirt release the lab runs (Debian 12), as Debian ships its upstream tarball. */
export const PINNED_SOURCE = {
  /** Source package name for `apt-get source`. */
  package: 'libvirt',
  /** Debian suite whose source index carries this release. */
  suite: 'bookworm',
  version: '9.0.0',
  /** The upstream tarball inside the source package (Debian's patches do not touch the files we read). */
  tarball: 'libvirt_9.0.0.orig.tar.xz',
  tarballSha256: 'deca5cff1b7baac297bca9663907c61f71a47183371dc7ac019c107806d5435a',
  /** Top directory inside the tarball. */
  topDir: 'libvirt-9.0.0',
} as const;

/** The `.x` protocol files, relative to the source tree, with the prefix stripped from their type names. */
export const XDR_FILES = {
  remote: { path: 'src/remote/remote_protocol.x', typePrefix: 'remote_', procPrefix: 'REMOTE_PROC_' },
  virnet: { path: 'src/rpc/virnetprotocol.x', typePrefix: 'virNet', procPrefix: '' },
  keepalive: { path: 'src/rpc/virkeepaliveprotocol.x', typePrefix: 'keepalive_', procPrefix: 'KEEPALIVE_PROC_' },
  qemu: { path: 'src/remote/qemu_protocol.x', typePrefix: 'qemu_', procPrefix: 'QEMU_PROC_' },
  lxc: { path: 'src/remote/lxc_protocol.x', typePrefix: 'lxc_', procPrefix: 'LXC_PROC_' },
} as const;

/** The C headers whose enums and macros we read (public API plus the driver-feature enum). */
export const HEADER_FILES: readonly string[] = [
  'include/libvirt/libvirt-common.h.in',
  'include/libvirt/libvirt-host.h',
  'include/libvirt/libvirt-domain.h',
  'include/libvirt/libvirt-domain-snapshot.h',
  'include/libvirt/libvirt-network.h',
  'include/libvirt/libvirt-storage.h',
  'include/libvirt/virterror.h',
  'src/libvirt_internal.h',
];

/** Every file the generator reads, relative to the source tree. */
export const SOURCE_FILES: readonly string[] = [...Object.values(XDR_FILES).map((f) => f.path), ...HEADER_FILES];

/**
 * Remote procedures (without `REMOTE_PROC_`) whose argument/reply codecs and procedure specs are
 * generated. The procedure number table always covers all of them; codecs only what we call,
 * which keeps the bundle and type-checking small.
 */
export const REMOTE_PROCEDURES: readonly string[] = [
  // Handshake and connection.
  'AUTH_LIST',
  'AUTH_POLKIT',
  'CONNECT_OPEN',
  'CONNECT_CLOSE',
  'CONNECT_GET_URI',
  'CONNECT_SUPPORTS_FEATURE',
  'CONNECT_REGISTER_CLOSE_CALLBACK',
  'CONNECT_UNREGISTER_CLOSE_CALLBACK',
  'CONNECT_GET_TYPE',
  'CONNECT_GET_VERSION',
  'CONNECT_GET_LIB_VERSION',
  'CONNECT_GET_HOSTNAME',
  'CONNECT_GET_CAPABILITIES',
  'CONNECT_GET_DOMAIN_CAPABILITIES',
  'CONNECT_IS_SECURE',
  'NODE_GET_INFO',
  'NODE_GET_FREE_MEMORY',
  // Domains.
  'CONNECT_LIST_ALL_DOMAINS',
  'DOMAIN_LOOKUP_BY_ID',
  'DOMAIN_LOOKUP_BY_NAME',
  'DOMAIN_LOOKUP_BY_UUID',
  'DOMAIN_GET_XML_DESC',
  'DOMAIN_DEFINE_XML_FLAGS',
  'DOMAIN_UNDEFINE_FLAGS',
  'DOMAIN_CREATE_WITH_FLAGS',
  'DOMAIN_SHUTDOWN_FLAGS',
  'DOMAIN_REBOOT',
  'DOMAIN_RESET',
  'DOMAIN_DESTROY_FLAGS',
  'DOMAIN_SUSPEND',
  'DOMAIN_RESUME',
  'DOMAIN_MANAGED_SAVE',
  'DOMAIN_HAS_MANAGED_SAVE_IMAGE',
  'DOMAIN_MANAGED_SAVE_REMOVE',
  'DOMAIN_GET_STATE',
  'DOMAIN_GET_INFO',
  'DOMAIN_GET_AUTOSTART',
  'DOMAIN_SET_AUTOSTART',
  'DOMAIN_ATTACH_DEVICE_FLAGS',
  'DOMAIN_DETACH_DEVICE_FLAGS',
  'DOMAIN_UPDATE_DEVICE_FLAGS',
  'DOMAIN_SET_VCPUS_FLAGS',
  'DOMAIN_SET_MEMORY_FLAGS',
  'DOMAIN_SEND_KEY',
  'DOMAIN_INTERFACE_ADDRESSES',
  'DOMAIN_SCREENSHOT',
  'DOMAIN_OPEN_CONSOLE',
  'CONNECT_GET_ALL_DOMAIN_STATS',
  'DOMAIN_MEMORY_STATS',
  'DOMAIN_GET_BLOCK_INFO',
  'DOMAIN_GET_JOB_INFO',
  'DOMAIN_GET_JOB_STATS',
  'DOMAIN_ABORT_JOB',
  'DOMAIN_MIGRATE_PERFORM3_PARAMS',
  // Snapshots.
  'DOMAIN_SNAPSHOT_CREATE_XML',
  'DOMAIN_LIST_ALL_SNAPSHOTS',
  'DOMAIN_SNAPSHOT_LOOKUP_BY_NAME',
  'DOMAIN_SNAPSHOT_CURRENT',
  'DOMAIN_SNAPSHOT_GET_XML_DESC',
  'DOMAIN_REVERT_TO_SNAPSHOT',
  'DOMAIN_SNAPSHOT_DELETE',
  // Storage.
  'CONNECT_LIST_ALL_STORAGE_POOLS',
  'STORAGE_POOL_LOOKUP_BY_NAME',
  'STORAGE_POOL_GET_INFO',
  'STORAGE_POOL_GET_XML_DESC',
  'STORAGE_POOL_DEFINE_XML',
  'STORAGE_POOL_CREATE_XML',
  'STORAGE_POOL_CREATE',
  'STORAGE_POOL_DESTROY',
  'STORAGE_POOL_UNDEFINE',
  'STORAGE_POOL_REFRESH',
  'STORAGE_POOL_LIST_ALL_VOLUMES',
  'STORAGE_VOL_LOOKUP_BY_NAME',
  'STORAGE_VOL_CREATE_XML',
  'STORAGE_VOL_CREATE_XML_FROM',
  'STORAGE_VOL_LOOKUP_BY_PATH',
  'STORAGE_VOL_DELETE',
  'STORAGE_VOL_GET_INFO',
  'STORAGE_VOL_GET_XML_DESC',
  'STORAGE_VOL_GET_PATH',
  'STORAGE_VOL_RESIZE',
  'STORAGE_VOL_UPLOAD',
  'STORAGE_VOL_DOWNLOAD',
  // Networks.
  'CONNECT_LIST_ALL_NETWORKS',
  'NETWORK_LOOKUP_BY_NAME',
  'NETWORK_GET_XML_DESC',
  'NETWORK_DEFINE_XML',
  'NETWORK_CREATE_XML',
  'NETWORK_UNDEFINE',
  'NETWORK_CREATE',
  'NETWORK_DESTROY',
  'NETWORK_GET_DHCP_LEASES',
  // Event registration.
  'CONNECT_DOMAIN_EVENT_REGISTER_ANY',
  'CONNECT_DOMAIN_EVENT_DEREGISTER_ANY',
  'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY',
  'CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY',
  'CONNECT_NETWORK_EVENT_REGISTER_ANY',
  'CONNECT_NETWORK_EVENT_DEREGISTER_ANY',
  'CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY',
  'CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY',
  // Event messages (server → client): generated as event specs with payload decoders.
  'DOMAIN_EVENT_LIFECYCLE',
  'DOMAIN_EVENT_REBOOT',
  'DOMAIN_EVENT_CALLBACK_LIFECYCLE',
  'DOMAIN_EVENT_CALLBACK_REBOOT',
  'DOMAIN_EVENT_CALLBACK_RTC_CHANGE',
  'DOMAIN_EVENT_CALLBACK_WATCHDOG',
  'DOMAIN_EVENT_CALLBACK_IO_ERROR',
  'DOMAIN_EVENT_CALLBACK_GRAPHICS',
  'DOMAIN_EVENT_CALLBACK_IO_ERROR_REASON',
  'DOMAIN_EVENT_CALLBACK_CONTROL_ERROR',
  'DOMAIN_EVENT_CALLBACK_BLOCK_JOB',
  'DOMAIN_EVENT_CALLBACK_DISK_CHANGE',
  'DOMAIN_EVENT_CALLBACK_TRAY_CHANGE',
  'DOMAIN_EVENT_CALLBACK_PMWAKEUP',
  'DOMAIN_EVENT_CALLBACK_PMSUSPEND',
  'DOMAIN_EVENT_CALLBACK_BALLOON_CHANGE',
  'DOMAIN_EVENT_CALLBACK_PMSUSPEND_DISK',
  'DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED',
  'DOMAIN_EVENT_BLOCK_JOB_2',
  'DOMAIN_EVENT_CALLBACK_TUNABLE',
  'DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE',
  'DOMAIN_EVENT_CALLBACK_DEVICE_ADDED',
  'DOMAIN_EVENT_CALLBACK_MIGRATION_ITERATION',
  'DOMAIN_EVENT_CALLBACK_JOB_COMPLETED',
  'DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED',
  'DOMAIN_EVENT_CALLBACK_METADATA_CHANGE',
  'DOMAIN_EVENT_BLOCK_THRESHOLD',
  'NETWORK_EVENT_LIFECYCLE',
  'STORAGE_POOL_EVENT_LIFECYCLE',
  'STORAGE_POOL_EVENT_REFRESH',
  'CONNECT_EVENT_CONNECTION_CLOSED',
];

/** Wire types generated even though no selected procedure uses them (object records callers may encode). */
export const EXTRA_REMOTE_TYPES: readonly string[] = [
  'remote_nonnull_interface',
  'remote_nonnull_nwfilter',
  'remote_nonnull_node_device',
  'remote_nonnull_secret',
];

/** Types of virnetprotocol.x whose codecs the RPC core uses. */
export const VIRNET_TYPES: readonly string[] = ['virNetMessageError'];

/**
 * A wire type whose TypeScript form is hand-written. `decode`/`encode` are expressions over `r`
 * (an XdrReader) and `w` (an XdrWriter) with `$` for the value; `minBytes` is its smallest size.
 */
export interface TypeOverride {
  readonly decodeType: string;
  readonly encodeType: string;
  readonly decode: string;
  readonly encode: string;
  readonly minBytes: number;
  /** Imports the expressions and types need: module (relative to the generated file) → names. */
  readonly imports: Readonly<Record<string, readonly string[]>>;
  readonly typeImports: Readonly<Record<string, readonly string[]>>;
}

/**
 * Types whose TypeScript form is ours: UUIDs travel as 16 bytes but every caller compares, logs
 * and stores canonical text (decoded through a verified cache, the hot path of every listing).
 */
export const TYPE_OVERRIDES: Readonly<Record<string, TypeOverride>> = {
  remote_uuid: {
    decodeType: 'string',
    encodeType: 'string',
    decode: 'decodeUuid(r)',
    encode: 'encodeUuid(w, $)',
    minBytes: 16,
    imports: { '../uuid': ['decodeUuid', 'encodeUuid'] },
    typeImports: {},
  },
};

/**
 * Variable arrays whose TypeScript form is ours: typed parameters are decoded straight into a
 * `field → value` record (the bulk-stats hot path) and sent from tagged values that state their
 * wire type (typed-params.ts).
 */
export const ARRAY_OVERRIDES: Readonly<Record<string, TypeOverride>> = {
  remote_typed_param: {
    decodeType: 'TypedParamRecord',
    encodeType: 'readonly TypedParam[]',
    decode: 'decodeTypedParamRecord(r)',
    encode: 'encodeTypedParams(w, $)',
    minBytes: 4,
    imports: { '../typed-params': ['decodeTypedParamRecord', 'encodeTypedParams'] },
    typeImports: { '../typed-params': ['TypedParam', 'TypedParamRecord'] },
  },
};

/** A C enum emitted as a name → value table. */
export interface EnumExport {
  /** The C typedef name. */
  readonly c: string;
  /** The TypeScript constant. */
  readonly ts: string;
  /** Prefix stripped from member names; members without it are left out. Default: the members' common prefix. */
  readonly prefix?: string;
  /** Also emit `<ts>Names`, a value → name table (for states and event kinds, not for flag bits). */
  readonly names?: boolean;
}

/** The C enums we name (public API headers plus `virDrvFeature`). */
export const HEADER_ENUMS: readonly EnumExport[] = [
  // Connection.
  { c: 'virConnectFlags', ts: 'ConnectFlags', prefix: 'VIR_CONNECT_' },
  { c: 'virConnectCloseReason', ts: 'CloseReason', names: true },
  { c: 'virDrvFeature', ts: 'ConnectFeature', names: true },
  { c: 'virTypedParameterType', ts: 'TypedParamType', names: true },
  { c: 'virTypedParameterFlags', ts: 'TypedParamFlags', prefix: 'VIR_TYPED_PARAM_' },
  // Errors.
  { c: 'virErrorNumber', ts: 'ErrorCode', prefix: 'VIR_ERR_', names: true },
  { c: 'virErrorDomain', ts: 'ErrorDomain', names: true },
  { c: 'virErrorLevel', ts: 'ErrorLevel', prefix: 'VIR_ERR_' },
  // Domains.
  { c: 'virDomainState', ts: 'DomainState', names: true },
  { c: 'virConnectListAllDomainsFlags', ts: 'ListDomainsFlags' },
  { c: 'virDomainXMLFlags', ts: 'DomainXmlFlags' },
  { c: 'virDomainDefineFlags', ts: 'DefineFlags' },
  { c: 'virDomainUndefineFlagsValues', ts: 'UndefineFlags' },
  { c: 'virDomainCreateFlags', ts: 'CreateFlags', prefix: 'VIR_DOMAIN_START_' },
  { c: 'virDomainShutdownFlagValues', ts: 'ShutdownFlags' },
  { c: 'virDomainDestroyFlagsValues', ts: 'DestroyFlags' },
  { c: 'virDomainModificationImpact', ts: 'ModificationImpact' },
  { c: 'virDomainVcpuFlags', ts: 'SetVcpusFlags' },
  { c: 'virDomainMemoryModFlags', ts: 'SetMemoryFlags' },
  { c: 'virDomainInterfaceAddressesSource', ts: 'InterfaceAddressesSource' },
  { c: 'virIPAddrType', ts: 'IpAddrType' },
  { c: 'virKeycodeSet', ts: 'KeycodeSet' },
  { c: 'virDomainConsoleFlags', ts: 'ConsoleFlags' },
  { c: 'virDomainStatsTypes', ts: 'StatsGroup' },
  { c: 'virConnectGetAllDomainStatsFlags', ts: 'StatsFlags' },
  { c: 'virDomainMemoryStatTags', ts: 'MemoryStatTag', names: true },
  { c: 'virDomainJobType', ts: 'JobType', names: true },
  { c: 'virDomainGetJobStatsFlags', ts: 'JobStatsFlags' },
  { c: 'virDomainMigrateFlags', ts: 'MigrateFlags' },
  // Snapshots.
  { c: 'virDomainSnapshotCreateFlags', ts: 'SnapshotCreateFlags' },
  { c: 'virDomainSnapshotListFlags', ts: 'SnapshotListFlags' },
  { c: 'virDomainSnapshotRevertFlags', ts: 'SnapshotRevertFlags' },
  { c: 'virDomainSnapshotDeleteFlags', ts: 'SnapshotDeleteFlags' },
  // Storage.
  { c: 'virStoragePoolState', ts: 'StoragePoolState', names: true },
  { c: 'virConnectListAllStoragePoolsFlags', ts: 'ListPoolsFlags' },
  { c: 'virStoragePoolCreateFlags', ts: 'PoolCreateFlags' },
  { c: 'virStorageVolType', ts: 'StorageVolType', names: true },
  { c: 'virStorageVolCreateFlags', ts: 'VolCreateFlags' },
  { c: 'virStorageVolDeleteFlags', ts: 'VolDeleteFlags' },
  { c: 'virStorageVolResizeFlags', ts: 'VolResizeFlags' },
  { c: 'virStorageVolUploadFlags', ts: 'VolUploadFlags', prefix: 'VIR_STORAGE_VOL_UPLOAD_' },
  { c: 'virStorageVolDownloadFlags', ts: 'VolDownloadFlags', prefix: 'VIR_STORAGE_VOL_DOWNLOAD_' },
  // Networks.
  { c: 'virConnectListAllNetworksFlags', ts: 'ListNetworksFlags' },
  { c: 'virNetworkXMLFlags', ts: 'NetworkXmlFlags' },
  // Events.
  { c: 'virDomainEventID', ts: 'DomainEventId', names: true },
  { c: 'virDomainEventType', ts: 'LifecycleEvent', names: true },
  { c: 'virDomainEventDefinedDetailType', ts: 'DefinedDetail', names: true },
  { c: 'virDomainEventUndefinedDetailType', ts: 'UndefinedDetail', names: true },
  { c: 'virDomainEventStartedDetailType', ts: 'StartedDetail', names: true },
  { c: 'virDomainEventSuspendedDetailType', ts: 'SuspendedDetail', names: true },
  { c: 'virDomainEventResumedDetailType', ts: 'ResumedDetail', names: true },
  { c: 'virDomainEventStoppedDetailType', ts: 'StoppedDetail', names: true },
  { c: 'virDomainEventShutdownDetailType', ts: 'ShutdownDetail', names: true },
  { c: 'virDomainEventPMSuspendedDetailType', ts: 'PMSuspendedDetail', names: true },
  { c: 'virDomainEventCrashedDetailType', ts: 'CrashedDetail', names: true },
  { c: 'virNetworkEventID', ts: 'NetworkEventId', prefix: 'VIR_NETWORK_EVENT_ID_', names: true },
  { c: 'virNetworkEventLifecycleType', ts: 'NetworkLifecycleEvent', names: true },
  { c: 'virStoragePoolEventID', ts: 'StoragePoolEventId', names: true },
  { c: 'virStoragePoolEventLifecycleType', ts: 'StoragePoolLifecycleEvent', names: true },
];

/** String macros emitted as name → value tables: `VIR_MIGRATE_PARAM_URI "migrate_uri"` → `MigrateParam.URI`. */
export const HEADER_STRING_MACROS: readonly { readonly prefix: string; readonly ts: string }[] = [{ prefix: 'VIR_MIGRATE_PARAM_', ts: 'MigrateParam' }];

/** Integer macros emitted as constants (name without `VIR_`). */
export const HEADER_INTEGER_MACROS: readonly string[] = ['VIR_UUID_BUFLEN', 'VIR_TYPED_PARAM_FIELD_LENGTH', 'VIR_DOMAIN_MEMORY_STAT_NR'];
