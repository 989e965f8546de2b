// Step `block_device_mapping`: the base image on the host, then the instance's own volumes — a qcow2 overlay on the
// base (the root disk), ephemeral and swap disks when the flavor has them, and the NoCloud seed. Each volume is
// recorded on the instance row before it is created, so whatever a crash leaves behind can be found.
import { Readable } from 'node:stream';
import { buildNoCloudSeed } from '../../cloud-init';
import type { ActivityRegistry, ByteProgress } from '../../activity';
import { ensureBaseVolume, type BaseVolume } from '../../images';
import type { HostRecord, ImageRecord, InstanceVolume, InstanceVolumeRole } from '../../inventory/model';
import type { InventoryStore } from '../../inventory/repositories';
import type { LibvirtConnection, StoragePoolRef } from '../../libvirt';
import type { SshLease } from '../../ssh';
import { buildQcow2OverlayXml, buildVolumeXml } from '../../xml';
import { instanceVolumeName } from './names';

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** The flavor sizes a build needs (from the instance's flavor snapshot). */
export interface FlavorSizes {
  readonly diskGiB: number;
  readonly ephemeralGiB: number;
  readonly swapMiB: number;
}

/** A volume the instance's domain attaches. */
export interface AttachedVolume {
  readonly pool: string;
  readonly name: string;
  readonly role: InstanceVolumeRole;
  readonly format: 'qcow2' | 'raw';
}

/** What the step made. */
export interface BlockDevices {
  readonly base: BaseVolume;
  readonly volumes: readonly AttachedVolume[];
  /** Key fingerprints that went into the seed (what the guest will print). */
  readonly seedKeys: readonly string[];
}

/** Inputs of {@link prepareBlockDevices}. */
export interface BlockDeviceRequest {
  readonly uuid: string;
  readonly hostname: string;
  readonly image: ImageRecord;
  readonly flavor: FlavorSizes;
  readonly pool: string;
  readonly store: InventoryStore;
  /** Data directory of the image cache. */
  readonly dataDir: string;
  readonly activity?: ActivityRegistry;
  readonly publicKeys: readonly string[];
  readonly userData: string | null;
  /** Record the volume on the instance row; called before the volume is created. */
  readonly record: (volume: InstanceVolume) => void;
  /** The host's pooled SSH connection, asked for only to checksum an upload on the host. */
  readonly ssh?: () => Promise<SshLease | null>;
  readonly onProgress?: (progress: ByteProgress) => void;
  readonly signal?: AbortSignal;
}

/** The root disk's size: the flavor's, but never smaller than the image's disk (a zero flavor disk means "the image's"). */
export function rootDiskBytes(flavorDiskGiB: number, imageVirtualBytes: bigint): bigint {
  const flavor = BigInt(flavorDiskGiB) * BigInt(GIB);
  return flavor > imageVirtualBytes ? flavor : imageVirtualBytes;
}

/** Whether the connection is libvirt's test driver (no volume upload there: volumes are created empty). */
export function isTestDriver(conn: LibvirtConnection): boolean {
  return conn.driverUri.startsWith('test:');
}

async function createVolume(conn: LibvirtConnection, pool: StoragePoolRef, request: BlockDeviceRequest, role: InstanceVolumeRole, xml: (name: string) => string): Promise<string> {
  const name = instanceVolumeName(request.uuid, role);
  request.record({ pool: request.pool, name, role });
  await conn.storage.createVolXml(pool, xml(name));
  return name;
}

/** Ensure the base image, then create the overlay, ephemeral, swap and seed volumes. */
export async function prepareBlockDevices(conn: LibvirtConnection, host: HostRecord, request: BlockDeviceRequest): Promise<BlockDevices> {
  const base = await ensureBaseVolume(conn, host, request.image, {
    store: request.store,
    dataDir: request.dataDir,
    pool: request.pool,
    ...(request.activity === undefined ? {} : { activity: request.activity }),
    ...(request.ssh === undefined ? {} : { ssh: request.ssh }),
    ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  request.signal?.throwIfAborted();
  const pool = await conn.storage.lookupPoolByName(request.pool);
  // The base volume's capacity is the image's virtual size (libvirt reads the qcow2 header).
  const basePool = base.pool === request.pool ? pool : await conn.storage.lookupPoolByName(base.pool);
  const baseInfo = await conn.storage.getVolInfo(await conn.storage.lookupVolByName(basePool, base.name));
  const volumes: AttachedVolume[] = [];
  const add = (name: string, role: InstanceVolumeRole, format: 'qcow2' | 'raw') => volumes.push({ pool: request.pool, name, role, format });

  const rootBytes = rootDiskBytes(request.flavor.diskGiB, baseInfo.capacity);
  add(await createVolume(conn, pool, request, 'root', (name) => buildQcow2OverlayXml(name, base.path, rootBytes, base.format)), 'root', 'qcow2');
  if (request.flavor.ephemeralGiB > 0) {
    add(await createVolume(conn, pool, request, 'ephemeral', (name) => buildVolumeXml({ name, capacityBytes: request.flavor.ephemeralGiB * GIB, format: 'qcow2' })), 'ephemeral', 'qcow2');
  }
  if (request.flavor.swapMiB > 0) {
    add(await createVolume(conn, pool, request, 'swap', (name) => buildVolumeXml({ name, capacityBytes: request.flavor.swapMiB * MIB, format: 'qcow2' })), 'swap', 'qcow2');
  }

  const seed = buildNoCloudSeed({
    instanceId: request.uuid,
    hostname: request.hostname,
    sshAuthorizedKeys: request.publicKeys,
    ...(request.userData === null ? {} : { userData: request.userData }),
  });
  const seedName = await createVolume(conn, pool, request, 'config', (name) => buildVolumeXml({ name, capacityBytes: seed.image.length, format: 'raw' }));
  // The test driver has no volume upload: its seed stays empty (nothing boots there to read it).
  if (!isTestDriver(conn)) {
    const vol = await conn.storage.lookupVolByName(pool, seedName);
    await conn.storage.uploadToVolume(vol, Readable.from([seed.image]), request.signal === undefined ? {} : { signal: request.signal });
  }
  add(seedName, 'config', 'raw');
  return { base, volumes, seedKeys: seed.keys.map((key) => key.fingerprint) };
}
