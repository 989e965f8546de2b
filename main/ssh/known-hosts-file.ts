import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KNOWN_HOSTS_FILE, readBoundedFile } from './bounded-file';
import type { HostKeyInfo } from './errors';
import { SshFileError } from './errors';
import { formatKnownHostsLine, parseKnownHosts, type KnownHostEntry } from './known-hosts';

/**
 * Reads and parses known_hosts files; a missing file counts as empty (a fresh machine has none). A
 * path that is not a regular file of at most 16 MiB fails with an SshFileError naming it.
 */
export async function loadKnownHosts(files: readonly string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const file of files) {
    const data = await readBoundedFile(file, KNOWN_HOSTS_FILE);
    if (data) all.push(...parseKnownHosts(data.toString('utf8'), file));
  }
  return all;
}

/**
 * Records a host key the user chose to trust as OpenSSH does: one line `name type base64` appended,
 * under the name it was looked up by (`host`, `[host]:port`, or a HostKeyAlias), with the name hashed
 * (`|1|salt|hash`) only when asked (ssh_config `HashKnownHosts yes`). Creates the file (0600) and its
 * missing folders (0700); appends only to a regular file (a FIFO would block us, a device would
 * swallow the line).
 */
export async function trustHostKey(hostKey: HostKeyInfo, file: string, options: { hashHostName?: boolean } = {}): Promise<void> {
  const salt = options.hashHostName === true ? randomBytes(20) : undefined;
  const line = formatKnownHostsLine(hostKey.hostEntry, hostKey.keyType, hostKey.publicKeyBase64, salt);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const existing = await readBoundedFile(file, KNOWN_HOSTS_FILE);
  const prefix = existing && existing.length > 0 && existing[existing.length - 1] !== 0x0a ? '\n' : '';
  const handle = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o600);
  try {
    if (!(await handle.stat()).isFile()) throw new SshFileError(file, KNOWN_HOSTS_FILE.what, 'it is not a regular file');
    await handle.write(`${prefix}${line}\n`);
  } finally {
    await handle.close();
  }
}
