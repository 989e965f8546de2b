// Where instances' disks and NICs go on a host: its storage pools and libvirt networks, listed, and the one to use
// resolved the same way for every caller (base images, the build flow, `pool list`, `network list`).
import type { ErrorCode } from '../../common/contract/errors';
import type { HostRecord } from '../inventory/model';
import { ListNetworksFlags, StoragePoolState, type LibvirtConnection } from '../libvirt';
import type { NetworkRef, StoragePoolRef } from '../libvirt/records';
import { NetworkXml, PoolXml } from '../xml';

/** The pool or network a host should use does not exist, is not active, or there is none. */
export class HostTargetError extends Error {
  override readonly name = 'HostTargetError';
  readonly code: ErrorCode = 'unavailable';
}

/** A storage pool as the CLI and the UI list it. */
export interface StoragePoolView {
  readonly name: string;
  readonly uuid: string;
  /** `running`, `inactive`, `building`, `degraded`, `inaccessible`. */
  readonly state: string;
  readonly active: boolean;
  /** `dir`, `fs`, `logical`, … (null when the XML does not say). */
  readonly type: string | null;
  /** Target path (a directory for dir pools). */
  readonly path: string | null;
  readonly capacityBytes: number;
  readonly allocationBytes: number;
  readonly availableBytes: number;
}

/** A libvirt network as the CLI and the UI list it. */
export interface NetworkView {
  readonly name: string;
  readonly uuid: string;
  readonly active: boolean;
  readonly bridge: string | null;
  /** `nat`, `route`, `bridge`, `open`, …; null = isolated. */
  readonly forwardMode: string | null;
}

/** A pool chosen for a host, with its handle. */
export interface ResolvedPool extends StoragePoolView {
  readonly ref: StoragePoolRef;
}

/** A network chosen for a host, with its handle. */
export interface ResolvedNetwork extends NetworkView {
  readonly ref: NetworkRef;
}

const POOL_STATES: Readonly<Record<number, string>> = {
  [StoragePoolState.INACTIVE]: 'inactive',
  [StoragePoolState.BUILDING]: 'building',
  [StoragePoolState.RUNNING]: 'running',
  [StoragePoolState.DEGRADED]: 'degraded',
  [StoragePoolState.INACCESSIBLE]: 'inaccessible',
};

async function poolView(conn: LibvirtConnection, ref: StoragePoolRef): Promise<ResolvedPool> {
  const [info, xml] = await Promise.all([conn.storage.getPoolInfo(ref), conn.storage.getPoolXmlDesc(ref)]);
  let type: string | null = null;
  let path: string | null = null;
  try {
    const pool = PoolXml.parse(xml);
    type = pool.type;
    path = pool.targetPath;
  } catch {
    // A pool XML we cannot read still has a name and sizes worth listing.
  }
  return {
    ref,
    name: ref.name,
    uuid: ref.uuid,
    state: POOL_STATES[info.state] ?? `state ${info.state}`,
    active: info.state === StoragePoolState.RUNNING,
    type,
    path,
    capacityBytes: Number(info.capacity),
    allocationBytes: Number(info.allocation),
    availableBytes: Number(info.available),
  };
}

/** Every storage pool of a host, by name. */
export async function listStoragePools(conn: LibvirtConnection): Promise<ResolvedPool[]> {
  const refs = await conn.storage.listPools();
  const views = await Promise.all(refs.map((ref) => poolView(conn, ref)));
  return views.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every libvirt network of a host, by name. */
export async function listNetworks(conn: LibvirtConnection): Promise<ResolvedNetwork[]> {
  const [all, active] = await Promise.all([conn.networks.listAll(), conn.networks.listAll({ flags: ListNetworksFlags.ACTIVE })]);
  const activeNames = new Set(active.map((net) => net.name));
  const views = await Promise.all(
    all.map(async (ref): Promise<ResolvedNetwork> => {
      let bridge: string | null = null;
      let forwardMode: string | null = null;
      try {
        const xml = NetworkXml.parse(await conn.networks.getXmlDesc(ref));
        bridge = xml.bridge;
        forwardMode = xml.forwardMode;
      } catch {
        // Listed without the details.
      }
      return { ref, name: ref.name, uuid: ref.uuid, active: activeNames.has(ref.name), bridge, forwardMode };
    }),
  );
  return views.sort((a, b) => a.name.localeCompare(b.name));
}

function names(items: readonly { name: string; active: boolean }[]): string {
  if (items.length === 0) return 'it has none';
  return `it has ${items.map((item) => `${item.name} (${item.active ? 'active' : 'inactive'})`).join(', ')}`;
}

/**
 * The pool a host's instance disks and base images go to: `requested`, else the host's `storagePool`, else a pool
 * named `default` when it is active, else the first active `dir` pool by name. A named pool that is missing or
 * inactive is an error (never silently replaced: the operator chose it).
 */
export async function resolveStoragePool(conn: LibvirtConnection, host: HostRecord, requested?: string | null): Promise<ResolvedPool> {
  const pools = await listStoragePools(conn);
  const named = requested ?? host.storagePool;
  if (named !== null && named !== undefined) {
    const pool = pools.find((p) => p.name === named);
    const origin = requested ? '' : ` (the pool set for host ${host.name})`;
    if (pool === undefined) throw new HostTargetError(`Storage pool ${named}${origin} does not exist on host ${host.name}: ${names(pools)}`);
    if (!pool.active) throw new HostTargetError(`Storage pool ${named}${origin} on host ${host.name} is ${pool.state}: start it (virsh pool-start ${named})`);
    return pool;
  }
  const fallback = pools.find((p) => p.name === 'default' && p.active) ?? pools.find((p) => p.active && p.type === 'dir');
  if (fallback === undefined) {
    throw new HostTargetError(`Host ${host.name} has no active storage pool named "default" and no active directory pool to put disks in: ${names(pools)}`);
  }
  return fallback;
}

/**
 * The network an instance joins on a host: `requested`, else the host's `defaultNetwork`, else `default` when it is
 * active, else the first active network by name. A named network that is missing or inactive is an error.
 */
export async function resolveNetwork(conn: LibvirtConnection, host: HostRecord, requested?: string | null): Promise<ResolvedNetwork> {
  const networks = await listNetworks(conn);
  const named = requested ?? host.defaultNetwork;
  if (named !== null && named !== undefined) {
    const network = networks.find((n) => n.name === named);
    const origin = requested ? '' : ` (the network set for host ${host.name})`;
    if (network === undefined) throw new HostTargetError(`Network ${named}${origin} does not exist on host ${host.name}: ${names(networks)}`);
    if (!network.active) throw new HostTargetError(`Network ${named}${origin} on host ${host.name} is not active: start it (virsh net-start ${named})`);
    return network;
  }
  const fallback = networks.find((n) => n.name === 'default' && n.active) ?? networks.find((n) => n.active);
  if (fallback === undefined) throw new HostTargetError(`Host ${host.name} has no active network: ${names(networks)}`);
  return fallback;
}
