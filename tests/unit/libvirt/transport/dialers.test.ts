import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DialError,
  dialerForUri,
  LibvirtUriError,
  localSocketPath,
  parseLibvirtUri,
  SshDialer,
  TcpDialer,
  UnixDialer,
} from '../../../../main/libvirt/transport';
import { SshConfigError } from '../../../../main/ssh';

const dir = mkdtempSync(join(tmpdir(), 'vd-dialers-'));
const servers: Server[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

function listen(server: Server, arg: string | number): Promise<void> {
  servers.push(server);
  return new Promise((resolve) => server.listen(arg, '127.0.0.1' as never, resolve));
}

describe('dialerForUri', () => {
  const env = { sshEnvironment: { sshConfigFile: null, homeDir: dir, localUser: 'me', agentSocket: null } };

  it('picks one dialer per transport and computes the driver URI', () => {
    const unix = dialerForUri('qemu+unix:///system?socket=/lab/sock');
    expect(unix.dialer).toBeInstanceOf(UnixDialer);
    expect(unix.dialer.describe()).toBe('unix /lab/sock');
    expect(unix.driverUri).toBe('qemu:///system');

    const tcp = dialerForUri('qemu+tcp://127.0.0.1/system');
    expect(tcp.dialer).toBeInstanceOf(TcpDialer);
    expect(tcp.dialer.describe()).toMatch(/^tcp 127\.0\.0\.1:16509 \(unencrypted, unauthenticated\)$/);

    const ssh = dialerForUri('qemu+ssh://root@127.0.0.1:2222/system?socket=/lab/sock&keyfile=/k', env);
    expect(ssh.dialer).toBeInstanceOf(SshDialer);
    expect(ssh.driverUri).toBe('qemu:///system');
    expect(ssh.parsed).toMatchObject({ transport: 'ssh', user: 'root', port: 2222 });
    expect(ssh.dialer.describe()).toBe('ssh root@127.0.0.1:2222 → nc -U /lab/sock');
    expect((ssh.dialer as SshDialer).target.identityFiles).toEqual(['/k']);
  });

  it('rejects TLS with a suggestion, and bad ssh_config before connecting', () => {
    expect(() => dialerForUri('qemu://h/system')).toThrow(LibvirtUriError);
    expect(() => dialerForUri('qemu+tls://h/system')).toThrow(/TLS transport is not supported.*qemu\+ssh:\/\/h\/system/);
    writeFileSync(join(dir, 'config'), 'Host *\n  ProxyJump bastion\n');
    expect(() => dialerForUri('qemu+ssh://h/system', { sshEnvironment: { ...env.sshEnvironment, sshConfigFile: join(dir, 'config') } })).toThrow(SshConfigError);
  });
});

describe('default sockets', () => {
  const p = (uri: string, o: Parameters<typeof localSocketPath>[1] = {}) => localSocketPath(parseLibvirtUri(uri), { exists: () => false, ...o });
  it('follow libvirt: legacy socket, -ro, modular socket when present, session folder', () => {
    expect(p('qemu:///system')).toBe('/var/run/libvirt/libvirt-sock');
    expect(p('qemu:///system', { readOnly: true })).toBe('/var/run/libvirt/libvirt-sock-ro');
    expect(p('qemu:///system', { exists: (f) => f === '/var/run/libvirt/virtqemud-sock' })).toBe('/var/run/libvirt/virtqemud-sock');
    expect(p('qemu:///system?mode=direct')).toBe('/var/run/libvirt/virtqemud-sock');
    expect(p('qemu:///system?mode=legacy', { exists: () => true })).toBe('/var/run/libvirt/libvirt-sock');
    expect(p('test:///default', { exists: () => true })).toBe('/var/run/libvirt/libvirt-sock');
    expect(p('qemu:///session', { runtimeDir: '/run/user/1000' })).toBe('/run/user/1000/libvirt/libvirt-sock');
    expect(p('qemu:///session', { runtimeDir: null, homeDir: '/home/me', readOnly: true })).toBe('/home/me/.cache/libvirt/libvirt-sock');
    expect(p('qemu+unix:///system?socket=/x/y', { readOnly: true })).toBe('/x/y');
  });
});

describe('UnixDialer', () => {
  it('connects and carries bytes both ways', async () => {
    const path = join(dir, 'echo.sock');
    await listen(createServer((s) => s.pipe(s)), path);
    const stream = await new UnixDialer(path).dial();
    stream.write('ping');
    const [chunk] = (await Promise.race([new Promise((r) => stream.once('data', (d) => r([d])))])) as Buffer[];
    expect(chunk?.toString()).toBe('ping');
    stream.destroy();
  });

  it('names a missing socket and asks whether libvirtd runs', async () => {
    const err = await new UnixDialer('/x/none-sock').dial().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DialError);
    expect((err as DialError).code).toBe('ENOENT');
    expect((err as Error).message).toBe('libvirt socket /x/none-sock does not exist — is libvirtd running?');
  });

  it('explains a stale socket file (ECONNREFUSED)', async () => {
    // A socket file whose listener is gone: bind it from a process that then dies.
    const path = join(dir, 'stale.sock');
    execFileSync('/usr/bin/python3', ['-c', `import socket; s=socket.socket(socket.AF_UNIX); s.bind(${JSON.stringify(path)})`]);
    const err = (await new UnixDialer(path).dial().catch((e: unknown) => e)) as DialError;
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.message).toMatch(/stale socket file/);
  });

  it('honours an AbortSignal', async () => {
    const err = (await new UnixDialer('/x/none').dial(AbortSignal.abort()).catch((e: unknown) => e)) as DialError;
    expect(err).toBeInstanceOf(DialError);
    expect(err.message).toMatch(/aborted/);
  });
});

describe('TcpDialer', () => {
  it('connects to a loopback listener', async () => {
    const server = createServer((s) => s.end('hi'));
    await listen(server, 0);
    const stream = await new TcpDialer('127.0.0.1', (server.address() as AddressInfo).port).dial();
    const text = await new Promise<string>((r) => stream.once('data', (d: Buffer) => r(d.toString())));
    expect(text).toBe('hi');
    stream.destroy();
  });

  it('explains a refused connection', async () => {
    const server = createServer();
    await listen(server, 0);
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const err = (await new TcpDialer('127.0.0.1', port).dial().catch((e: unknown) => e)) as DialError;
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.message).toMatch(/Connection refused by 127\.0\.0\.1:\d+ — libvirtd is not listening on TCP/);
  });

  it('times out against a listener whose accept queue is full', async () => {
    // A listener that never accepts, with a backlog of 0: once its queue is full the kernel drops
    // our SYN, so the connect hangs exactly like an unresponsive host.
    const script = 'import socket,sys,time\ns=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(0)\nprint(s.getsockname()[1], flush=True)\nfill=[socket.create_connection(s.getsockname()) for _ in range(3)]\ntime.sleep(60)';
    const child = spawn('/usr/bin/python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const port = Number(await new Promise<string>((r) => child.stdout!.once('data', (d: Buffer) => r(d.toString()))));
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const err = (await new TcpDialer('127.0.0.1', port, { timeoutMs: 300 }).dial().catch((e: unknown) => e)) as DialError;
    expect(err.code).toBe('ETIMEDOUT');
    expect(err.message).toMatch(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
