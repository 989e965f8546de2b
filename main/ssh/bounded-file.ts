import { constants, statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { SshFileError } from './errors';

/**
 * Largest known_hosts file we read: 16 MiB is over 100 000 hashed entries, far beyond any real
 * file, and small enough that a wrong path (a log, a disk image) fails fast instead of filling memory.
 */
export const KNOWN_HOSTS_SIZE_LIMIT = 16 * 1024 * 1024;

/** Largest private key file we read: the biggest OpenSSH key (RSA 16384, encrypted) is under 16 KiB. */
export const PRIVATE_KEY_SIZE_LIMIT = 1024 * 1024;

/** What a file is for, in messages: "known_hosts file", "SSH key file". */
export interface BoundedFileKind {
  readonly what: string;
  readonly limit: number;
}

/** known_hosts files (URI `known_hosts=`, the form's field, ssh_config `UserKnownHostsFile`). */
export const KNOWN_HOSTS_FILE: BoundedFileKind = { what: 'known_hosts file', limit: KNOWN_HOSTS_SIZE_LIMIT };
/** Private keys (URI `keyfile=`, the form's field, ssh_config `IdentityFile`, the default keys). */
export const PRIVATE_KEY_FILE: BoundedFileKind = { what: 'SSH key file', limit: PRIVATE_KEY_SIZE_LIMIT };

const CHUNK = 64 * 1024;

/**
 * Reads a file only if it is a regular file within the size limit; null when it does not exist.
 * `/dev/zero`, a FIFO (which would block the read forever), a directory or a huge file is refused
 * with an SshFileError naming the path and the reason. The file is checked before it is opened (so
 * a device is never opened) and again through the open handle (so a swap in between is caught).
 */
export async function readBoundedFile(path: string, kind: BoundedFileKind): Promise<Buffer | null> {
  let before: Stats;
  try {
    before = await stat(path);
  } catch (err) {
    if (isMissing(err)) return null;
    throw new SshFileError(path, kind.what, errnoText(err), { cause: err });
  }
  checkStats(path, kind, before);
  let handle: FileHandle;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the check, open() must not wait for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    if (isMissing(err)) return null;
    throw new SshFileError(path, kind.what, errnoText(err), { cause: err });
  }
  try {
    checkStats(path, kind, await handle.stat());
    return await readAtMost(handle, path, kind);
  } finally {
    await handle.close();
  }
}

/**
 * Checks a path the way `readBoundedFile` would, without opening it: null when it is usable or does
 * not exist (yet), else the message saying why not. For form and CLI input, so a bad path is refused
 * when it is typed rather than at every connect.
 */
export function boundedFileProblem(path: string, kind: BoundedFileKind): string | null {
  try {
    checkStats(path, kind, statSync(path));
    return null;
  } catch (err) {
    if (isMissing(err)) return null;
    return err instanceof SshFileError ? err.message : new SshFileError(path, kind.what, errnoText(err)).message;
  }
}

function checkStats(path: string, kind: BoundedFileKind, st: Stats): void {
  if (!st.isFile()) throw new SshFileError(path, kind.what, `it is ${fileKind(st)}, not a regular file`);
  if (st.size > kind.limit) throw new SshFileError(path, kind.what, tooBig(st.size, kind));
}

/** Reads to the end, failing once more than the limit arrived (the file may grow after fstat). */
async function readAtMost(handle: FileHandle, path: string, kind: BoundedFileKind): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > kind.limit) throw new SshFileError(path, kind.what, tooBig(total, kind));
    chunks.push(buffer.subarray(0, bytesRead));
  }
}

function tooBig(size: number, kind: BoundedFileKind): string {
  return `it is ${formatSize(size)} (${size} bytes), over the ${formatSize(kind.limit)} limit`;
}

/** What a path that is not a regular file is, for messages: "a directory", "a character device", … */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  return 'not a plain file';
}

/** "1 MiB", "3.2 GiB", "812 bytes". */
export function formatSize(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]!}`;
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'ELOOP') return 'too many symbolic links';
  return e.code ? `${e.code} (${e.message})` : String(err);
}
