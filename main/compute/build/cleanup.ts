// Removing what a build created on its host: the domain (by its UUID, which is the instance's) and the volumes the
// row lists, never the shared base image. Missing things count as removed, so cleanup can run again after a crash.
import type { InstanceVolume } from '../../inventory/model';
import { ErrorCode, UndefineFlags, isLibvirtError, type LibvirtConnection } from '../../libvirt';

const GONE = new Set<number>([ErrorCode.NO_DOMAIN, ErrorCode.NO_STORAGE_POOL, ErrorCode.NO_STORAGE_VOL]);
const isGone = (error: unknown): boolean => isLibvirtError(error) && GONE.has(error.code);

/** Destroy (when running) and undefine the domain with this UUID; nothing to do when it does not exist. */
export async function removeDomain(conn: LibvirtConnection, domainUuid: string): Promise<boolean> {
  let dom;
  try {
    dom = await conn.domains.lookupByUuid(domainUuid);
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
  try {
    await conn.domains.destroy(dom);
  } catch (error) {
    // Not running (OPERATION_INVALID) is the usual case for a half-built domain.
    if (!isLibvirtError(error, ErrorCode.OPERATION_INVALID) && !isGone(error)) throw error;
  }
  try {
    await conn.domains.undefine(dom, { flags: UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA });
  } catch (error) {
    if (!isGone(error)) throw error;
  }
  return true;
}

/** Delete one volume; false when it (or its pool) does not exist. */
export async function removeVolume(conn: LibvirtConnection, volume: InstanceVolume): Promise<boolean> {
  try {
    const pool = await conn.storage.lookupPoolByName(volume.pool);
    const vol = await conn.storage.lookupVolByName(pool, volume.name);
    await conn.storage.deleteVol(vol);
    return true;
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
}

/** What a cleanup removed. */
export interface CleanupResult {
  readonly domain: boolean;
  readonly volumes: readonly string[];
}

/** Remove the domain first (it holds the disks open), then the volumes, last created first. */
export async function removeBuildLeftovers(conn: LibvirtConnection, leftovers: { readonly domainUuid: string | null; readonly volumes: readonly InstanceVolume[] }): Promise<CleanupResult> {
  const domain = leftovers.domainUuid === null ? false : await removeDomain(conn, leftovers.domainUuid);
  const removed: string[] = [];
  for (const volume of [...leftovers.volumes].reverse()) if (await removeVolume(conn, volume)) removed.push(volume.name);
  return { domain, volumes: removed };
}
