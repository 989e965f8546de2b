import { Proc } from './procedures';
import { call, decodeOptionalString, encodeOptionalString, listAll, readString, withFlags, type FlagsOptions, type ProcOptions } from './procedure-support';
import { decodeNetwork, encodeNetwork, type NetworkRef } from './records';
import type { RpcChannel } from './rpc/channel';
import type { XdrReader } from './xdr';

/** Virtual networks: list, lookup, XML, define/undefine, start/stop, DHCP leases. */

/** Filter flags for `CONNECT_LIST_ALL_NETWORKS`. */
export const ListNetworksFlags = { INACTIVE: 1, ACTIVE: 2, PERSISTENT: 4, TRANSIENT: 8, AUTOSTART: 16, NO_AUTOSTART: 32 } as const;

/** Flags for `NETWORK_GET_XML_DESC`. */
export const NetworkXmlFlags = { INACTIVE: 1 } as const;

/** One DHCP lease handed out by a libvirt network's dnsmasq. */
export interface NetworkDhcpLease {
  /** Bridge the lease belongs to. */
  readonly iface: string;
  /** Expiry as seconds since the epoch. */
  readonly expiryTime: bigint;
  /** `IpAddrType`: 0 IPv4, 1 IPv6. */
  readonly type: number;
  readonly mac: string | null;
  readonly iaid: string | null;
  readonly ipaddr: string;
  readonly prefix: number;
  readonly hostname: string | null;
  readonly clientId: string | null;
}

/** Smallest wire size of a network record (empty name + uuid). */
const NETWORK_RECORD_MIN_BYTES = 20;

const voidNet = (ch: RpcChannel, proc: number, net: NetworkRef, options: ProcOptions | undefined): Promise<void> =>
  call(ch, proc, (w) => encodeNetwork(w, net), null, options);

/** Every network matching `ListNetworksFlags` (0 = all). */
export function connectListAllNetworks(ch: RpcChannel, options?: FlagsOptions): Promise<NetworkRef[]> {
  return listAll(ch, Proc.CONNECT_LIST_ALL_NETWORKS, decodeNetwork, NETWORK_RECORD_MIN_BYTES, options);
}

/** Find a network by name. */
export function networkLookupByName(ch: RpcChannel, name: string, options?: ProcOptions): Promise<NetworkRef> {
  return call(ch, Proc.NETWORK_LOOKUP_BY_NAME, (w) => w.string(name), decodeNetwork, options);
}

/** A network's XML (`NetworkXmlFlags`). */
export function networkGetXmlDesc(ch: RpcChannel, net: NetworkRef, options?: FlagsOptions): Promise<string> {
  return call(ch, Proc.NETWORK_GET_XML_DESC, withFlags(encodeNetwork, net, options), readString, options);
}

/** Define a persistent network from XML (not started). */
export function networkDefineXml(ch: RpcChannel, xml: string, options?: ProcOptions): Promise<NetworkRef> {
  return call(ch, Proc.NETWORK_DEFINE_XML, (w) => w.string(xml), decodeNetwork, options);
}

/** Create and start a transient network from XML. */
export function networkCreateXml(ch: RpcChannel, xml: string, options?: ProcOptions): Promise<NetworkRef> {
  return call(ch, Proc.NETWORK_CREATE_XML, (w) => w.string(xml), decodeNetwork, options);
}

/** Remove a network's persistent definition. */
export function networkUndefine(ch: RpcChannel, net: NetworkRef, options?: ProcOptions): Promise<void> {
  return voidNet(ch, Proc.NETWORK_UNDEFINE, net, options);
}

/** Start a defined network. */
export function networkCreate(ch: RpcChannel, net: NetworkRef, options?: ProcOptions): Promise<void> {
  return voidNet(ch, Proc.NETWORK_CREATE, net, options);
}

/** Stop a network. */
export function networkDestroy(ch: RpcChannel, net: NetworkRef, options?: ProcOptions): Promise<void> {
  return voidNet(ch, Proc.NETWORK_DESTROY, net, options);
}

/** Decode one `network_dhcp_lease`. */
export function decodeNetworkDhcpLease(r: XdrReader): NetworkDhcpLease {
  const iface = r.string();
  const expiryTime = r.hyper();
  const type = r.int();
  const mac = decodeOptionalString(r);
  const iaid = decodeOptionalString(r);
  const ipaddr = r.string();
  const prefix = r.uint();
  const hostname = decodeOptionalString(r);
  const clientId = decodeOptionalString(r);
  return { iface, expiryTime, type, mac, iaid, ipaddr, prefix, hostname, clientId };
}

/** Which leases to return. */
export interface DhcpLeasesOptions extends FlagsOptions {
  /** Only leases for this MAC address. */
  readonly mac?: string | null;
}

/** Smallest wire size of a lease: iface(4) expiry(8) type(4) mac(4) iaid(4) ipaddr(4) prefix(4) hostname(4) clientid(4). */
const LEASE_MIN_BYTES = 40;

/** Current DHCP leases of a network (NO_SUPPORT on the test driver). */
export function networkGetDhcpLeases(ch: RpcChannel, net: NetworkRef, options?: DhcpLeasesOptions): Promise<NetworkDhcpLease[]> {
  return listAll(ch, Proc.NETWORK_GET_DHCP_LEASES, decodeNetworkDhcpLease, LEASE_MIN_BYTES, options, (w) => {
    encodeNetwork(w, net);
    encodeOptionalString(w, options?.mac);
  });
}
