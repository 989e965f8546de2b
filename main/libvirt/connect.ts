import { Proc } from './procedures';
import { call, encodeOptionalString, readBool, readInt, readString, readUhyper, type ProcOptions } from './procedure-support';
import type { RpcChannel } from './rpc/channel';
import type { XdrReader } from './xdr';

/** Connection-level facts: driver type, versions, host name, capabilities, node info, features. */

/** Feature ids for `CONNECT_SUPPORTS_FEATURE` (libvirt-protocol.md §9). */
export const ConnectFeature = {
  MIGRATION_V1: 1,
  REMOTE: 2,
  MIGRATION_V2: 3,
  MIGRATION_P2P: 4,
  MIGRATION_DIRECT: 5,
  MIGRATION_V3: 6,
  MIGRATE_CHANGE_PROTECTION: 7,
  FD_PASSING: 8,
  TYPED_PARAM_STRING: 9,
  PROGRAM_KEEPALIVE: 10,
  XML_MIGRATABLE: 11,
  MIGRATION_OFFLINE: 12,
  MIGRATION_PARAMS: 13,
  REMOTE_EVENT_CALLBACK: 14,
  REMOTE_CLOSE_CALLBACK: 15,
} as const;

/** Host hardware as `NODE_GET_INFO` reports it. */
export interface NodeInfo {
  /** CPU model, e.g. "x86_64" (sent as 32 one-byte words, NUL-padded). */
  readonly model: string;
  /** Memory in KiB. */
  readonly memoryKiB: bigint;
  readonly cpus: number;
  readonly mhz: number;
  readonly nodes: number;
  readonly sockets: number;
  readonly cores: number;
  readonly threads: number;
}

/** A libvirt version number split into its parts (`major × 1 000 000 + minor × 1 000 + micro`). */
export interface VersionNumber {
  readonly raw: bigint;
  readonly major: number;
  readonly minor: number;
  readonly micro: number;
  /** "9.0.0" */
  readonly text: string;
}

/** Split a packed libvirt version number. */
export function splitVersion(raw: bigint): VersionNumber {
  const major = Number(raw / 1_000_000n);
  const minor = Number((raw / 1_000n) % 1_000n);
  const micro = Number(raw % 1_000n);
  return { raw, major, minor, micro, text: `${major}.${minor}.${micro}` };
}

/** Decode the `NODE_GET_INFO` reply; `model` is `char[32]`, i.e. 128 bytes on the wire. */
export function decodeNodeInfo(r: XdrReader): NodeInfo {
  const model = r.charWords(32);
  const memoryKiB = r.uhyper();
  const cpus = r.int();
  const mhz = r.int();
  const nodes = r.int();
  const sockets = r.int();
  const cores = r.int();
  const threads = r.int();
  return { model, memoryKiB, cpus, mhz, nodes, sockets, cores, threads };
}

/** Hypervisor driver name: "QEMU", "TEST", … */
export function connectGetType(ch: RpcChannel, options?: ProcOptions): Promise<string> {
  return call(ch, Proc.CONNECT_GET_TYPE, null, readString, options);
}

/** Hypervisor version (the test driver returns 2). */
export async function connectGetVersion(ch: RpcChannel, options?: ProcOptions): Promise<VersionNumber> {
  return splitVersion(await call(ch, Proc.CONNECT_GET_VERSION, null, readUhyper, options));
}

/** The daemon's libvirt version, e.g. 9.0.0. */
export async function connectGetLibVersion(ch: RpcChannel, options?: ProcOptions): Promise<VersionNumber> {
  return splitVersion(await call(ch, Proc.CONNECT_GET_LIB_VERSION, null, readUhyper, options));
}

/** The host's name as the daemon sees it. */
export function connectGetHostname(ch: RpcChannel, options?: ProcOptions): Promise<string> {
  return call(ch, Proc.CONNECT_GET_HOSTNAME, null, readString, options);
}

/** Capabilities XML. */
export function connectGetCapabilities(ch: RpcChannel, options?: ProcOptions): Promise<string> {
  return call(ch, Proc.CONNECT_GET_CAPABILITIES, null, readString, options);
}

/** Which emulator/arch/machine/virt type to describe; absent fields let the daemon choose. */
export interface DomainCapabilitiesQuery extends ProcOptions {
  readonly emulatorBin?: string | null;
  readonly arch?: string | null;
  readonly machine?: string | null;
  readonly virtType?: string | null;
  readonly flags?: number;
}

/** Domain capabilities XML for one emulator/arch/machine/virt type. */
export function connectGetDomainCapabilities(ch: RpcChannel, query: DomainCapabilitiesQuery = {}): Promise<string> {
  return call(
    ch,
    Proc.CONNECT_GET_DOMAIN_CAPABILITIES,
    (w) => {
      encodeOptionalString(w, query.emulatorBin);
      encodeOptionalString(w, query.arch);
      encodeOptionalString(w, query.machine);
      encodeOptionalString(w, query.virtType);
      w.uint(query.flags ?? 0);
    },
    readString,
    query,
  );
}

/** The URI of the driver the connection is open on, e.g. `qemu:///system`. */
export function connectGetUri(ch: RpcChannel, options?: ProcOptions): Promise<string> {
  return call(ch, Proc.CONNECT_GET_URI, null, readString, options);
}

/** Whether the connection is considered secure (encrypted or local). */
export function connectIsSecure(ch: RpcChannel, options?: ProcOptions): Promise<boolean> {
  return call(ch, Proc.CONNECT_IS_SECURE, null, readBool, options);
}

/**
 * Whether the daemon supports a feature (`ConnectFeature`). Asking for PROGRAM_KEEPALIVE (10) turns
 * on server PINGs, which only the RPC client can answer, so it is refused here.
 */
export async function connectSupportsFeature(ch: RpcChannel, feature: number, options?: ProcOptions): Promise<boolean> {
  if (feature === ConnectFeature.PROGRAM_KEEPALIVE) {
    throw new Error('feature 10 (keepalive) has a side effect: the RPC client negotiates it during the handshake');
  }
  const supported = await call(ch, Proc.CONNECT_SUPPORTS_FEATURE, (w) => w.int(feature), readInt, options);
  // Older daemons answer some features with values other than 0/1; anything non-zero means yes.
  return supported !== 0;
}

/** Host CPU and memory. */
export function nodeGetInfo(ch: RpcChannel, options?: ProcOptions): Promise<NodeInfo> {
  return call(ch, Proc.NODE_GET_INFO, null, decodeNodeInfo, options);
}

/** Free host memory in bytes. Fails with code 1 on a test driver loaded from a file. */
export function nodeGetFreeMemory(ch: RpcChannel, options?: ProcOptions): Promise<bigint> {
  return call(ch, Proc.NODE_GET_FREE_MEMORY, null, readUhyper, options);
}

/** Everything the app shows about a connection, fetched in one pipelined burst. */
export interface ConnectionFacts {
  readonly type: string;
  readonly hypervisorVersion: VersionNumber;
  readonly libVersion: VersionNumber;
  readonly hostname: string;
  readonly uri: string;
  readonly node: NodeInfo;
}

/** Fetch type, versions, hostname, URI and node info with all calls in flight at once. */
export async function connectGetFacts(ch: RpcChannel, options?: ProcOptions): Promise<ConnectionFacts> {
  const [type, hypervisorVersion, libVersion, hostname, uri, node] = await Promise.all([
    connectGetType(ch, options),
    connectGetVersion(ch, options),
    connectGetLibVersion(ch, options),
    connectGetHostname(ch, options),
    connectGetUri(ch, options),
    nodeGetInfo(ch, options),
  ]);
  return { type, hypervisorVersion, libVersion, hostname, uri, node };
}
