import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Proc } from './procedures';
import { call, listAll, openReadStream, openWriteStream, readString, u32Flags, withFlags, type FlagsOptions, type ProcOptions } from './procedure-support';
import {
  decodeStoragePool,
  decodeStorageVol,
  encodeStoragePool,
  encodeStorageVol,
  type StoragePoolRef,
  type StorageVolRef,
} from './records';
import type { RpcChannel } from './rpc/channel';
import type { XdrReader, XdrWriter } from './xdr';

/**
 * Storage pools and volumes, including volume upload/download over streams. Volume XML is built by
 * `main/xml` (`buildVolumeXml`).
 */

/** Pool states (`virStoragePoolState`). */
export const StoragePoolState = { INACTIVE: 0, BUILDING: 1, RUNNING: 2, DEGRADED: 3, INACCESSIBLE: 4 } as const;

/** Filter flags for `CONNECT_LIST_ALL_STORAGE_POOLS`. */
export const ListPoolsFlags = {
  INACTIVE: 1,
  ACTIVE: 2,
  PERSISTENT: 4,
  TRANSIENT: 8,
  AUTOSTART: 16,
  NO_AUTOSTART: 32,
  DIR: 64,
  FS: 128,
  NETFS: 256,
  LOGICAL: 512,
  DISK: 1024,
  ISCSI: 2048,
  SCSI: 4096,
  MPATH: 8192,
  RBD: 16384,
  SHEEPDOG: 32768,
  GLUSTER: 65536,
  ZFS: 131072,
  VSTORAGE: 262144,
  ISCSI_DIRECT: 524288,
} as const;

/** Flags for `STORAGE_POOL_CREATE`. */
export const PoolCreateFlags = { NORMAL: 0, WITH_BUILD: 1, WITH_BUILD_OVERWRITE: 2, WITH_BUILD_NO_OVERWRITE: 4 } as const;

/** Volume types (`virStorageVolType`). */
export const StorageVolType = { FILE: 0, BLOCK: 1, DIR: 2, NETWORK: 3, NETDIR: 4, PLOOP: 5 } as const;

/** Flags for `STORAGE_VOL_CREATE_XML`. */
export const VolCreateFlags = { PREALLOC_METADATA: 1, REFLINK: 2, VALIDATE: 4 } as const;

/** Flags for `STORAGE_VOL_DELETE`. */
export const VolDeleteFlags = { NORMAL: 0, ZEROED: 1, WITH_SNAPSHOTS: 2 } as const;

/** Flags for `STORAGE_VOL_RESIZE`. */
export const VolResizeFlags = { ALLOCATE: 1, DELTA: 2, SHRINK: 4 } as const;

/** Flags for volume upload and download. */
export const VolStreamFlags = { SPARSE_STREAM: 1 } as const;

/** `STORAGE_POOL_GET_INFO` result (sizes in bytes). */
export interface StoragePoolInfo {
  /** `StoragePoolState` (a uchar, sent as a full word). */
  readonly state: number;
  readonly capacity: bigint;
  readonly allocation: bigint;
  readonly available: bigint;
}

/** `STORAGE_VOL_GET_INFO` result (sizes in bytes). */
export interface StorageVolInfo {
  /** `StorageVolType` (a char, sent as a full word). */
  readonly type: number;
  readonly capacity: bigint;
  readonly allocation: bigint;
}

/** Smallest wire size of a pool record (empty name + uuid) and of a volume record (three empty strings). */
const POOL_RECORD_MIN_BYTES = 20;
const VOL_RECORD_MIN_BYTES = 12;

const voidPool = (ch: RpcChannel, proc: number, pool: StoragePoolRef, options: ProcOptions | undefined): Promise<void> =>
  call(ch, proc, (w) => encodeStoragePool(w, pool), null, options);

const voidPoolFlags = (ch: RpcChannel, proc: number, pool: StoragePoolRef, options: FlagsOptions | undefined): Promise<void> =>
  call(ch, proc, withFlags(encodeStoragePool, pool, options), null, options);

/** Every storage pool matching `ListPoolsFlags` (0 = all). */
export function connectListAllStoragePools(ch: RpcChannel, options?: FlagsOptions): Promise<StoragePoolRef[]> {
  return listAll(ch, Proc.CONNECT_LIST_ALL_STORAGE_POOLS, decodeStoragePool, POOL_RECORD_MIN_BYTES, options);
}

/** Find a pool by name. */
export function storagePoolLookupByName(ch: RpcChannel, name: string, options?: ProcOptions): Promise<StoragePoolRef> {
  return call(ch, Proc.STORAGE_POOL_LOOKUP_BY_NAME, (w) => w.string(name), decodeStoragePool, options);
}

/** Decode the `STORAGE_POOL_GET_INFO` reply. */
export function decodeStoragePoolInfo(r: XdrReader): StoragePoolInfo {
  const state = r.int();
  const capacity = r.uhyper();
  const allocation = r.uhyper();
  return { state, capacity, allocation, available: r.uhyper() };
}

/** State and sizes of a pool. */
export function storagePoolGetInfo(ch: RpcChannel, pool: StoragePoolRef, options?: ProcOptions): Promise<StoragePoolInfo> {
  return call(ch, Proc.STORAGE_POOL_GET_INFO, (w) => encodeStoragePool(w, pool), decodeStoragePoolInfo, options);
}

/** A pool's XML (flag INACTIVE = 1 for the persistent definition). */
export function storagePoolGetXmlDesc(ch: RpcChannel, pool: StoragePoolRef, options?: FlagsOptions): Promise<string> {
  return call(ch, Proc.STORAGE_POOL_GET_XML_DESC, withFlags(encodeStoragePool, pool, options), readString, options);
}

const poolFromXml = (ch: RpcChannel, proc: number, xml: string, options: FlagsOptions | undefined): Promise<StoragePoolRef> =>
  call(
    ch,
    proc,
    (w) => {
      w.string(xml);
      w.uint(u32Flags(options?.flags));
    },
    decodeStoragePool,
    options,
  );

/** Define a persistent pool from XML (not started). */
export function storagePoolDefineXml(ch: RpcChannel, xml: string, options?: FlagsOptions): Promise<StoragePoolRef> {
  return poolFromXml(ch, Proc.STORAGE_POOL_DEFINE_XML, xml, options);
}

/** Create and start a transient pool from XML. */
export function storagePoolCreateXml(ch: RpcChannel, xml: string, options?: FlagsOptions): Promise<StoragePoolRef> {
  return poolFromXml(ch, Proc.STORAGE_POOL_CREATE_XML, xml, options);
}

/** Start a defined pool (`PoolCreateFlags`). */
export function storagePoolCreate(ch: RpcChannel, pool: StoragePoolRef, options?: FlagsOptions): Promise<void> {
  return voidPoolFlags(ch, Proc.STORAGE_POOL_CREATE, pool, options);
}

/** Stop a pool (its volumes stay on disk). */
export function storagePoolDestroy(ch: RpcChannel, pool: StoragePoolRef, options?: ProcOptions): Promise<void> {
  return voidPool(ch, Proc.STORAGE_POOL_DESTROY, pool, options);
}

/** Remove a stopped pool's persistent definition. */
export function storagePoolUndefine(ch: RpcChannel, pool: StoragePoolRef, options?: ProcOptions): Promise<void> {
  return voidPool(ch, Proc.STORAGE_POOL_UNDEFINE, pool, options);
}

/** Rescan a pool's volumes. */
export function storagePoolRefresh(ch: RpcChannel, pool: StoragePoolRef, options?: FlagsOptions): Promise<void> {
  return voidPoolFlags(ch, Proc.STORAGE_POOL_REFRESH, pool, options);
}

/** Every volume in a pool. */
export function storagePoolListAllVolumes(ch: RpcChannel, pool: StoragePoolRef, options?: FlagsOptions): Promise<StorageVolRef[]> {
  return listAll(ch, Proc.STORAGE_POOL_LIST_ALL_VOLUMES, decodeStorageVol, VOL_RECORD_MIN_BYTES, options, (w) => encodeStoragePool(w, pool));
}

/** Find a volume in a pool by name. */
export function storageVolLookupByName(ch: RpcChannel, pool: StoragePoolRef, name: string, options?: ProcOptions): Promise<StorageVolRef> {
  return call(
    ch,
    Proc.STORAGE_VOL_LOOKUP_BY_NAME,
    (w) => {
      encodeStoragePool(w, pool);
      w.string(name);
    },
    decodeStorageVol,
    options,
  );
}

/** Create a volume from `<volume>` XML (see `buildVolumeXml`; `VolCreateFlags`). */
export function storageVolCreateXml(ch: RpcChannel, pool: StoragePoolRef, xml: string, options?: FlagsOptions): Promise<StorageVolRef> {
  return call(
    ch,
    Proc.STORAGE_VOL_CREATE_XML,
    (w) => {
      encodeStoragePool(w, pool);
      w.string(xml);
      w.uint(u32Flags(options?.flags));
    },
    decodeStorageVol,
    options,
  );
}

const volAndFlags = (vol: StorageVolRef, options: FlagsOptions | undefined) => (w: XdrWriter) => {
  encodeStorageVol(w, vol);
  w.uint(u32Flags(options?.flags));
};

/** Delete a volume (`VolDeleteFlags`). */
export function storageVolDelete(ch: RpcChannel, vol: StorageVolRef, options?: FlagsOptions): Promise<void> {
  return call(ch, Proc.STORAGE_VOL_DELETE, volAndFlags(vol, options), null, options);
}

/** Decode the `STORAGE_VOL_GET_INFO` reply. */
export function decodeStorageVolInfo(r: XdrReader): StorageVolInfo {
  const type = r.int();
  const capacity = r.uhyper();
  return { type, capacity, allocation: r.uhyper() };
}

/** Type, capacity and allocation of a volume. */
export function storageVolGetInfo(ch: RpcChannel, vol: StorageVolRef, options?: ProcOptions): Promise<StorageVolInfo> {
  return call(ch, Proc.STORAGE_VOL_GET_INFO, (w) => encodeStorageVol(w, vol), decodeStorageVolInfo, options);
}

/** A volume's XML. */
export function storageVolGetXmlDesc(ch: RpcChannel, vol: StorageVolRef, options?: FlagsOptions): Promise<string> {
  return call(ch, Proc.STORAGE_VOL_GET_XML_DESC, volAndFlags(vol, options), readString, options);
}

/** A volume's path on the host. */
export function storageVolGetPath(ch: RpcChannel, vol: StorageVolRef, options?: ProcOptions): Promise<string> {
  return call(ch, Proc.STORAGE_VOL_GET_PATH, (w) => encodeStorageVol(w, vol), readString, options);
}

/** Change a volume's capacity in bytes (`VolResizeFlags`). */
export function storageVolResize(ch: RpcChannel, vol: StorageVolRef, capacity: bigint | number, options?: FlagsOptions): Promise<void> {
  return call(
    ch,
    Proc.STORAGE_VOL_RESIZE,
    (w) => {
      encodeStorageVol(w, vol);
      w.uhyper(BigInt(capacity));
      w.uint(u32Flags(options?.flags));
    },
    null,
    options,
  );
}

/** Byte range of a volume transfer. */
export interface VolTransferOptions extends FlagsOptions {
  /** Start offset in bytes (default 0). */
  readonly offset?: bigint | number;
  /** Bytes to transfer; 0 (default) = to the end. */
  readonly length?: bigint | number;
}

const transferArgs = (vol: StorageVolRef, options: VolTransferOptions | undefined) => (w: XdrWriter) => {
  encodeStorageVol(w, vol);
  w.uhyper(BigInt(options?.offset ?? 0));
  w.uhyper(BigInt(options?.length ?? 0));
  w.uint(u32Flags(options?.flags));
};

/**
 * Open an upload into a volume: a Writable whose `end()` finishes the stream and waits for the
 * daemon's confirmation. Fails with NO_SUPPORT on the test driver.
 */
export async function storageVolUpload(ch: RpcChannel, vol: StorageVolRef, options?: VolTransferOptions): Promise<Writable> {
  const opened = await openWriteStream(ch, Proc.STORAGE_VOL_UPLOAD, transferArgs(vol, options), null, options);
  return opened.stream;
}

/** Open a download of a volume's bytes. Fails with NO_SUPPORT on the test driver. */
export async function storageVolDownload(ch: RpcChannel, vol: StorageVolRef, options?: VolTransferOptions): Promise<Readable> {
  const opened = await openReadStream(ch, Proc.STORAGE_VOL_DOWNLOAD, transferArgs(vol, options), null, options);
  return opened.stream;
}

/** Counts bytes flowing through without touching them. */
function byteCounter(): { readonly stream: Transform; bytes: () => number } {
  let total = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, bytes: () => total };
}

/**
 * Upload a file (path) or any Readable into a volume. Back-pressure is end to end: `pipeline`
 * stops reading the source while the RPC stream's buffer is full. Resolves with the bytes sent
 * once the daemon confirmed the finish.
 */
export async function uploadToVolume(
  ch: RpcChannel,
  vol: StorageVolRef,
  source: Readable | string,
  options?: VolTransferOptions,
): Promise<number> {
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const sink = await storageVolUpload(ch, vol, options);
  const counter = byteCounter();
  await pipeline(input, counter.stream, sink, { signal: options?.signal });
  return counter.bytes();
}

/** Download a volume into a file (path) or any Writable; resolves with the bytes received. */
export async function downloadFromVolume(
  ch: RpcChannel,
  vol: StorageVolRef,
  target: Writable | string,
  options?: VolTransferOptions,
): Promise<number> {
  const source = await storageVolDownload(ch, vol, options);
  const output = typeof target === 'string' ? createWriteStream(target) : target;
  const counter = byteCounter();
  await pipeline(source, counter.stream, output, { signal: options?.signal });
  return counter.bytes();
}
