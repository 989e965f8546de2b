// A host key trusted in the app must be recorded the way OpenSSH records it, so OpenSSH reads it back: after our
// client accepts a private sshd's fresh key, `ssh-keygen -F` finds the line under the right name, and the real `ssh`
// client connects with StrictHostKeyChecking=yes on that file — for a non-22 port (`[host]:port`), hashed names
// (HashKnownHosts yes) and a HostKeyAlias.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSshTarget, sha256Fingerprint, SshConnection, type HostKeyInfo } from '../../../main/ssh';
import { generateKey, startOwnSshd, type KeyPair, type OwnSshd } from './own-sshd';

let dir: string;
let sshd: OwnSshd;
let hostKey: KeyPair;
let client: KeyPair;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vd-trusted-keys-'));
  hostKey = generateKey('ssh-ed25519', join(dir, 'host-key'));
  client = generateKey('ssh-ed25519', join(dir, 'client-key'));
  sshd = await startOwnSshd({ dir: join(dir, 'sshd'), hostKeys: [hostKey], authorizedKeys: [client.publicLine] });
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Connect with our client through an ssh_config, trusting whatever key is shown; returns what was shown. */
async function acceptWithOurClient(host: string, sshConfig: string, options: { knownHostsFile?: string } = {}): Promise<HostKeyInfo[]> {
  const target = resolveSshTarget(
    { host, user: 'root', keyFile: client.privatePath, ...(options.knownHostsFile === undefined ? {} : { knownHostsFile: options.knownHostsFile }) },
    { sshConfigFile: sshConfig, homeDir: dir, localUser: 'root', agentSocket: null },
  );
  const shown: HostKeyInfo[] = [];
  const connection = await SshConnection.connect(target, { connectTimeoutMs: 10_000, acceptUnknownHostKey: async (info) => (shown.push(info), true) });
  await connection.close();
  return shown;
}

/** Line numbers `ssh-keygen -F name -f file` finds. */
function keygenFinds(name: string, file: string): number[] {
  const out = spawnSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' }).stdout;
  return [...out.matchAll(/^# Host .* found: line (\d+)/gm)].map((m) => Number(m[1]));
}

/** The real ssh client, strict, on `knownHosts` only: resolves to its exit code and stderr. */
function realSsh(knownHosts: string, extra: readonly string[], destination: string[]): Promise<{ code: number; stderr: string }> {
  const args = [
    '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHosts}`,
    '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', `IdentityFile=${client.privatePath}`,
    '-o', 'CheckHostIP=no', '-o', 'UpdateHostKeys=no', '-o', 'ConnectTimeout=10', ...extra, ...destination, 'true',
  ];
  return new Promise((resolve) => {
    execFile('ssh', args, { encoding: 'utf8', timeout: 20_000 }, (error, _stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stderr }));
  });
}

function config(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

describe('a host key trusted in the app, as OpenSSH reads it', () => {
  it('is recorded as `[127.0.0.1]:port type key` in a new 0600 file (folder 0700), found by ssh-keygen -F, and ssh connects strictly', async () => {
    const knownHosts = join(dir, 'plain', '.ssh', 'known_hosts');
    // Before: OpenSSH refuses the unknown key with StrictHostKeyChecking=yes.
    writeFileSync(join(dir, 'empty-known-hosts'), '');
    expect((await realSsh(join(dir, 'empty-known-hosts'), ['-p', String(sshd.port)], ['root@127.0.0.1'])).stderr).toMatch(/Host key verification failed/);

    const shown = await acceptWithOurClient('127.0.0.1', config('plain.conf', `Host 127.0.0.1\n  Port ${sshd.port}\n  UserKnownHostsFile ${knownHosts}\n`));
    expect(shown.map((k) => [k.hostEntry, k.keyType, k.fingerprint])).toEqual([[`[127.0.0.1]:${sshd.port}`, 'ssh-ed25519', fingerprintOf(hostKey)]]);
    expect(readFileSync(knownHosts, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${hostKey.publicLine}\n`);
    expect(statSync(knownHosts).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'plain', '.ssh')).mode & 0o777).toBe(0o700);
    expect(keygenFinds(`[127.0.0.1]:${sshd.port}`, knownHosts)).toEqual([1]);
    expect(keygenFinds('127.0.0.1', knownHosts)).toEqual([]);
    expect(await realSsh(knownHosts, ['-p', String(sshd.port)], ['root@127.0.0.1'])).toEqual({ code: 0, stderr: '' });

    // The next connect of our own client asks nothing.
    expect(await acceptWithOurClient('127.0.0.1', config('plain.conf', `Host 127.0.0.1\n  Port ${sshd.port}\n  UserKnownHostsFile ${knownHosts}\n`))).toEqual([]);
  });

  it('is hashed with HashKnownHosts yes, and still found by ssh-keygen -F and accepted by ssh', async () => {
    const knownHosts = join(dir, 'hashed_known_hosts');
    await acceptWithOurClient('127.0.0.1', config('hashed.conf', `Host 127.0.0.1\n  Port ${sshd.port}\n  UserKnownHostsFile ${knownHosts}\n  HashKnownHosts yes\n`));
    const line = readFileSync(knownHosts, 'utf8');
    expect(line).toMatch(/^\|1\|[A-Za-z0-9+/=]{28}\|[A-Za-z0-9+/=]{28} ssh-ed25519 \S+\n$/);
    expect(line).not.toContain('127.0.0.1');
    expect(keygenFinds(`[127.0.0.1]:${sshd.port}`, knownHosts)).toEqual([1]);
    expect(await realSsh(knownHosts, ['-p', String(sshd.port)], ['root@127.0.0.1'])).toEqual({ code: 0, stderr: '' });
  });

  it('is recorded under a HostKeyAlias, without a port, as ssh looks it up', async () => {
    const knownHosts = join(dir, 'alias_known_hosts');
    await acceptWithOurClient('lab-alias', config('alias.conf', `Host lab-alias\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  HostKeyAlias Lab-One\n  UserKnownHostsFile ${knownHosts}\n`));
    expect(readFileSync(knownHosts, 'utf8')).toBe(`lab-one ${hostKey.publicLine}\n`);
    expect(keygenFinds('lab-one', knownHosts)).toEqual([1]);
    expect(await realSsh(knownHosts, ['-o', 'HostKeyAlias=lab-one', '-p', String(sshd.port)], ['root@127.0.0.1'])).toEqual({ code: 0, stderr: '' });
  });

  it('goes to the URI\'s known_hosts= file when one is given, whatever ssh_config says', async () => {
    const mine = join(dir, 'uri_known_hosts');
    const configured = join(dir, 'configured_known_hosts');
    await acceptWithOurClient('127.0.0.1', config('uri.conf', `Host 127.0.0.1\n  Port ${sshd.port}\n  UserKnownHostsFile ${configured}\n`), { knownHostsFile: mine });
    expect(readFileSync(mine, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${hostKey.publicLine}\n`);
    expect(() => readFileSync(configured)).toThrow(/ENOENT/);
    expect(await realSsh(mine, ['-p', String(sshd.port)], ['root@127.0.0.1'])).toEqual({ code: 0, stderr: '' });
  });
});

function fingerprintOf(key: KeyPair): string {
  return sha256Fingerprint(Buffer.from(key.publicLine.split(' ')[1]!, 'base64'));
}
