// The SSH transport against the lab's real sshd and libvirtd: RPC bytes through an exec channel,
// several channels on one connection, and every failure the brief names, each caused for real.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Proc } from '../../../main/libvirt';
import { openConnection } from '../../../main/libvirt/rpc';
import { dialerForUri, SshDialer, type DialerForUriOptions } from '../../../main/libvirt/transport';
import {
  HostKeyMismatchError,
  RemoteCommandError,
  sha256Fingerprint,
  SshAuthError,
  SshConnectError,
  SshConnectionLostError,
  SshPool,
  UnknownHostKeyError,
} from '../../../main/ssh';
import { labInfo } from '../../lab/lab-info';
import type { LabInfo } from '../../lab/types';
import { exchangeAuthList, killSshdSessionFor, ourConnectionsTo } from './helpers';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
let lab: LabInfo;
let dir: string;
const pools: SshPool[] = [];
const servers: Server[] = [];

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  lab = labInfo();
  dir = mkdtempSync(join(tmpdir(), 'vd-ssh-it-'));
});
afterEach(() => expect(unhandled).toEqual([]));
afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  process.off('unhandledRejection', onUnhandled);
  rmSync(dir, { recursive: true, force: true });
});

/** A private pool (so connection counts are ours) and an SSH setup that ignores the machine's ~/.ssh. */
function options(extra: Partial<DialerForUriOptions> = {}): DialerForUriOptions & { pool: SshPool } {
  const pool = new SshPool();
  pools.push(pool);
  return { pool, sshEnvironment: { sshConfigFile: null, homeDir: dir, localUser: 'root', agentSocket: null }, timeoutMs: 10_000, ...extra };
}

/** `qemu+ssh://root@127.0.0.1:PORT/system?…` with the lab's key and known_hosts, overridable. */
function labUri(params: Record<string, string> = {}, path = '/system'): string {
  const all = { socket: lab.libvirtSocket, keyfile: lab.ssh.privateKeyPath, known_hosts: lab.ssh.knownHostsPath, ...params };
  const query = Object.entries(all)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `qemu+ssh://root@127.0.0.1:${lab.ssh.port}${path}?${query}`;
}

function sshDialer(uri: string, opts: DialerForUriOptions): SshDialer {
  const { dialer } = dialerForUri(uri, opts);
  if (!(dialer instanceof SshDialer)) throw new Error(`${uri} did not give an SSH dialer`);
  return dialer;
}

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await p;
  return { value, ms: Date.now() - start };
}

describe('RPC over the SSH exec channel', () => {
  it('exchanges real AUTH_LIST bytes with libvirtd', async () => {
    const { dialer, driverUri } = dialerForUri(labUri(), options());
    expect(driverUri).toBe('qemu:///system');
    expect(dialer.describe()).toBe(`ssh root@127.0.0.1:${lab.ssh.port} → nc -U ${lab.libvirtSocket}`);
    const stream = await dialer.dial();
    const reply = await exchangeAuthList(stream);
    expect(reply).toMatchObject({ prog: 0x20008086, proc: 66, type: 1, serial: 1, status: 0 });
    expect(reply.len).toBeGreaterThanOrEqual(28);
    expect(reply.authTypes).toContain(0);
    stream.end();
    await new Promise((r) => stream.once('close', r));
  });

  it('opens every lab host by its sshUri with the driver URI the lab expects', async () => {
    for (const host of lab.hosts) {
      const opts = options();
      const { dialer, driverUri } = dialerForUri(host.sshUri, opts);
      expect(driverUri).toBe(host.driverUri);
      const client = await openConnection(await dialer.dial(), { driverUri });
      // The daemon confirms which driver it opened.
      expect(await client.call(Proc.CONNECT_GET_URI, null, (r) => r.string())).toBe(host.driverUri);
      await client.close();
      // The exec stream closed, its lease was released, and the SSH connection with it.
      await expect.poll(() => opts.pool.size).toBe(0);
    }
  });

  it('carries an RPC channel and a forwardOut tunnel on ONE TCP connection to sshd', async () => {
    const echo = createServer((s) => s.pipe(s));
    servers.push(echo);
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const echoPort = (echo.address() as AddressInfo).port;
    const before = new Set(ourConnectionsTo(lab.ssh.port).map((c) => c.localPort));

    const opts = options();
    const dialer = sshDialer(labUri(), opts);
    const rpc = await dialer.dial();
    const lease = await dialer.acquireConnection();
    const tunnel = await lease.connection.forwardOut('127.0.0.1', echoPort);

    // Both at once: a libvirt reply and the echo.
    tunnel.write('through the tunnel');
    const [reply, echoed] = await Promise.all([
      exchangeAuthList(rpc),
      new Promise<string>((r) => tunnel.once('data', (d: Buffer) => r(d.toString()))),
    ]);
    expect(reply.status).toBe(0);
    expect(echoed).toBe('through the tunnel');
    expect(opts.pool.size).toBe(1);
    expect(opts.pool.stats()[0]).toMatchObject({ refs: 2, channels: 2, connected: true });
    expect(ourConnectionsTo(lab.ssh.port).filter((c) => !before.has(c.localPort))).toHaveLength(1);

    tunnel.end();
    rpc.end();
    lease.release();
    await expect.poll(() => opts.pool.size).toBe(0);
  });

  it('reaches the libvirt socket through a stream-local forward as well', async () => {
    const opts = options();
    const lease = await sshDialer(labUri(), opts).acquireConnection();
    const stream = await lease.connection.forwardOutStreamLocal(lab.libvirtSocket);
    expect((await exchangeAuthList(stream)).status).toBe(0);
    stream.end();
    lease.release();
  });
});

describe('host keys', () => {
  it('refuses a changed host key loudly within seconds', async () => {
    const kh = join(dir, 'kh-wrong');
    const other = utils.generateKeyPairSync('ed25519').public.split(' ').slice(0, 2).join(' ');
    writeFileSync(kh, `[127.0.0.1]:${lab.ssh.port} ${other}\n`);
    const { dialer } = dialerForUri(labUri({ known_hosts: kh }), options());
    const { value: err, ms } = await timed(dialer.dial().catch((e: unknown) => e));
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    expect((err as Error).message).toMatch(/HAS CHANGED/);
    expect((err as HostKeyMismatchError).recordedAt).toBe(`${kh}:1`);
    expect(ms).toBeLessThan(5000);
  });

  it('reports an unknown host with the OpenSSH fingerprint of its key', async () => {
    const { dialer } = dialerForUri(labUri({ known_hosts: join(dir, 'kh-empty') }), options());
    const err = (await dialer.dial().catch((e: unknown) => e)) as UnknownHostKeyError;
    expect(err).toBeInstanceOf(UnknownHostKeyError);
    const keyBase64 = lab.ssh.hostPublicKey.split(' ')[1]!;
    expect(err.hostKey.fingerprint).toBe(sha256Fingerprint(Buffer.from(keyBase64, 'base64')));
    const pub = join(dir, 'host.pub');
    writeFileSync(pub, `${lab.ssh.hostPublicKey}\n`);
    expect(err.hostKey.fingerprint).toBe(execFileSync('ssh-keygen', ['-lf', pub], { encoding: 'utf8' }).split(' ')[1]);
    expect(err.hostKey).toMatchObject({ hostEntry: `[127.0.0.1]:${lab.ssh.port}`, keyType: 'ssh-ed25519', publicKeyBase64: keyBase64 });
  });

  it('trusts an unknown host when the user accepts it, recording it for next time', async () => {
    const kh = join(dir, 'kh-accept');
    let shown = '';
    const opts = options({ acceptUnknownHostKey: async (info) => ((shown = info.fingerprint), true) });
    const stream = await dialerForUri(labUri({ known_hosts: kh }), opts).dialer.dial();
    expect(shown).toMatch(/^SHA256:/);
    // As OpenSSH records it without HashKnownHosts (this test reads no ssh_config): `[host]:port type key`.
    expect(readFileSync(kh, 'utf8')).toBe(`[127.0.0.1]:${lab.ssh.port} ${lab.ssh.hostPublicKey}\n`);
    stream.end();
    // Next time, without asking.
    const again = await dialerForUri(labUri({ known_hosts: kh }), options()).dialer.dial();
    expect((await exchangeAuthList(again)).status).toBe(0);
    again.end();
  });

  it('accepts a host with no key on record only with no_verify=1', async () => {
    const stream = await dialerForUri(labUri({ known_hosts: join(dir, 'kh-none'), no_verify: '1' }), options()).dialer.dial();
    expect((await exchangeAuthList(stream)).status).toBe(0);
    stream.end();
  });
});

describe('failures', () => {
  it('reports refused authentication within seconds, listing what was tried', async () => {
    const key = join(dir, 'id_unauthorized');
    writeFileSync(key, utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });
    const { dialer } = dialerForUri(labUri({ keyfile: key }), options());
    const { value: err, ms } = await timed(dialer.dial().catch((e: unknown) => e));
    expect(err).toBeInstanceOf(SshAuthError);
    expect((err as Error).message).toBe(`SSH authentication as root@127.0.0.1:${lab.ssh.port} failed. Tried: publickey (${key}); the server accepts: publickey`);
    expect(ms).toBeLessThan(5000);
  });

  it('fails the stream with the remote stderr when the socket does not exist', async () => {
    const stream = await dialerForUri(labUri({ socket: '/nonexistent/libvirt-sock' }), options()).dialer.dial();
    const err = await exchangeAuthList(stream).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteCommandError);
    expect((err as Error).message).toMatch(/exited with status 1: nc: \/nonexistent\/libvirt-sock: No such file or directory/);
  });

  it('carries virt-ssh-helper errors too (proxy=native, no daemon on the default socket)', async (ctx) => {
    if (existsSync('/var/run/libvirt/libvirt-sock')) ctx.skip();
    const stream = await dialerForUri(labUri({ socket: '', proxy: 'native' }), options()).dialer.dial();
    const err = await exchangeAuthList(stream).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteCommandError);
    expect((err as Error).message).toMatch(/virt-ssh-helper: cannot connect to '\/var\/run\/libvirt\/libvirt-sock'/);
  });

  it('fails the RPC handshake with that text too', async () => {
    const stream = await dialerForUri(labUri({ socket: '/nonexistent/libvirt-sock' }), options()).dialer.dial();
    const err = (await openConnection(stream, { driverUri: 'qemu:///system', handshakeTimeoutMs: 10_000 }).catch((e: unknown) => e)) as Error;
    expect(err.cause).toBeInstanceOf(RemoteCommandError);
    expect(err.message).toMatch(/nc: \/nonexistent\/libvirt-sock: No such file or directory/);
  });

  it('fails every channel with a clear cause when the sshd serving us dies', async () => {
    const opts = options();
    const { dialer } = dialerForUri(labUri(), opts);
    const before = new Set(ourConnectionsTo(lab.ssh.port).map((c) => c.localPort));
    const a = await dialer.dial();
    const b = await dialer.dial();
    const ours = ourConnectionsTo(lab.ssh.port).filter((c) => !before.has(c.localPort));
    expect(ours).toHaveLength(1);
    const errors = Promise.all([a, b].map((s) => new Promise<Error>((r) => s.once('error', r))));
    expect(killSshdSessionFor(lab.ssh.port, ours[0]!.localPort).length).toBeGreaterThan(0);
    const { value: [ea, eb], ms } = await timed(errors);
    expect(ea).toBeInstanceOf(SshConnectionLostError);
    expect(ea!.message).toMatch(/SSH connection to root@127\.0\.0\.1:\d+ connection lost/);
    expect(eb).toBe(ea);
    expect(ms).toBeLessThan(5000);
    await expect.poll(() => opts.pool.size).toBe(0);
    // The next dial simply opens a new connection.
    const c = await dialer.dial();
    expect((await exchangeAuthList(c)).status).toBe(0);
    c.end();
  });

  it('reports a clean connection error when no sshd listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const uri = labUri().replace(`:${lab.ssh.port}/`, `:${port}/`);
    const err = await dialerForUri(uri, options()).dialer.dial().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshConnectError);
    expect((err as Error).message).toBe(`Cannot connect to sshd at 127.0.0.1:${port}: connection refused (is sshd running and listening on that port?)`);
  });

  it('aborts a dial through its AbortSignal, mid-handshake, leaving nothing open', async () => {
    const before = new Set(ourConnectionsTo(lab.ssh.port).map((c) => c.localPort));
    const controller = new AbortController();
    // Abort while the (unknown) host key is being shown to the user, who never answers.
    const opts = options({ acceptUnknownHostKey: () => (controller.abort(), new Promise<boolean>(() => undefined)) });
    const err = await dialerForUri(labUri({ known_hosts: join(dir, 'kh-abort') }), opts).dialer.dial(controller.signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshConnectError);
    expect((err as Error).message).toBe(`SSH connection to root@127.0.0.1:${lab.ssh.port} aborted`);
    expect(opts.pool.size).toBe(0);
    await expect.poll(() => ourConnectionsTo(lab.ssh.port).filter((c) => !before.has(c.localPort))).toEqual([]);
  });
});
