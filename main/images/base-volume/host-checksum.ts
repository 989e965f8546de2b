// The SHA-256 of a base volume as the host sees it, taken the cheapest trustworthy way: `sha256sum` on the host over
// its pooled SSH connection, the file itself when the host is this machine, else the bytes downloaded back.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LibvirtConnection } from '../../libvirt';
import type { StorageVolRef } from '../../libvirt/records';
import type { SshLease } from '../../ssh';
import { shellQuote } from '../../ssh';

/** How a checksum was taken (logged, and shown in tests). */
export type ChecksumMethod = 'ssh-sha256sum' | 'local-file' | 'download';

/** A checksum and how it was taken. */
export interface HostChecksum {
  readonly sha256: string;
  readonly method: ChecksumMethod;
}

/** SHA-256 of a file on this machine, or null when it cannot be read here. */
export async function sha256OfLocalFile(path: string, signal?: AbortSignal): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), hashSink(hash), ...(signal ? [{ signal }] : []));
  } catch (error) {
    if (signal?.aborted) throw error;
    return null;
  }
  return hash.digest('hex');
}

/** SHA-256 of a volume's bytes, read back through a libvirt download stream. */
export async function sha256ByDownload(conn: LibvirtConnection, vol: StorageVolRef, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await conn.storage.downloadFromVolume(vol, hashSink(hash), signal === undefined ? undefined : { signal });
  return hash.digest('hex');
}

/**
 * SHA-256 of a file on the SSH host: `sha256sum -- '<path>'` run through `sh -c`-safe quoting on the pooled connection.
 * Null when the command cannot run there (no sha256sum, no permission): the caller falls back to a download.
 */
export async function sha256OverSsh(lease: SshLease, path: string, signal?: AbortSignal): Promise<string | null> {
  const command = `sha256sum -- ${shellQuote(path)}`;
  let stream;
  try {
    stream = await lease.connection.exec(command, signal === undefined ? {} : { signal });
  } catch {
    return null;
  }
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  } catch {
    return null;
  }
  const exit = await stream.exit;
  if (exit.code !== 0 && exit.code !== null) return null;
  // "<64 hex>  <path>"; a path with a newline or backslash makes sha256sum start the line with "\".
  const match = /^\\?([0-9a-f]{64}) /.exec(Buffer.concat(chunks).toString('latin1'));
  return match === null ? null : (match[1] as string);
}

function hashSink(hash: ReturnType<typeof createHash>): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done();
    },
  });
}
