import * as wire from './generated/remote-protocol.gen';
import { call, callWith, NEED_RESULTS, u32Flags, type FlagsOptions, type ProcOptions } from './procedure-support';
import type { NetworkRef } from './records';
import type { RpcChannel } from './rpc/channel';
import type { XdrReader } from './xdr';

/** Virtual networks: list, lookup, XML, define/undefine, start/stop, DHCP leases. */

export { ListNetworksFlags, NetworkXmlFlags } from './generated/libvirt-api.gen';

/**
 * One DHCP lease handed out by a libvirt network's dnsmasq: `iface` is the bridge, `expirytime`
 * seconds since the epoch, `type` an `IpAddrType`.
 */
export type NetworkDhcpLease = wire.NetworkDhcpLease;

const listNetworks = (r: XdrReader): NetworkRef[] => wire.decodeConnectListAllNetworksRet(r).nets;
const xmlOf = (r: XdrReader): string => wire.decodeNetworkGetXmlDescRet(r).xml;
const leasesOf = (r: XdrReader): NetworkDhcpLease[] => wire.decodeNetworkGetDhcpLeasesRet(r).leases;

/** Every network matching `ListNetworksFlags` (0 = all). */
export function connectListAllNetworks(ch: RpcChannel, options?: FlagsOptions): Promise<NetworkRef[]> {
  return callWith(ch, wire.connectListAllNetworks, { need_results: NEED_RESULTS, flags: u32Flags(options?.flags) }, listNetworks, options);
}

/** Find a network by name. Replies that are one network record decode as the record itself. */
export function networkLookupByName(ch: RpcChannel, name: string, options?: ProcOptions): Promise<NetworkRef> {
  return callWith(ch, wire.networkLookupByName, { name }, wire.decodeNonnullNetwork, options);
}

/** A network's XML (`NetworkXmlFlags`). */
export function networkGetXmlDesc(ch: RpcChannel, net: NetworkRef, options?: FlagsOptions): Promise<string> {
  return callWith(ch, wire.networkGetXmlDesc, { net, flags: u32Flags(options?.flags) }, xmlOf, options);
}

/** Define a persistent network from XML (not started). */
export function networkDefineXml(ch: RpcChannel, xml: string, options?: ProcOptions): Promise<NetworkRef> {
  return callWith(ch, wire.networkDefineXml, { xml }, wire.decodeNonnullNetwork, options);
}

/** Create and start a transient network from XML. */
export function networkCreateXml(ch: RpcChannel, xml: string, options?: ProcOptions): Promise<NetworkRef> {
  return callWith(ch, wire.networkCreateXml, { xml }, wire.decodeNonnullNetwork, options);
}

/** Remove a network's persistent definition. */
export function networkUndefine(ch: RpcChannel, net: NetworkRef, options?: ProcOptions): Promise<void> {
  return call(ch, wire.networkUndefine, { net }, options);
}

/** Start a defined network. */
export function networkCreate(ch: RpcChannel, net: NetworkRef, options?: ProcOptions): Promise<void> {
  return call(ch, wire.networkCreate, { net }, options);
}

/** Stop a network. */
export function networkDestroy(ch: RpcChannel, net: NetworkRef, options?: ProcOptions): Promise<void> {
  return call(ch, wire.networkDestroy, { net }, options);
}

/** Which leases to return. */
export interface DhcpLeasesOptions extends FlagsOptions {
  /** Only leases for this MAC address. */
  readonly mac?: string | null;
}

/** Current DHCP leases of a network (NO_SUPPORT on the test driver). */
export function networkGetDhcpLeases(ch: RpcChannel, net: NetworkRef, options?: DhcpLeasesOptions): Promise<NetworkDhcpLease[]> {
  const args = { net, mac: options?.mac ?? null, need_results: NEED_RESULTS, flags: u32Flags(options?.flags) };
  return callWith(ch, wire.networkGetDhcpLeases, args, leasesOf, options);
}
