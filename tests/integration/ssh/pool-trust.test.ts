// Issue 10, items 1 and 5, against the lab's real sshd: two inventory hosts for the same address, one
// with no_verify=1 and one strict with its own known_hosts=, never share a connection they do not
// agree on, in either order; and no_verify=1 still refuses a key that contradicts known_hosts.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialerForUri, type DialerForUriOptions } from '../../../main/libvirt/transport';
import { HostKeyMismatchError, SshPool, UnknownHostKeyError } from '../../../main/ssh';
import { labInfo } from '../../lab/lab-info';
import type { LabInfo } from '../../lab/types';
import { exchangeAuthList, ourConnectionsTo } from './helpers';

let lab: LabInfo;
let dir: string;
let pool: SshPool;
/** A known_hosts naming another ed25519 key for the lab's sshd: to it, the real key has changed. */
let wrongKnownHosts: string;

beforeAll(() => {
  lab = labInfo();
  dir = mkdtempSync(join(tmpdir(), 'vd-ssh-trust-'));
  wrongKnownHosts = join(dir, 'kh-wrong');
  const other = utils.generateKeyPairSync('ed25519').public.split(' ').slice(0, 2).join(' ');
  writeFileSync(wrongKnownHosts, `[127.0.0.1]:${lab.ssh.port} ${other}\n`);
});
afterAll(async () => {
  await pool?.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

/** One pool for every host, as in the app (the process-wide pool). */
function options(): DialerForUriOptions {
  pool ??= new SshPool();
  return { pool, sshEnvironment: { sshConfigFile: null, homeDir: dir, localUser: 'root', agentSocket: null }, timeoutMs: 10_000 };
}

function uri(params: Record<string, string>): string {
  const all = { socket: lab.libvirtSocket, keyfile: lab.ssh.privateKeyPath, ...params };
  return `qemu+ssh://root@127.0.0.1:${lab.ssh.port}/system?${Object.entries(all).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

const dial = (params: Record<string, string>) => dialerForUri(uri(params), options()).dialer.dial();

describe('the SSH pool keeps hosts of different trust apart (lab sshd)', () => {
  it('no_verify host first: the strict host with its own known_hosts is still checked, and refused', async () => {
    const before = new Set(ourConnectionsTo(lab.ssh.port).map((c) => c.localPort));
    const lax = await dial({ no_verify: '1', known_hosts: join(dir, 'kh-empty-1') });
    expect((await exchangeAuthList(lax)).status).toBe(0);
    // Same user, host and port, while the unchecked connection is open: it must not be lent.
    const err = await dial({ known_hosts: wrongKnownHosts }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    expect((err as HostKeyMismatchError).recordedAt).toBe(`${wrongKnownHosts}:1`);
    // And a strict host whose known_hosts does not list the key is asked about it, not waved through.
    expect(await dial({ known_hosts: join(dir, 'kh-empty-2') }).catch((e: unknown) => e)).toBeInstanceOf(UnknownHostKeyError);
    expect(ourConnectionsTo(lab.ssh.port).filter((c) => !before.has(c.localPort))).toHaveLength(1);
    lax.end();
    await expect.poll(() => pool.size).toBe(0);
  });

  it('strict host first, connecting: a host with a correct known_hosts does not inherit its refusal', async () => {
    // Both dial at once: before, the second joined the first's connect and shared its verdict.
    const refused = dial({ known_hosts: wrongKnownHosts });
    const correct = dial({ known_hosts: lab.ssh.knownHostsPath });
    const lax = dial({ no_verify: '1', known_hosts: join(dir, 'kh-empty-3') });
    await expect(refused).rejects.toBeInstanceOf(HostKeyMismatchError);
    const ok = await correct;
    expect((await exchangeAuthList(ok)).status).toBe(0);
    const unchecked = await lax;
    expect((await exchangeAuthList(unchecked)).status).toBe(0);
    // Two live connections: the verified one and the unchecked one, never one for both.
    expect(pool.stats().map((s) => s.refs)).toEqual([1, 1]);
    ok.end();
    unchecked.end();
    await expect.poll(() => pool.size).toBe(0);
  });

  it('hosts that agree on everything still share one connection', async () => {
    const a = await dial({ known_hosts: lab.ssh.knownHostsPath });
    const b = await dial({ known_hosts: lab.ssh.knownHostsPath });
    expect(pool.size).toBe(1);
    expect(pool.stats()[0]).toMatchObject({ refs: 2, label: `root@127.0.0.1:${lab.ssh.port}` });
    // Nothing was read: consume the (empty) output so the streams can end and release their leases.
    a.end().resume();
    b.end().resume();
    await expect.poll(() => pool.size).toBe(0);
  });
});

describe('no_verify=1 against the lab sshd', () => {
  it('accepts an unknown host without recording it', async () => {
    const kh = join(dir, 'kh-no-verify');
    const stream = await dial({ no_verify: '1', known_hosts: kh });
    expect((await exchangeAuthList(stream)).status).toBe(0);
    stream.end();
    expect(existsSync(kh)).toBe(false);
  });

  it('refuses a key that contradicts known_hosts', async () => {
    const err = await dial({ no_verify: '1', known_hosts: wrongKnownHosts }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    expect((err as Error).message).toMatch(/HAS CHANGED/);
  });
});
