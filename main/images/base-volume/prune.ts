// Base volumes outlive their image for as long as instances on that host are built on them (their overlays name the
// base as backing file). Once the image is deleted and no live instance on the host uses it, the base is removed —
// Nova's image cache manager does the same with unused `_base` files.
import type { HostConnections } from '../../compute/host-access';
import type { ImageHostCacheRecord } from '../../inventory/model';
import type { InventoryStore } from '../../inventory/repositories';
import { ErrorCode, isLibvirtError } from '../../libvirt';

/** What pruning did for one base volume. */
export interface PruneOutcome {
  readonly imageId: string;
  readonly hostId: string;
  readonly hostName: string;
  readonly volume: string;
  /** `removed`; `in-use` (live instances on the host use it); `unreachable` (host down: tried again later). */
  readonly result: 'removed' | 'in-use' | 'unreachable';
  readonly detail?: string;
}

/** Base volumes of deleted images, each with how many live instances on its host still use the image. */
export function prunableBaseVolumes(
  store: InventoryStore,
  filter: { readonly imageId?: string; readonly hostId?: string } = {},
): { row: ImageHostCacheRecord; hostName: string; users: number }[] {
  return store.read((repos) => {
    const rows = repos.imageHostCache.list({ ...filter, status: 'ready' }).filter((row) => repos.images.get(row.imageId)?.status === 'deleted');
    return rows.map((row) => ({
      row,
      hostName: repos.hosts.get(row.hostId)?.name ?? row.hostId,
      users: repos.instances.list({ hostId: row.hostId }).filter((instance) => instance.imageId === row.imageId).length,
    }));
  });
}

/**
 * Remove the base volumes of deleted images that no live instance on their host uses (and their rows). Hosts that
 * cannot be reached keep theirs until the next call. Never throws for one host's failure.
 */
export async function pruneUnusedBaseVolumes(hosts: HostConnections, store: InventoryStore, filter: { readonly imageId?: string; readonly hostId?: string } = {}): Promise<PruneOutcome[]> {
  const outcomes: PruneOutcome[] = [];
  for (const { row, hostName, users } of prunableBaseVolumes(store, filter)) {
    const base = { imageId: row.imageId, hostId: row.hostId, hostName, volume: row.volumeName };
    if (users > 0) {
      outcomes.push({ ...base, result: 'in-use', detail: `${users} instance${users === 1 ? ' on the host uses' : 's on the host use'} it` });
      continue;
    }
    try {
      await hosts.use(row.hostId, async (conn) => {
        try {
          const pool = await conn.storage.lookupPoolByName(row.pool);
          await conn.storage.deleteVol(await conn.storage.lookupVolByName(pool, row.volumeName));
        } catch (error) {
          if (!isLibvirtError(error, ErrorCode.NO_STORAGE_VOL) && !isLibvirtError(error, ErrorCode.NO_STORAGE_POOL)) throw error;
        }
      });
      // A deleted image gets no new instances, so nothing can have started using the base meanwhile.
      store.write((repos) => repos.imageHostCache.delete(row.imageId, row.hostId));
      outcomes.push({ ...base, result: 'removed' });
    } catch (error) {
      outcomes.push({ ...base, result: 'unreachable', detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
