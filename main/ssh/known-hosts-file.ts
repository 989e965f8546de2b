import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HostKeyInfo } from './errors';
import { SshError } from './errors';
import { formatKnownHostsLine, parseKnownHosts, type KnownHostEntry } from './known-hosts';

/** Reads and parses known_hosts files; a missing file counts as empty (a fresh machine has none). */
export async function loadKnownHosts(files: readonly string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) continue;
      throw new SshError(`Cannot read known_hosts file ${file}: ${(err as Error).message}`, { cause: err });
    }
    all.push(...parseKnownHosts(text, file));
  }
  return all;
}

/**
 * Records a host key the user chose to trust (after an UnknownHostKeyError), hashed like
 * `HashKnownHosts yes` unless told otherwise. Creates the file (0600) and its folder (0700).
 */
export async function trustHostKey(hostKey: HostKeyInfo, file: string, options: { hashHostName?: boolean } = {}): Promise<void> {
  const salt = options.hashHostName === false ? undefined : randomBytes(20);
  const line = formatKnownHostsLine(hostKey.hostEntry, hostKey.keyType, hostKey.publicKeyBase64, salt);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const existing = await readFile(file, 'utf8');
    if (existing.length && !existing.endsWith('\n')) prefix = '\n';
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
  await appendFile(file, `${prefix}${line}\n`, { mode: 0o600 });
}

/** Whether `err` is a Node system error with the given code. */
export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
