import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as wire from './generated/remote-protocol.gen';
import { call, callWith, NEED_RESULTS, openReadStream, openWriteStream, u32Flags, type FlagsOptions, type ProcOptions } from './procedure-support';
import type { StoragePoolRef, StorageVolRef } from './records';
import type { RpcChannel } from './rpc/channel';
import { STREAM_WRITE_QUEUE_CHUNKS } from './rpc/client';
import { Limits } from './rpc/constants';
import type { XdrReader } from './xdr';

/**
 * Storage pools and volumes, including volume upload/download over streams. Volume XML is built by
 * `main/xml` (`buildVolumeXml`).
 */

export {
  ListPoolsFlags,
  PoolCreateFlags,
  StoragePoolState,
  StorageVolType,
  VolCreateFlags,
  VolDeleteFlags,
  VolDownloadFlags,
  VolResizeFlags,
  VolUploadFlags,
} from './generated/libvirt-api.gen';

/** `STORAGE_POOL_GET_INFO` result: `state` is a `StoragePoolState`; sizes in bytes. */
export type StoragePoolInfo = wire.StoragePoolGetInfoRet;
/** `STORAGE_VOL_GET_INFO` result: `type` is a `StorageVolType`; sizes in bytes. */
export type StorageVolInfo = wire.StorageVolGetInfoRet;

const listPools = (r: XdrReader): StoragePoolRef[] => wire.decodeConnectListAllStoragePoolsRet(r).pools;
const listVolumes = (r: XdrReader): StorageVolRef[] => wire.decodeStoragePoolListAllVolumesRet(r).vols;
const poolXmlOf = (r: XdrReader): string => wire.decodeStoragePoolGetXmlDescRet(r).xml;
const volXmlOf = (r: XdrReader): string => wire.decodeStorageVolGetXmlDescRet(r).xml;
const volPathOf = (r: XdrReader): string => wire.decodeStorageVolGetPathRet(r).name;
/** Replies that are one pool or volume record decode as the record itself. */
const poolOf = wire.decodeNonnullStoragePool;
const volOf = wire.decodeNonnullStorageVol;

/** Every storage pool matching `ListPoolsFlags` (0 = all). */
export function connectListAllStoragePools(ch: RpcChannel, options?: FlagsOptions): Promise<StoragePoolRef[]> {
  return callWith(ch, wire.connectListAllStoragePools, { need_results: NEED_RESULTS, flags: u32Flags(options?.flags) }, listPools, options);
}

/** Find a pool by name. */
export function storagePoolLookupByName(ch: RpcChannel, name: string, options?: ProcOptions): Promise<StoragePoolRef> {
  return callWith(ch, wire.storagePoolLookupByName, { name }, poolOf, options);
}

/** State and sizes of a pool. */
export function storagePoolGetInfo(ch: RpcChannel, pool: StoragePoolRef, options?: ProcOptions): Promise<StoragePoolInfo> {
  return call(ch, wire.storagePoolGetInfo, { pool }, options);
}

/** A pool's XML (flag INACTIVE = 1 for the persistent definition). */
export function storagePoolGetXmlDesc(ch: RpcChannel, pool: StoragePoolRef, options?: FlagsOptions): Promise<string> {
  return callWith(ch, wire.storagePoolGetXmlDesc, { pool, flags: u32Flags(options?.flags) }, poolXmlOf, options);
}

/** Define a persistent pool from XML (not started). */
export function storagePoolDefineXml(ch: RpcChannel, xml: string, options?: FlagsOptions): Promise<StoragePoolRef> {
  return callWith(ch, wire.storagePoolDefineXml, { xml, flags: u32Flags(options?.flags) }, poolOf, options);
}

/** Create and start a transient pool from XML. */
export function storagePoolCreateXml(ch: RpcChannel, xml: string, options?: FlagsOptions): Promise<StoragePoolRef> {
  return callWith(ch, wire.storagePoolCreateXml, { xml, flags: u32Flags(options?.flags) }, poolOf, options);
}

/** Start a defined pool (`PoolCreateFlags`). */
export function storagePoolCreate(ch: RpcChannel, pool: StoragePoolRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.storagePoolCreate, { pool, flags: u32Flags(options?.flags) }, options);
}

/** Stop a pool (its volumes stay on disk). */
export function storagePoolDestroy(ch: RpcChannel, pool: StoragePoolRef, options?: ProcOptions): Promise<void> {
  return call(ch, wire.storagePoolDestroy, { pool }, options);
}

/** Remove a stopped pool's persistent definition. */
export function storagePoolUndefine(ch: RpcChannel, pool: StoragePoolRef, options?: ProcOptions): Promise<void> {
  return call(ch, wire.storagePoolUndefine, { pool }, options);
}

/** Rescan a pool's volumes. */
export function storagePoolRefresh(ch: RpcChannel, pool: StoragePoolRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.storagePoolRefresh, { pool, flags: u32Flags(options?.flags) }, options);
}

/** Every volume in a pool. */
export function storagePoolListAllVolumes(ch: RpcChannel, pool: StoragePoolRef, options?: FlagsOptions): Promise<StorageVolRef[]> {
  return callWith(ch, wire.storagePoolListAllVolumes, { pool, need_results: NEED_RESULTS, flags: u32Flags(options?.flags) }, listVolumes, options);
}

/** Find a volume in a pool by name. */
export function storageVolLookupByName(ch: RpcChannel, pool: StoragePoolRef, name: string, options?: ProcOptions): Promise<StorageVolRef> {
  return callWith(ch, wire.storageVolLookupByName, { pool, name }, volOf, options);
}

/** Create a volume from `<volume>` XML (see `buildVolumeXml`; `VolCreateFlags`). */
export function storageVolCreateXml(ch: RpcChannel, pool: StoragePoolRef, xml: string, options?: FlagsOptions): Promise<StorageVolRef> {
  return callWith(ch, wire.storageVolCreateXml, { pool, xml, flags: u32Flags(options?.flags) }, volOf, options);
}

/**
 * Create a volume from `<volume>` XML with the contents of `source` (`virStorageVolCreateXMLFrom`, `virsh vol-clone`).
 * A qcow2 overlay stays an overlay when the XML names the same backing store.
 */
export function storageVolCreateXmlFrom(ch: RpcChannel, pool: StoragePoolRef, xml: string, source: StorageVolRef, options?: FlagsOptions): Promise<StorageVolRef> {
  return callWith(ch, wire.storageVolCreateXmlFrom, { pool, xml, clonevol: source, flags: u32Flags(options?.flags) }, volOf, options);
}

/** Find the volume at a path on the host, in whichever pool holds it (NO_STORAGE_VOL when none does). */
export function storageVolLookupByPath(ch: RpcChannel, path: string, options?: ProcOptions): Promise<StorageVolRef> {
  return callWith(ch, wire.storageVolLookupByPath, { path }, volOf, options);
}

/** Delete a volume (`VolDeleteFlags`). */
export function storageVolDelete(ch: RpcChannel, vol: StorageVolRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.storageVolDelete, { vol, flags: u32Flags(options?.flags) }, options);
}

/** Type, capacity and allocation of a volume. */
export function storageVolGetInfo(ch: RpcChannel, vol: StorageVolRef, options?: ProcOptions): Promise<StorageVolInfo> {
  return call(ch, wire.storageVolGetInfo, { vol }, options);
}

/** A volume's XML. */
export function storageVolGetXmlDesc(ch: RpcChannel, vol: StorageVolRef, options?: FlagsOptions): Promise<string> {
  return callWith(ch, wire.storageVolGetXmlDesc, { vol, flags: u32Flags(options?.flags) }, volXmlOf, options);
}

/** A volume's path on the host. */
export function storageVolGetPath(ch: RpcChannel, vol: StorageVolRef, options?: ProcOptions): Promise<string> {
  return callWith(ch, wire.storageVolGetPath, { vol }, volPathOf, options);
}

/** Change a volume's capacity in bytes (`VolResizeFlags`). */
export function storageVolResize(ch: RpcChannel, vol: StorageVolRef, capacity: bigint | number, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.storageVolResize, { vol, capacity: BigInt(capacity), flags: u32Flags(options?.flags) }, options);
}

/** Byte range of a volume transfer. */
export interface VolTransferOptions extends FlagsOptions {
  /** Start offset in bytes (default 0). */
  readonly offset?: bigint | number;
  /** Bytes to transfer; 0 (default) = to the end. */
  readonly length?: bigint | number;
}

const transferArgs = (vol: StorageVolRef, options: VolTransferOptions | undefined) => ({
  vol,
  offset: BigInt(options?.offset ?? 0),
  length: BigInt(options?.length ?? 0),
  flags: u32Flags(options?.flags),
});

/**
 * Open an upload into a volume: a Writable whose `end()` finishes the stream and waits for the
 * daemon's confirmation. Fails with NO_SUPPORT on the test driver.
 */
export async function storageVolUpload(ch: RpcChannel, vol: StorageVolRef, options?: VolTransferOptions): Promise<Writable> {
  const opened = await openWriteStream(ch, wire.storageVolUpload, transferArgs(vol, options), options);
  return opened.stream;
}

/** Open a download of a volume's bytes. Fails with NO_SUPPORT on the test driver. */
export async function storageVolDownload(ch: RpcChannel, vol: StorageVolRef, options?: VolTransferOptions): Promise<Readable> {
  const opened = await openReadStream(ch, wire.storageVolDownload, transferArgs(vol, options), options);
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
 * once the daemon confirmed the finish. A path goes through {@link uploadFileToVolume}.
 */
export async function uploadToVolume(
  ch: RpcChannel,
  vol: StorageVolRef,
  source: Readable | string,
  options?: VolTransferOptions,
): Promise<number> {
  if (typeof source === 'string') return uploadFileToVolume(ch, vol, source, options);
  const sink = await storageVolUpload(ch, vol, options);
  const counter = byteCounter();
  await pipeline(source, counter.stream, sink, { signal: options?.signal });
  return counter.bytes();
}

/** Options of {@link uploadFileToVolume}. */
export interface FileUploadOptions extends VolTransferOptions {
  /** Called with the size of each chunk once the stream took it (progress). */
  readonly onBytes?: (bytes: number) => void;
}

/** Reads in flight ahead of the chunk being sent. */
const READ_AHEAD = 2;
/**
 * Buffers a file upload cycles through. A chunk is reused only once it can no longer be referenced: when a write's
 * callback fires the transport holds at most STREAM_WRITE_QUEUE_CHUNKS earlier chunks (payloads go out uncopied),
 * plus the one being written and the reads ahead; twice that is the margin.
 */
const UPLOAD_RING = 2 * (STREAM_WRITE_QUEUE_CHUNKS + 1 + READ_AHEAD + 1);

/**
 * Upload a file into a volume, read in libvirt's own chunk size into a small ring of reused buffers with reads
 * ahead of the socket. Allocating a fresh buffer per chunk (as a file ReadStream does) costs more CPU in page faults
 * and garbage collection than the copy through the socket itself; this keeps an upload's CPU close to virsh's.
 */
export async function uploadFileToVolume(ch: RpcChannel, vol: StorageVolRef, path: string, options?: FileUploadOptions): Promise<number> {
  const signal = options?.signal;
  signal?.throwIfAborted();
  const file = await open(path, 'r');
  const size = Limits.STREAM_CHUNK;
  const ring = Array.from({ length: UPLOAD_RING }, () => Buffer.allocUnsafe(size));
  const reads: Promise<Buffer>[] = [];
  let issued = 0;
  let position = 0;
  const readNext = (): void => {
    const buffer = ring[issued++ % UPLOAD_RING] as Buffer;
    const at = position;
    position += size;
    reads.push(file.read(buffer, 0, size, at).then(({ bytesRead }) => buffer.subarray(0, bytesRead)));
  };
  let sink: Writable | null = null;
  let sent = 0;
  try {
    sink = await storageVolUpload(ch, vol, options);
    const out = sink;
    // The daemon may fail the stream at any time (disk full): the failure reaches the pending write, never an
    // unhandled 'error' event.
    const ignore = (): void => undefined;
    out.on('error', ignore);
    const onAbort = (): void => void out.destroy(signal?.reason instanceof Error ? signal.reason : new Error('upload aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (let i = 0; i < READ_AHEAD; i++) readNext();
      let short = false;
      for (;;) {
        const chunk = await (reads.shift() as Promise<Buffer>);
        if (chunk.length === 0) break;
        // Reads are positioned, so a short read anywhere but at the end would leave a gap: the file changed.
        if (short) throw new Error(`${path} changed while it was being uploaded`);
        short = chunk.length < size;
        readNext();
        await writeChunk(out, chunk);
        sent += chunk.length;
        options?.onBytes?.(chunk.length);
      }
      await endStream(out);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      out.off('error', ignore);
    }
    signal?.throwIfAborted();
    return sent;
  } catch (error) {
    sink?.destroy();
    // An abort shows as the stream's own "destroyed" error; the caller should see why it stopped.
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('upload aborted', { cause: signal.reason });
    throw error;
  } finally {
    await Promise.allSettled(reads);
    await file.close();
  }
}

/** Write one chunk and wait for its callback (the stream then has room again). */
function writeChunk(stream: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/** End a write stream and wait for the daemon's confirmation ('finish'), or its error. */
function endStream(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    stream.once('error', onError);
    stream.end(() => {
      stream.off('error', onError);
      resolve();
    });
  });
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
