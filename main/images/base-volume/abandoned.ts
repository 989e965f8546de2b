// Recovery: base-volume uploads whose uploader died (the app or a CLI command killed mid-upload) leave an
// `uploading` row and a partial volume. The next ensureBaseVolume of that image on that host replaces them anyway;
// this removes them for images nobody asks for again (recovery at start-up, `virt-deck sync`).
import type { HostConnections } from '../../compute/host-access';
import type { InventoryStore } from '../../inventory/repositories';
import { ErrorCode, isLibvirtError } from '../../libvirt';
import { currentOwner } from '../../compute/process-owner';
import { takeOverReason, type BaseVolumeTiming } from './ensure-base-volume';

/** What happened to one abandoned upload. */
export interface AbandonedUpload {
  readonly imageId: string;
  readonly hostId: string;
  readonly volume: string;
  /** Why it counted as abandoned ("its owner is no longer running"). */
  readonly reason: string;
  /** `removed`, or `unreachable` (the host is down: the row stays for the next run). */
  readonly result: 'removed' | 'unreachable';
  readonly detail?: string;
}

/**
 * Remove the partial volume and the row of every upload whose owner is dead or silent (the rules of
 * {@link takeOverReason}); each row is first taken over by compare-and-swap, so a live uploader or a concurrent
 * recovery is never undercut.
 */
export async function removeAbandonedUploads(hosts: HostConnections, store: InventoryStore, timing: Pick<BaseVolumeTiming, 'staleMs'> = { staleMs: 60_000 }): Promise<AbandonedUpload[]> {
  const me = currentOwner();
  const outcomes: AbandonedUpload[] = [];
  for (const row of store.read((repos) => repos.imageHostCache.list({ status: 'uploading' }))) {
    // A row in this process's own name belongs to an upload running here: not abandoned.
    if (row.owner === me) continue;
    const reason = takeOverReason(row, me, timing, Date.now());
    if (reason === null) continue;
    if (!store.write((repos) => repos.imageHostCache.takeOver(row.imageId, row.hostId, row.owner, me))) continue;
    const base = { imageId: row.imageId, hostId: row.hostId, volume: row.volumeName, reason };
    try {
      await hosts.use(row.hostId, async (conn) => {
        try {
          const pool = await conn.storage.lookupPoolByName(row.pool);
          await conn.storage.deleteVol(await conn.storage.lookupVolByName(pool, row.volumeName));
        } catch (error) {
          if (!isLibvirtError(error, ErrorCode.NO_STORAGE_VOL) && !isLibvirtError(error, ErrorCode.NO_STORAGE_POOL)) throw error;
        }
      });
      store.write((repos) => repos.imageHostCache.delete(row.imageId, row.hostId, me));
      outcomes.push({ ...base, result: 'removed' });
    } catch (error) {
      // Hand the row back as it was found (no owner of ours lingering): a later run or an ensure takes it over again.
      store.write((repos) => repos.imageHostCache.takeOver(row.imageId, row.hostId, me, row.owner ?? me));
      outcomes.push({ ...base, result: 'unreachable', detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
