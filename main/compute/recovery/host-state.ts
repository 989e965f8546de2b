// What recovery reads from a host, and the two removals it makes there. Everything "gone already" counts as done,
// so recovery can run again after being cut short itself.
import { ErrorCode, isLibvirtError, ListPoolsFlags, UndefineFlags, type LibvirtConnection } from '../../libvirt';
import { observeDomains } from '../../hosts/observe';
import { DomainXml, isXmlError } from '../../xml';
import type { RecoveryDomain, RecoveryVolume } from './plan';

/** libvirt errors that mean "it is not there (any more)". */
const GONE = new Set<number>([ErrorCode.NO_DOMAIN, ErrorCode.NO_STORAGE_POOL, ErrorCode.NO_STORAGE_VOL]);

/** Whether a libvirt error says the object does not exist. */
export function isGone(error: unknown): boolean {
  return isLibvirtError(error) && GONE.has(error.code);
}

/** Every domain with its state (one round trip), and every volume of every active pool. */
export async function observeHost(conn: LibvirtConnection, timeoutMs: number): Promise<{ domains: RecoveryDomain[]; volumes: RecoveryVolume[] }> {
  const [domains, volumes] = await Promise.all([observeDomains(conn, { needsSize: () => false, timeoutMs }), poolVolumes(conn, timeoutMs)]);
  return { domains: domains.map(({ uuid, name, state, managedSave }) => ({ uuid, name, state, ...(managedSave === undefined ? {} : { managedSave }) })), volumes };
}

async function poolVolumes(conn: LibvirtConnection, timeoutMs: number): Promise<RecoveryVolume[]> {
  const pools = await conn.storage.listPools({ flags: ListPoolsFlags.ACTIVE, timeoutMs });
  const lists = await Promise.all(
    pools.map(async (pool) => {
      try {
        return (await conn.storage.listVolumes(pool, { timeoutMs })).map((vol) => ({ pool: pool.name, name: vol.name }));
      } catch (error) {
        // A pool stopped between the two calls holds nothing we could remove now.
        if (isGone(error) || isLibvirtError(error, ErrorCode.OPERATION_INVALID)) return [];
        throw error;
      }
    }),
  );
  return lists.flat();
}

/** The instance UUID in a domain's `<virtdeck:instance>` metadata; null when it has none (or is gone, or its XML is refused). */
export async function instanceUuidOf(conn: LibvirtConnection, domain: RecoveryDomain, timeoutMs: number): Promise<string | null> {
  try {
    const dom = await conn.domains.lookupByUuid(domain.uuid, { timeoutMs });
    const meta = DomainXml.parse(await conn.domains.getXmlDesc(dom, { timeoutMs })).instance;
    return meta.exists ? meta.uuid : null;
  } catch (error) {
    if (isGone(error) || isXmlError(error)) return null;
    throw error;
  }
}

/** Destroy (when running) and undefine a domain with its managed-save image and snapshot metadata; false when it was not there. */
export async function removeDomain(conn: LibvirtConnection, uuid: string, timeoutMs: number): Promise<boolean> {
  let dom;
  try {
    dom = await conn.domains.lookupByUuid(uuid, { timeoutMs });
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
  try {
    await conn.domains.destroy(dom, { timeoutMs });
  } catch (error) {
    // Not running (OPERATION_INVALID) is the usual case.
    if (!isGone(error) && !isLibvirtError(error, ErrorCode.OPERATION_INVALID)) throw error;
  }
  try {
    await conn.domains.undefine(dom, { flags: UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA, timeoutMs });
  } catch (error) {
    if (!isGone(error)) throw error;
  }
  return true;
}

/** Delete a volume; false when it (or its pool) was not there. */
export async function removeVolume(conn: LibvirtConnection, volume: RecoveryVolume, timeoutMs: number): Promise<boolean> {
  try {
    const pool = await conn.storage.lookupPoolByName(volume.pool, { timeoutMs });
    const vol = await conn.storage.lookupVolByName(pool, volume.name, { timeoutMs });
    await conn.storage.deleteVol(vol, { timeoutMs });
    return true;
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
}
