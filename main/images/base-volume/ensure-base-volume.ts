// Nova's image cache on each host: the first instance of an image on a host uploads it as a base volume, every later
// one reuses it. Concurrent callers share one upload — in this process through a single flight per (host, image),
// across processes (the app and CLI commands share the inventory) through the image_host_cache row: one owner
// uploads, the others wait; a dead or silent owner is taken over and its partial volume replaced.
import type { ByteProgress } from '../../activity';
import type { ActivityRegistry } from '../../activity';
import { InvalidInputError } from '../../inventory/errors';
import type { HostRecord, ImageHostCacheRecord, ImageRecord } from '../../inventory/model';
import type { InventoryStore } from '../../inventory/repositories';
import { resolveStoragePool } from '../../hosts/targets';
import { ErrorCode, isLibvirtError, type LibvirtConnection } from '../../libvirt';
import { currentOwner, ownerLiveness } from '../../compute/process-owner';
import type { SshLease } from '../../ssh';
import { BaseVolumeError } from '../errors';
import { baseVolumeName } from './names';
import { uploadBaseVolume } from './upload';

/** A base volume ready to back overlays. */
export interface BaseVolume {
  readonly pool: string;
  readonly name: string;
  /** Its path on the host: an overlay's backing store. */
  readonly path: string;
  /** Format of its bytes (the image's): an overlay's backing format. */
  readonly format: 'qcow2' | 'raw';
  /** Verified on the host; null on the test driver (no upload there: the base is created empty). */
  readonly sha256: string | null;
  /** True when this call put it there, false when the host already had it. */
  readonly uploaded: boolean;
}

/** Timings of the cross-process protocol (tests shorten them). */
export interface BaseVolumeTiming {
  /** How often the uploader bumps its row's heartbeat. Default 5 s. */
  readonly heartbeatMs: number;
  /** A row whose heartbeat is older than this may be taken over even if its owner seems alive. Default 60 s. */
  readonly staleMs: number;
  /** How often a waiter looks at the row again. Default 500 ms. */
  readonly pollMs: number;
}

/** What {@link ensureBaseVolume} needs besides the host and the image. */
export interface EnsureBaseVolumeOptions {
  readonly store: InventoryStore;
  /** Data directory holding the image cache (`<dataDir>/images/`). */
  readonly dataDir: string;
  /** Pool for a new base volume; default {@link resolveStoragePool} (the host's pool, `default`, the first dir pool). */
  readonly pool?: string | null;
  /** The host's pooled SSH connection, asked for only to checksum on the host; the lease is released after. */
  readonly ssh?: () => Promise<SshLease | null>;
  /** Upload progress, at most about four times a second. */
  readonly onProgress?: (progress: ByteProgress) => void;
  readonly signal?: AbortSignal;
  /** Where an upload shows up as an activity (kind `upload`). */
  readonly activity?: ActivityRegistry;
  readonly log?: (message: string) => void;
  readonly timing?: Partial<BaseVolumeTiming>;
}

const DEFAULT_TIMING: BaseVolumeTiming = { heartbeatMs: 5000, staleMs: 60_000, pollMs: 500 };

interface Flight {
  readonly promise: Promise<BaseVolume>;
  readonly controller: AbortController;
  readonly listeners: Set<(progress: ByteProgress) => void>;
  waiters: number;
}

const flights = new Map<string, Flight>();

/**
 * Make sure `host` holds `image` as a base volume and return it. Uploads it when the host has none (through a
 * libvirt stream with back-pressure, verified by checksum on the host), waits when another process is uploading
 * it, takes over when that process died. Callers that ask at once share one upload; one caller giving up (its
 * signal) leaves the upload running for the others, and it stops only when every caller gave up.
 */
export function ensureBaseVolume(conn: LibvirtConnection, host: HostRecord, image: ImageRecord, options: EnsureBaseVolumeOptions): Promise<BaseVolume> {
  if (options.signal?.aborted) return Promise.reject(cancelled(image, host, options.signal));
  const key = `${options.store.location}\0${host.id}\0${image.id}`;
  let flight = flights.get(key);
  if (flight === undefined) {
    const controller = new AbortController();
    const listeners = new Set<(progress: ByteProgress) => void>();
    const run = ensureOnce(conn, host, image, {
      ...options,
      signal: controller.signal,
      onProgress: (progress) => {
        for (const listener of listeners) listener(progress);
      },
    });
    const created: Flight = { promise: run, controller, listeners, waiters: 0 };
    flight = created;
    flights.set(key, created);
    void run.then(
      () => flights.delete(key),
      () => flights.delete(key),
    );
  }
  return joinFlight(flight, image, host, options);
}

function joinFlight(flight: Flight, image: ImageRecord, host: HostRecord, options: EnsureBaseVolumeOptions): Promise<BaseVolume> {
  const { signal, onProgress } = options;
  flight.waiters += 1;
  if (onProgress !== undefined) flight.listeners.add(onProgress);
  let joined = true;
  const leave = (): void => {
    if (!joined) return;
    joined = false;
    flight.waiters -= 1;
    if (onProgress !== undefined) flight.listeners.delete(onProgress);
    if (flight.waiters === 0) flight.controller.abort(signal?.reason);
  };
  return new Promise<BaseVolume>((resolve, reject) => {
    const onAbort = (): void => {
      leave();
      reject(cancelled(image, host, signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    flight.promise.then(
      (volume) => {
        signal?.removeEventListener('abort', onAbort);
        joined = false;
        resolve(volume);
      },
      (error: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        joined = false;
        reject(error);
      },
    );
  });
}

function cancelled(image: ImageRecord, host: HostRecord, signal: AbortSignal | undefined): BaseVolumeError {
  return new BaseVolumeError(`Placing image ${image.name} on host ${host.name} was cancelled`, { cause: signal?.reason });
}

/** Options after the flight took them over: one signal, one progress sink. */
type FlightOptions = EnsureBaseVolumeOptions & { readonly signal: AbortSignal; readonly onProgress: (progress: ByteProgress) => void };

async function ensureOnce(conn: LibvirtConnection, host: HostRecord, image: ImageRecord, options: FlightOptions): Promise<BaseVolume> {
  if (image.status !== 'active') throw new InvalidInputError(`Image ${image.name} is ${image.status}, not active: it cannot be placed on a host`);
  const { store, signal } = options;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const log = options.log ?? (() => undefined);
  const me = currentOwner();
  for (;;) {
    if (signal.aborted) throw cancelled(image, host, signal);
    const row = store.read((repos) => repos.imageHostCache.get(image.id, host.id));

    if (row?.status === 'ready') {
      const ready = await readyVolume(conn, row);
      if (ready !== null) return ready;
      // Someone removed the volume on the host: the row lies. Forget it (unless it changed meanwhile) and upload again.
      log(`base volume ${row.volumeName} of image ${image.name} is gone from pool ${row.pool} on host ${host.name}; uploading it again`);
      store.write((repos) => {
        const again = repos.imageHostCache.get(image.id, host.id);
        if (again?.status === 'ready' && again.updatedAt === row.updatedAt) repos.imageHostCache.delete(image.id, host.id);
      });
      continue;
    }

    if (row?.status === 'uploading') {
      const why = takeOverReason(row, me, timing, Date.now());
      if (why === null) {
        await sleep(timing.pollMs, signal);
        continue;
      }
      if (!store.write((repos) => repos.imageHostCache.takeOver(image.id, host.id, row.owner, me))) continue;
      log(`taking over the upload of image ${image.name} to host ${host.name} from ${row.owner ?? 'no owner'} (${why}); its partial volume is replaced`);
      return uploadBaseVolume(conn, host, image, { pool: row.pool, name: row.volumeName }, { ...options, timing, owner: me, log });
    }

    const pool = (await resolveStoragePool(conn, host, options.pool)).name;
    const name = baseVolumeName(image.id);
    const format = image.diskFormat === 'qcow2' ? 'qcow2' : 'raw';
    const claimed = store.write((repos) => {
      if (repos.imageHostCache.get(image.id, host.id) !== undefined) return false;
      repos.imageHostCache.claim({ imageId: image.id, hostId: host.id, pool, volumeName: name, format, sizeBytes: image.sizeBytes, owner: me });
      return true;
    });
    if (!claimed) continue;
    return uploadBaseVolume(conn, host, image, { pool, name }, { ...options, timing, owner: me, log });
  }
}

/** Why an `uploading` row may be taken over now, or null when its owner is to be waited for. */
export function takeOverReason(row: ImageHostCacheRecord, me: string, timing: Pick<BaseVolumeTiming, 'staleMs'>, nowMs: number): string | null {
  if (row.owner === null) return 'it has no owner';
  // This process holds the flight for (host, image): a row in its own name is left over from an earlier failure.
  if (row.owner === me) return 'left over by this process';
  if (ownerLiveness(row.owner) === 'dead') return 'its owner is no longer running';
  const beat = row.heartbeatAt === null ? Number.NaN : Date.parse(row.heartbeatAt);
  if (!(nowMs - beat < timing.staleMs)) return `no heartbeat for over ${Math.round(timing.staleMs / 1000)} s`;
  return null;
}

/** The ready row's volume as it is on the host, or null when it is gone. */
async function readyVolume(conn: LibvirtConnection, row: ImageHostCacheRecord): Promise<BaseVolume | null> {
  try {
    const pool = await conn.storage.lookupPoolByName(row.pool);
    const vol = await conn.storage.lookupVolByName(pool, row.volumeName);
    const path = row.path ?? (await conn.storage.getVolPath(vol));
    return { pool: row.pool, name: row.volumeName, path, format: row.format, sha256: row.sha256, uploaded: false };
  } catch (error) {
    if (isLibvirtError(error, ErrorCode.NO_STORAGE_VOL) || isLibvirtError(error, ErrorCode.NO_STORAGE_POOL)) return null;
    throw error;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
