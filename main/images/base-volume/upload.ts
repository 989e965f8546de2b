// One upload of an image into a host's pool, by the process that holds the image_host_cache row: replace whatever a
// dead uploader left, check the pool has room, create the volume, stream the file into it, verify the checksum on
// the host, mark the row ready. On any failure the volume and the row are removed — while this process still owns
// the row, so it never deletes the volume of an owner that took over from it.
import { stat } from 'node:fs/promises';
import { TransferMeter, type ActivityHandle, type ByteProgress } from '../../activity';
import type { HostRecord, ImageRecord } from '../../inventory/model';
import { ErrorCode, isLibvirtError, StoragePoolState, type LibvirtConnection } from '../../libvirt';
import type { StoragePoolRef, StorageVolRef } from '../../libvirt/records';
import { parseLibvirtUri } from '../../libvirt/transport';
import { buildVolumeXml } from '../../xml';
import { BaseVolumeError, ChecksumMismatchError, ImageError, ImageFileMissingError, PoolTooSmallError } from '../errors';
import { imageFilePath, imageVirtualSize } from '../image-cache';
import type { BaseVolume, BaseVolumeTiming, EnsureBaseVolumeOptions } from './ensure-base-volume';
import { sha256ByDownload, sha256OfLocalFile, sha256OverSsh, type HostChecksum } from './host-checksum';

/** Where the base volume goes. */
export interface BaseVolumeTarget {
  readonly pool: string;
  readonly name: string;
}

/** What the upload needs from the flight. */
export type UploadOptions = EnsureBaseVolumeOptions & {
  readonly signal: AbortSignal;
  readonly onProgress: (progress: ByteProgress) => void;
  readonly timing: BaseVolumeTiming;
  /** This process as the row's owner. */
  readonly owner: string;
  readonly log: (message: string) => void;
};

const MIB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0)} MiB`;

/** Upload `image` as the base volume `target` on `host`; the caller holds the image_host_cache row. */
export async function uploadBaseVolume(conn: LibvirtConnection, host: HostRecord, image: ImageRecord, target: BaseVolumeTarget, options: UploadOptions): Promise<BaseVolume> {
  const { store, owner, log } = options;
  const where = `pool ${target.pool} on host ${host.name}`;
  const activity = options.activity?.start({ kind: 'upload', title: `Upload image ${image.name} to host ${host.name}`, refs: { imageId: image.id, hostId: host.id } });
  // Losing the row (another process decided we were dead) stops the upload at once.
  const lost = new AbortController();
  const signal = AbortSignal.any([options.signal, lost.signal]);
  const heartbeat = setInterval(() => {
    try {
      if (!store.write((repos) => repos.imageHostCache.heartbeat(image.id, host.id, owner))) {
        lost.abort(new BaseVolumeError(`Another process took over the upload of image ${image.name} to host ${host.name}`));
      }
    } catch {
      // A busy database delays one heartbeat; the next one tries again.
    }
  }, options.timing.heartbeatMs);
  heartbeat.unref();
  try {
    const pool = await conn.storage.lookupPoolByName(target.pool);
    // A dead uploader's partial volume, or one left by hand under our name: never trusted, always replaced.
    await deleteVolumeNamed(conn, pool, target.name);
    const result = (await conn.host.getType()).toLowerCase() === 'test' ? await createEmptyBase(conn, host, image, pool, target, options) : await streamBase(conn, host, image, pool, target, signal, options, activity);
    if (!store.write((repos) => repos.imageHostCache.markReady(image.id, host.id, owner, { sha256: result.sha256, path: result.path, sizeBytes: image.sizeBytes }))) {
      throw new BaseVolumeError(`Another process took over the upload of image ${image.name} to host ${host.name}`);
    }
    activity?.succeed(result.sha256 === null ? 'created empty (test driver)' : `verified on the host (${result.checksumMethod})`);
    log(`image ${image.name} is base volume ${target.name} in ${where}${result.sha256 === null ? ' (test driver: created empty, no checksum)' : ''}`);
    return { pool: target.pool, name: target.name, path: result.path, format: image.diskFormat === 'qcow2' ? 'qcow2' : 'raw', sha256: result.sha256, uploaded: true };
  } catch (error) {
    const failure = signal.aborted && !(error instanceof ImageError) ? abortFailure(image, host, signal) : asBaseVolumeError(error, image, where);
    await cleanUp(conn, host, image, target, options).catch((cleanupError: unknown) => {
      log(`could not remove the failed base volume ${target.name} from ${where}: ${cleanupError instanceof Error ? cleanupError.message : String(cleanupError)}`);
    });
    activity?.fail(failure);
    throw failure;
  } finally {
    clearInterval(heartbeat);
  }
}

interface PlacedBase {
  readonly path: string;
  readonly sha256: string | null;
  readonly checksumMethod: HostChecksum['method'] | 'none';
}

/** The test driver has no volume upload: the base is an empty volume of the image's virtual size. Never for real hosts. */
async function createEmptyBase(conn: LibvirtConnection, host: HostRecord, image: ImageRecord, pool: StoragePoolRef, target: BaseVolumeTarget, options: UploadOptions): Promise<PlacedBase> {
  const virtualSize = (await imageVirtualSize(options.dataDir, image)) ?? image.sizeBytes ?? 0;
  const format = image.diskFormat === 'qcow2' ? 'qcow2' : 'raw';
  const vol = await conn.storage.createVolXml(pool, buildVolumeXml({ name: target.name, capacityBytes: virtualSize, format }));
  options.log(`host ${host.name} runs the test driver, which cannot upload: base volume ${target.name} of image ${image.name} created empty (${virtualSize} bytes), sha256 not recorded`);
  return { path: await conn.storage.getVolPath(vol), sha256: null, checksumMethod: 'none' };
}

async function streamBase(
  conn: LibvirtConnection,
  host: HostRecord,
  image: ImageRecord,
  pool: StoragePoolRef,
  target: BaseVolumeTarget,
  signal: AbortSignal,
  options: UploadOptions,
  activity: ActivityHandle | undefined,
): Promise<PlacedBase> {
  const file = imageFilePath(options.dataDir, image);
  const size = await stat(file).then(
    (s) => s.size,
    (error: unknown) => {
      throw new ImageFileMissingError(`The file of image ${image.name} is missing from the image cache (${file}): import the image again`, { cause: error });
    },
  );
  const expected = image.checksumSha256;
  if (expected === null) throw new BaseVolumeError(`Image ${image.name} has no checksum: import it again`);

  const info = await conn.storage.getPoolInfo(pool);
  if (info.state !== StoragePoolState.RUNNING) throw new BaseVolumeError(`Storage pool ${target.pool} on host ${host.name} is not running`);
  if (Number(info.available) < size) {
    throw new PoolTooSmallError(
      `Storage pool ${target.pool} on host ${host.name} has ${mib(Number(info.available))} free; image ${image.name} needs ${mib(size)}`,
    );
  }
  // Raw, with the file's size: the bytes are written as they are (a qcow2 file stays a qcow2 file); libvirt allocates
  // the whole size up front, so a pool that fills up meanwhile fails here, not halfway through the stream.
  const vol = await conn.storage.createVolXml(pool, buildVolumeXml({ name: target.name, capacityBytes: size, format: 'raw' }));
  const path = await conn.storage.getVolPath(vol);

  const meter = new TransferMeter({
    total: size,
    report: (progress) => {
      options.onProgress(progress);
      activity?.progress(progress);
    },
  });
  await conn.storage.uploadFileToVolume(vol, file, { signal, onBytes: (n) => meter.add(n) });
  meter.finish();

  activity?.message('verifying the checksum on the host');
  const sum = await hostChecksum(conn, host, vol, path, expected, signal, options);
  if (sum.sha256 !== expected) {
    throw new ChecksumMismatchError(
      expected,
      sum.sha256,
      `The base volume of image ${image.name} on host ${host.name} does not match the image: sha256 ${sum.sha256} on the host (${sum.method}), ${expected} imported; it was removed`,
    );
  }
  return { path, sha256: sum.sha256, checksumMethod: sum.method };
}

/**
 * The volume's SHA-256 as the host has it: `sha256sum` over the host's SSH connection; for a host on this machine
 * the file itself when it is readable here and matches (a mismatch there may be another file under the same path,
 * say libvirtd in a container, so it is confirmed by download); else the bytes downloaded back.
 */
async function hostChecksum(
  conn: LibvirtConnection,
  host: HostRecord,
  vol: StorageVolRef,
  path: string,
  expected: string,
  signal: AbortSignal,
  options: UploadOptions,
): Promise<HostChecksum> {
  const transport = parseLibvirtUri(host.uri).transport;
  if (transport === 'ssh' && options.ssh !== undefined) {
    const lease = await options.ssh().catch(() => null);
    if (lease !== null) {
      try {
        const sum = await sha256OverSsh(lease, path, signal);
        if (sum !== null) return { sha256: sum, method: 'ssh-sha256sum' };
        options.log(`sha256sum did not run on host ${host.name}; checking the base volume by downloading it back`);
      } finally {
        lease.release();
      }
    }
  }
  if (transport === 'unix') {
    const sum = await sha256OfLocalFile(path, signal);
    if (sum === expected) return { sha256: sum, method: 'local-file' };
  }
  return { sha256: await sha256ByDownload(conn, vol, signal), method: 'download' };
}

/** Remove the volume and the row, while this process still owns the row. */
async function cleanUp(conn: LibvirtConnection, host: HostRecord, image: ImageRecord, target: BaseVolumeTarget, options: UploadOptions): Promise<void> {
  const { store, owner } = options;
  if (!store.write((repos) => repos.imageHostCache.heartbeat(image.id, host.id, owner))) return;
  try {
    const pool = await conn.storage.lookupPoolByName(target.pool);
    await deleteVolumeNamed(conn, pool, target.name);
  } finally {
    store.write((repos) => repos.imageHostCache.delete(image.id, host.id, owner));
  }
}

/** Delete a volume by name; absent is fine. */
async function deleteVolumeNamed(conn: LibvirtConnection, pool: StoragePoolRef, name: string): Promise<void> {
  let vol: StorageVolRef;
  try {
    vol = await conn.storage.lookupVolByName(pool, name);
  } catch (error) {
    if (isLibvirtError(error, ErrorCode.NO_STORAGE_VOL)) return;
    throw error;
  }
  try {
    await conn.storage.deleteVol(vol);
  } catch (error) {
    if (!isLibvirtError(error, ErrorCode.NO_STORAGE_VOL)) throw error;
  }
}

function abortFailure(image: ImageRecord, host: HostRecord, signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof BaseVolumeError) return reason;
  return new BaseVolumeError(`Uploading image ${image.name} to host ${host.name} was cancelled`, { cause: reason });
}

function asBaseVolumeError(error: unknown, image: ImageRecord, where: string): Error {
  if (error instanceof ImageError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new BaseVolumeError(`Cannot place image ${image.name} in ${where}: ${reason}`, { cause: error });
}
