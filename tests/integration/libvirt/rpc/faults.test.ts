// Faults, each caused for real where possible: a dead daemon, a daemon killed mid-call. Garbage
// and silence come from fake peers on a unix socket (a real daemon never does that).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CallTimeoutError,
  ConnectionClosedError,
  LibvirtRpcClient,
  NonRpcOutputError,
  openConnection,
} from '../../../../main/libvirt/rpc';
import { UnixDialer } from '../../../../main/libvirt/transport/unix';
import { killLibvirtd, startLibvirtd } from '../../../lab/faults';
import { labInfo } from '../../../lab/lab-info';
import { P, openLab } from './helpers';

const unexpected: unknown[] = [];
const onUnexpected = (e: unknown): void => void unexpected.push(e);
let dir: string;

beforeAll(() => {
  process.on('unhandledRejection', onUnexpected);
  dir = mkdtempSync(join(tmpdir(), 'vd-rpc-faults-'));
});
afterAll(() => {
  process.off('unhandledRejection', onUnexpected);
  rmSync(dir, { recursive: true, force: true });
  expect(unexpected).toEqual([]);
});

/** A fake peer on a unix socket that runs `behave` for each connection. */
async function fakePeer(name: string, behave: (s: Socket) => void): Promise<{ path: string; server: Server }> {
  const path = join(dir, name);
  const server = createServer(behave);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { path, server };
}

describe('RPC client faults', () => {
  it('daemon dead: a stale socket file gives a clear connection-refused error at once', async () => {
    const path = join(dir, 'stale-sock');
    // Bind and exit without unlinking: the file stays, nobody listens.
    execFileSync('/usr/bin/python3', ['-c', `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(path)})`]);
    const started = Date.now();
    await expect(new UnixDialer(path).dial()).rejects.toThrow(/Connection refused on libvirt socket .*stale socket file/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('daemon killed mid-call: pending calls fail with ConnectionClosedError within seconds, lab restored', async () => {
    const client = await openLab('test:///default');
    let restored = false;
    try {
      const inFlight: Promise<unknown>[] = [];
      const stop = { now: false };
      const pump = (async () => {
        while (!stop.now) {
          const p = client.call(P.CONNECT_GET_HOSTNAME, null, (r) => r.string());
          inFlight.push(p.catch((e: unknown) => e));
          await p.catch(() => undefined);
        }
      })();
      await new Promise((r) => setTimeout(r, 100));
      const killedAt = Date.now();
      await killLibvirtd(labInfo());
      const closed = await client.closed;
      stop.now = true;
      await pump;
      expect(Date.now() - killedAt).toBeLessThan(5_000);
      expect(['eof', 'transport-error']).toContain(closed.reason);
      const last = await inFlight.at(-1);
      expect(last).toBeInstanceOf(ConnectionClosedError);
      await expect(client.call(P.CONNECT_GET_TYPE, null, (r) => r.string())).rejects.toBe(closed);
      await startLibvirtd(labInfo());
      restored = true;
      const again = await openLab('test:///default');
      expect(await again.call(P.CONNECT_GET_TYPE, null, (r) => r.string())).toBe('TEST');
      await again.close();
    } finally {
      if (!restored) await startLibvirtd(labInfo());
      client.destroy();
    }
    // Normally ~1 s. The lab's lock may make kill and restart each wait up to 180 s behind other
    // test runs; the timeout must cover that, or vitest would abandon the test between the kill
    // and the restart and leave the shared lab without its daemon.
  }, 400_000);

  it('a peer that sends garbage: the handshake fails with "non-RPC output from peer"', async () => {
    const { path, server } = await fakePeer('garbage', (s) => s.end('Last login: Thu Jan  1 00:00:00 1970 from 127.0.0.1\n'));
    try {
      const socket = await new UnixDialer(path).dial();
      const err = await openConnection(socket, { driverUri: 'qemu:///system' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionClosedError);
      expect((err as ConnectionClosedError).reason).toBe('protocol-error');
      expect((err as Error).cause).toBeInstanceOf(NonRpcOutputError);
      expect((err as Error).message).toMatch(/non-RPC output from peer: length word 0x4c617374 \("Last"\)/);
    } finally {
      server.close();
    }
  });

  it('a peer that goes silent: keepalive declares the connection dead', async () => {
    const { path, server } = await fakePeer('silent', () => undefined);
    try {
      const client = new LibvirtRpcClient(await new UnixDialer(path).dial());
      client.startKeepalive({ intervalMs: 200, timeoutMs: 1_000 });
      const pending = client.call(P.CONNECT_GET_TYPE, null, (r) => r.string());
      const started = Date.now();
      const closed = await client.closed;
      expect(closed.reason).toBe('keepalive-timeout');
      expect(Date.now() - started).toBeLessThan(3_000);
      await expect(pending).rejects.toBe(closed);
    } finally {
      server.close();
    }
  });

  it('call timeout: the call fails, the connection stays open', async () => {
    const { path, server } = await fakePeer('slow', () => undefined);
    try {
      const client = new LibvirtRpcClient(await new UnixDialer(path).dial());
      const err = await client.call(P.CONNECT_GET_TYPE, null, (r) => r.string(), { timeoutMs: 300, name: 'CONNECT_GET_TYPE' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CallTimeoutError);
      expect((err as Error).message).toBe('libvirt call CONNECT_GET_TYPE (serial 1) got no reply within 300 ms');
      expect(client.isClosed).toBe(false);
      client.destroy();
    } finally {
      server.close();
    }
  });
});
