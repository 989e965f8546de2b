// A private OpenSSH sshd for tests that need host keys or authorized_keys the lab's sshd must not
// have (another key type, a changed key, a forced command). It listens on a free loopback port and
// is stopped by the test that started it; the lab's sshd is never touched.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Host key kinds this helper can generate, named after the key type OpenSSH records. */
export type HostKeyKind = 'ssh-ed25519' | 'ssh-rsa' | 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384';

/** A generated key pair on disk. */
export interface KeyPair {
  readonly privatePath: string;
  /** "type base64" without the comment. */
  readonly publicLine: string;
}

const KEYGEN_ARGS: Record<HostKeyKind, string[]> = {
  'ssh-ed25519': ['-t', 'ed25519'],
  // 2048 bits: generated in well under a second on the lab machine, and enough for a test key.
  'ssh-rsa': ['-t', 'rsa', '-b', '2048'],
  'ecdsa-sha2-nistp256': ['-t', 'ecdsa', '-b', '256'],
  'ecdsa-sha2-nistp384': ['-t', 'ecdsa', '-b', '384'],
};

/** Generates a key pair with ssh-keygen (no passphrase) at `path`. */
export function generateKey(kind: HostKeyKind, path: string): KeyPair {
  execFileSync('ssh-keygen', ['-q', ...KEYGEN_ARGS[kind], '-N', '', '-C', 'vd-test', '-f', path], { stdio: 'ignore' });
  return { privatePath: path, publicLine: readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ') };
}

/** A running private sshd. */
export interface OwnSshd {
  readonly port: number;
  readonly pid: number;
  /** Stops it (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
}

/** What the sshd serves. */
export interface OwnSshdOptions {
  /** Folder for its config, host key copies and authorized_keys. */
  readonly dir: string;
  /** Host keys it presents (private key paths). */
  readonly hostKeys: readonly KeyPair[];
  /** authorized_keys lines for root, options allowed (`command="exit 3" ssh-ed25519 AAAA…`). */
  readonly authorizedKeys: readonly string[];
}

/** Starts `/usr/sbin/sshd -D` on a free loopback port and waits for its banner. */
export async function startOwnSshd(options: OwnSshdOptions): Promise<OwnSshd> {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const authorizedKeys = join(options.dir, 'authorized_keys');
  writeFileSync(authorizedKeys, options.authorizedKeys.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  const config = join(options.dir, 'sshd_config');
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      ...options.hostKeys.map((k) => `HostKey ${k.privatePath}`),
      'PidFile none',
      `AuthorizedKeysFile ${authorizedKeys}`,
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'AllowUsers root',
      'UsePAM no',
      'UseDNS no',
      'PrintMotd no',
      // Differential tests open a dozen connections at once; the default (10:30:100) drops some.
      'MaxStartups 100',
      'LogLevel ERROR',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForBanner(port, child, () => log);
  return { port, pid: child.pid!, stop: () => stop(child, exited) };
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until sshd sends its "SSH-2.0-" banner (it may take a moment to bind). */
async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`);
    if (await bannerOn(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`sshd did not answer on 127.0.0.1:${port}: ${log()}`);
}

function bannerOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d: Buffer) => done(d.toString('latin1').startsWith('SSH-')));
  });
}
