// Step `networking`: the network the instance joins on its host and the MAC address it gets there.
import { randomBytes } from 'node:crypto';
import type { HostRecord } from '../../inventory/model';
import type { LibvirtConnection } from '../../libvirt';
import { resolveNetwork } from '../../hosts/targets';

/** Where the NIC goes: a libvirt network and the MAC the instance gets on it. */
export interface InstanceNetwork {
  readonly network: string;
  readonly mac: string;
}

/** A MAC in QEMU's locally administered range `52:54:00:xx:xx:xx`, as libvirt and Nova generate them. */
export function randomMac(bytes: Uint8Array = randomBytes(3)): string {
  return ['52', '54', '00', ...[...bytes.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** Resolve the network on the host (the request's, the host's setting, `default`, the first active one) and pick a MAC. */
export async function prepareNetworking(conn: LibvirtConnection, host: HostRecord, wanted: string | null): Promise<InstanceNetwork> {
  const network = await resolveNetwork(conn, host, wanted);
  return { network: network.name, mac: randomMac() };
}
