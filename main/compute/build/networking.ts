// Step `networking`: the network the instance joins on its host and the MAC address it gets there.
import { randomBytes } from 'node:crypto';
import { resolveNetwork } from '../../hosts/targets';
import type { HostRecord } from '../../inventory/model';
import type { LibvirtConnection } from '../../libvirt';
import { NetworkXml } from '../../xml';
import { isTestDriver } from './block-devices';

/** Where the NIC goes: a libvirt network and the MAC the instance gets on it; null network = no NIC (`why` says why). */
export type InstanceNetwork = { readonly network: string; readonly mac: string } | { readonly network: null; readonly mac: null; readonly why: string };

/** A MAC in QEMU's locally administered range `52:54:00:xx:xx:xx`, as libvirt and Nova generate them. */
export function randomMac(bytes: Uint8Array = randomBytes(3)): string {
  return ['52', '54', '00', ...[...bytes.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** Resolve the network on the host (the request's, the host's setting, `default`, the first active one) and pick a MAC. */
export async function prepareNetworking(conn: LibvirtConnection, host: HostRecord, wanted: string | null): Promise<InstanceNetwork> {
  const network = await resolveNetwork(conn, host, wanted);
  if (isTestDriver(conn) && NetworkXml.parse(await conn.networks.getXmlDesc(network.ref)).ips.length === 0) {
    // libvirt 9.0's test driver answers DOMAIN_INTERFACE_ADDRESSES from the first <ip> of the NIC's network and
    // crashes the daemon when there is none (testDomainInterfaceAddresses reads net_def->ips unchecked). The host
    // sessions ask for addresses of running domains, so a test domain gets no NIC on such a network.
    return { network: null, mac: null, why: `test driver: network ${network.name} has no IP address` };
  }
  return { network: network.name, mac: randomMac() };
}
