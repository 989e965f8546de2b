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

/** What {@link chooseTarget} needs to name a kind of target in messages. */
interface TargetKind {
  /** "Storage pool", "Network". */
  readonly what: string;
  /** The host setting that names it, for messages. */
  readonly setting: string;
  /** How to start an inactive one: "virsh pool-start". */
  readonly start: string;
}

/**
 * The named target (`requested`, else the host's setting) — an error when it is missing or inactive, never silently
 * replaced, since the operator chose it — else the first fallback candidate.
 */
function chooseTarget<T extends { readonly name: string; readonly active: boolean }>(
  kind: TargetKind,
  host: HostRecord,
  items: readonly T[],
  requested: string | null | undefined,
  configured: string | null,
  fallback: () => T | undefined,
  none: string,
): T {
  const named = requested ?? configured;
  if (named !== null && named !== undefined) {
    const item = items.find((i) => i.name === named);
    const origin = requested ? '' : ` (the ${kind.setting} set for host ${host.name})`;
    if (item === undefined) throw new HostTargetError(`${kind.what} ${named}${origin} does not exist on host ${host.name}: ${names(items)}`);
    if (!item.active) throw new HostTargetError(`${kind.what} ${named}${origin} on host ${host.name} is not active: start it (${kind.start} ${named})`);
    return item;
  }
  const chosen = fallback();
  if (chosen === undefined) throw new HostTargetError(`${none}: ${names(items)}`);
  return chosen;
}

/**
 * The pool a host's instance disks and base images go to: `requested`, else the host's `storagePool`, else a pool
 * named `default` when it is active, else the first active `dir` pool by name.
 */
export async function resolveStoragePool(conn: LibvirtConnection, host: HostRecord, requested?: string | null): Promise<ResolvedPool> {
  const pools = await listStoragePools(conn);
  return chooseTarget(
    { what: 'Storage pool', setting: 'pool', start: 'virsh pool-start' },
    host,
    pools,
    requested,
    host.storagePool,
    () => pools.find((p) => p.name === 'default' && p.active) ?? pools.find((p) => p.active && p.type === 'dir'),
    `Host ${host.name} has no active storage pool named "default" and no active directory pool to put disks in`,
  );
}

/**
 * The network an instance joins on a host: `requested`, else the host's `defaultNetwork`, else `default` when it is
 * active, else the first active network by name.
 */
export async function resolveNetwork(conn: LibvirtConnection, host: HostRecord, requested?: string | null): Promise<ResolvedNetwork> {
  const networks = await listNetworks(conn);
  return chooseTarget(
    { what: 'Network', setting: 'network', start: 'virsh net-start' },
    host,
    networks,
    requested,
    host.defaultNetwork,
    () => networks.find((n) => n.name === 'default' && n.active) ?? networks.find((n) => n.active),
    `Host ${host.name} has no active network`,
  );
}
