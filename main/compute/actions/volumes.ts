// The volumes an instance owns on its host: deleting them, and finding them for an adopted domain whose operator asked
// for its disks to go with it.
import type { InstanceVolume, InstanceVolumeRole } from '../../inventory/model';
import { ErrorCode, isLibvirtError, type DomainRef, type LibvirtConnection, type StorageVolRef } from '../../libvirt';
import { VolumeXml, type DomainDisk } from '../../xml';
import { readDefinition } from './domain-xml';

/** Prefix of the shared base images (Nova's `_base`): never an instance's to delete. */
export const BASE_VOLUME_PREFIX = '_base_';

const isGone = (error: unknown): boolean => isLibvirtError(error, ErrorCode.NO_STORAGE_VOL) || isLibvirtError(error, ErrorCode.NO_STORAGE_POOL);

/** The volume, or null when it (or its pool) no longer exists. */
export async function findVolume(conn: LibvirtConnection, volume: Pick<InstanceVolume, 'pool' | 'name'>): Promise<StorageVolRef | null> {
  try {
    return await conn.storage.lookupVolByName(await conn.storage.lookupPoolByName(volume.pool), volume.name);
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/** Delete one volume; one that is already gone is fine. Whether it existed. */
export async function deleteVolume(conn: LibvirtConnection, volume: Pick<InstanceVolume, 'pool' | 'name'>): Promise<boolean> {
  if (volume.name.startsWith(BASE_VOLUME_PREFIX)) return false;
  const vol = await findVolume(conn, volume);
  if (vol === null) return false;
  try {
    await conn.storage.deleteVol(vol);
    return true;
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
}

/** One disk of a domain as a pool volume, with the host path it is known by. */
interface DiskVolume {
  readonly volume: InstanceVolume;
  readonly path: string;
}

/** The pool volume behind a disk, or null when it is not one (a path outside every pool, a network disk). */
async function volumeOfDisk(conn: LibvirtConnection, disk: DomainDisk, role: InstanceVolumeRole): Promise<DiskVolume | null> {
  const source = disk.source();
  if (source === null || source.kind === 'network') return null;
  try {
    if (source.kind === 'volume') {
      const vol = await conn.storage.lookupVolByName(await conn.storage.lookupPoolByName(source.pool), source.volume);
      return { volume: { pool: vol.pool, name: vol.name, role }, path: await conn.storage.getVolPath(vol) };
    }
    const vol = await conn.storage.lookupVolByPath(source.path);
    return { volume: { pool: vol.pool, name: vol.name, role }, path: source.path };
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/** What a disk is to an adopted domain: its first disk is the root, CD-ROMs and floppies are config media. */
function roleOf(disk: DomainDisk, firstDisk: boolean): InstanceVolumeRole {
  const device = disk.device ?? 'disk';
  if (device === 'cdrom' || device === 'floppy') return 'config';
  return firstDisk ? 'root' : 'ephemeral';
}

/** Every disk source other domains on the host name: their paths and `pool/volume` pairs. */
async function disksOfOtherDomains(conn: LibvirtConnection, dom: DomainRef): Promise<Set<string>> {
  const used = new Set<string>();
  for (const other of await conn.domains.listAll()) {
    if (other.uuid === dom.uuid) continue;
    let definition;
    try {
      definition = await readDefinition(conn, other);
    } catch (error) {
      // Undefined meanwhile: it uses nothing any more.
      if (isLibvirtError(error, ErrorCode.NO_DOMAIN)) continue;
      throw error;
    }
    for (const disk of definition.disks) {
      const source = disk.source();
      if (source?.kind === 'file' || source?.kind === 'block') used.add(source.path);
      if (source?.kind === 'volume') used.add(`${source.pool}/${source.volume}`);
    }
  }
  return used;
}

/** Backing files of the volumes in a pool: a volume another overlay is built on must stay. */
async function backingPathsInPool(conn: LibvirtConnection, poolName: string): Promise<Set<string>> {
  const paths = new Set<string>();
  const pool = await conn.storage.lookupPoolByName(poolName);
  for (const vol of await conn.storage.listVolumes(pool)) {
    try {
      const backing = VolumeXml.parse(await conn.storage.getVolXmlDesc(vol)).backingPath;
      if (backing !== null) paths.add(backing);
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
  return paths;
}

/**
 * The pool volumes an adopted domain's disks are, for a delete that takes its disks along. Kept out (and named in
 * `kept` with the reason): shareable disks, volumes another domain on the host names as a disk, volumes another
 * volume is an overlay of, and base images.
 */
export async function adoptedDiskVolumes(conn: LibvirtConnection, dom: DomainRef): Promise<{ readonly volumes: InstanceVolume[]; readonly kept: string[] }> {
  const definition = await readDefinition(conn, dom);
  const candidates: DiskVolume[] = [];
  const kept: string[] = [];
  let firstDisk = true;
  for (const disk of definition.disks) {
    const role = roleOf(disk, firstDisk);
    if (role !== 'config') firstDisk = false;
    const found = await volumeOfDisk(conn, disk, role);
    if (found === null) continue;
    if (disk.shareable) kept.push(`${found.volume.pool}/${found.volume.name} (a shareable disk)`);
    else if (found.volume.name.startsWith(BASE_VOLUME_PREFIX)) kept.push(`${found.volume.pool}/${found.volume.name} (a base image)`);
    else candidates.push(found);
  }
  if (candidates.length === 0) return { volumes: [], kept };
  const usedElsewhere = await disksOfOtherDomains(conn, dom);
  const backing = new Map<string, Set<string>>();
  const volumes: InstanceVolume[] = [];
  for (const { volume, path } of candidates) {
    if (!backing.has(volume.pool)) backing.set(volume.pool, await backingPathsInPool(conn, volume.pool));
    if (usedElsewhere.has(path) || usedElsewhere.has(`${volume.pool}/${volume.name}`)) kept.push(`${volume.pool}/${volume.name} (another domain uses it)`);
    else if (backing.get(volume.pool)?.has(path) === true) kept.push(`${volume.pool}/${volume.name} (another volume is built on it)`);
    else if (!volumes.some((v) => v.pool === volume.pool && v.name === volume.name)) volumes.push(volume);
  }
  return { volumes, kept };
}
