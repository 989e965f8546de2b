import { ConnectFeature } from './generated/libvirt-api.gen';
import * as wire from './generated/remote-protocol.gen';
import { call, callWith, u32Flags, type ProcOptions } from './procedure-support';
import type { RpcChannel } from './rpc/channel';
import type { XdrReader } from './xdr';

/** Connection-level facts: driver type, versions, host name, capabilities, node info, features. */

export { ConnectFeature } from './generated/libvirt-api.gen';

/** Host hardware as `NODE_GET_INFO` reports it: `model` (sent as 32 one-byte words), `memory` in KiB, CPU topology. */
export type NodeInfo = wire.NodeGetInfoRet;

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

const typeOf = (r: XdrReader): string => wire.decodeConnectGetTypeRet(r).type;
const hvVersionOf = (r: XdrReader): bigint => wire.decodeConnectGetVersionRet(r).hv_ver;
const libVersionOf = (r: XdrReader): bigint => wire.decodeConnectGetLibVersionRet(r).lib_ver;
const hostnameOf = (r: XdrReader): string => wire.decodeConnectGetHostnameRet(r).hostname;
const capabilitiesOf = (r: XdrReader): string => wire.decodeConnectGetCapabilitiesRet(r).capabilities;
const domainCapabilitiesOf = (r: XdrReader): string => wire.decodeConnectGetDomainCapabilitiesRet(r).capabilities;
const uriOf = (r: XdrReader): string => wire.decodeConnectGetUriRet(r).uri;
const secureOf = (r: XdrReader): boolean => wire.decodeConnectIsSecureRet(r).secure !== 0;
const freeMemoryOf = (r: XdrReader): bigint => wire.decodeNodeGetFreeMemoryRet(r).freeMem;

/** Hypervisor driver name: "QEMU", "TEST", … */
export function connectGetType(ch: RpcChannel, options?: ProcOptions): Promise<string> {
  return callWith(ch, wire.connectGetType, undefined, typeOf, options);
}

/** Hypervisor version (the test driver returns 2). */
export async function connectGetVersion(ch: RpcChannel, options?: ProcOptions): Promise<VersionNumber> {
  return splitVersion(await callWith(ch, wire.connectGetVersion, undefined, hvVersionOf, options));
}

/** The daemon's libvirt version, e.g. 9.0.0. */
export async function connectGetLibVersion(ch: RpcChannel, options?: ProcOptions): Promise<VersionNumber> {
  return splitVersion(await callWith(ch, wire.connectGetLibVersion, undefined, libVersionOf, options));
}

/** The host's name as the daemon sees it. */
export function connectGetHostname(ch: RpcChannel, options?: ProcOptions): Promise<string> {
  return callWith(ch, wire.connectGetHostname, undefined, hostnameOf, options);
}

/** Capabilities XML. */
export function connectGetCapabilities(ch: RpcChannel, options?: ProcOptions): Promise<string> {
  return callWith(ch, wire.connectGetCapabilities, undefined, capabilitiesOf, options);
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
  const args = {
    emulatorbin: query.emulatorBin ?? null,
    arch: query.arch ?? null,
    machine: query.machine ?? null,
    virttype: query.virtType ?? null,
    flags: u32Flags(query.flags),
  };
  return callWith(ch, wire.connectGetDomainCapabilities, args, domainCapabilitiesOf, query);
}

/** The URI of the driver the connection is open on, e.g. `qemu:///system`. */
export function connectGetUri(ch: RpcChannel, options?: ProcOptions): Promise<string> {
  return callWith(ch, wire.connectGetUri, undefined, uriOf, options);
}

/** Whether the connection is considered secure (encrypted or local). */
export function connectIsSecure(ch: RpcChannel, options?: ProcOptions): Promise<boolean> {
  return callWith(ch, wire.connectIsSecure, undefined, secureOf, options);
}

/**
 * Whether the daemon supports a feature (`ConnectFeature`). Asking for PROGRAM_KEEPALIVE (10) turns
 * on server PINGs, which only the RPC client can answer, so it is refused here.
 */
export async function connectSupportsFeature(ch: RpcChannel, feature: number, options?: ProcOptions): Promise<boolean> {
  if (feature === ConnectFeature.PROGRAM_KEEPALIVE) {
    throw new Error('feature 10 (keepalive) has a side effect: the RPC client negotiates it during the handshake');
  }
  const supported = await call(ch, wire.connectSupportsFeature, { feature }, options);
  // Older daemons answer some features with values other than 0/1; anything non-zero means yes.
  return supported.supported !== 0;
}

/** Host CPU and memory. */
export function nodeGetInfo(ch: RpcChannel, options?: ProcOptions): Promise<NodeInfo> {
  return call(ch, wire.nodeGetInfo, undefined, options);
}

/** Free host memory in bytes. Fails with code 1 on a test driver loaded from a file. */
export function nodeGetFreeMemory(ch: RpcChannel, options?: ProcOptions): Promise<bigint> {
  return callWith(ch, wire.nodeGetFreeMemory, undefined, freeMemoryOf, options);
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
