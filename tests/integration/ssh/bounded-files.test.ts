// Issue 10, item 10: key and known_hosts paths (from the form, the URI, ssh_config) are read only
// when they are regular files of sane size. A FIFO needs mkfifo (an outside process), so the whole
// set runs here, through the real dial path against the lab's sshd.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialerForUri } from '../../../main/libvirt/transport';
import { SshFileError, SshPool } from '../../../main/ssh';
import { labInfo } from '../../lab/lab-info';
import type { LabInfo } from '../../lab/types';
import { ourConnectionsTo } from './helpers';

let lab: LabInfo;
let dir: string;
let fifo: string;
const pool = new SshPool();

beforeAll(() => {
  lab = labInfo();
  dir = mkdtempSync(join(tmpdir(), 'vd-ssh-files-'));
  fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
});
afterAll(async () => {
  await pool.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

/** Dials the lab host with these parameters; fails the test (instead of hanging) after 10 s. */
async function dialError(params: Record<string, string>): Promise<unknown> {
  const all = { socket: lab.libvirtSocket, keyfile: lab.ssh.privateKeyPath, known_hosts: lab.ssh.knownHostsPath, ...params };
  const uri = `qemu+ssh://root@127.0.0.1:${lab.ssh.port}/system?${Object.entries(all).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
  const { dialer } = dialerForUri(uri, { pool, sshEnvironment: { sshConfigFile: null, homeDir: dir, localUser: 'root', agentSocket: null }, timeoutMs: 10_000 });
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error('the dial hung for 10 s')), 10_000)));
  const result = await Promise.race([dialer.dial().then((s) => (s.destroy(), new Error('connected'))), hang]).catch((e: unknown) => e);
  clearTimeout(timer);
  return result;
}

describe('key and known_hosts paths that are not regular files of sane size', () => {
  it.each([
    ['known_hosts', 'a FIFO', () => fifo, 'a named pipe (FIFO), not a regular file'],
    ['keyfile', 'a FIFO', () => fifo, 'a named pipe (FIFO), not a regular file'],
    ['known_hosts', '/dev/zero', () => '/dev/zero', 'a character device, not a regular file'],
    ['keyfile', '/dev/zero', () => '/dev/zero', 'a character device, not a regular file'],
    ['known_hosts', 'a directory', () => (mkdirSync(join(dir, 'd1'), { recursive: true }), join(dir, 'd1')), 'a directory, not a regular file'],
  ])('%s= %s is refused before connecting, naming the path and why', async (param, _what, path, why) => {
    const before = new Set(ourConnectionsTo(lab.ssh.port).map((c) => c.localPort));
    const p = path();
    const err = await dialError({ [param]: p });
    expect(err).toBeInstanceOf(SshFileError);
    expect((err as Error).message).toBe(`Cannot use ${param === 'keyfile' ? 'SSH key file' : 'known_hosts file'} ${p}: it is ${why}`);
    expect(ourConnectionsTo(lab.ssh.port).filter((c) => !before.has(c.localPort))).toEqual([]);
  });

  it('refuses a huge known_hosts file without reading it', async () => {
    const huge = join(dir, 'huge');
    writeFileSync(huge, '');
    truncateSync(huge, 2 * 1024 ** 3);
    const err = await dialError({ known_hosts: huge });
    expect((err as Error).message).toBe(`Cannot use known_hosts file ${huge}: it is 2 GiB (2147483648 bytes), over the 16 MiB limit`);
  });
});
