import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DialError, TcpDialer } from '../../../../main/libvirt/transport';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});
afterEach(() => {
  vi.useRealTimers();
});

function listen(server: Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('TcpDialer', () => {
  it('connects to a loopback listener', async () => {
    const port = await listen(createServer((s) => s.end('hi')));
    const stream = await new TcpDialer('127.0.0.1', port).dial();
    const text = await new Promise<string>((r) => stream.once('data', (d: Buffer) => r(d.toString())));
    expect(text).toBe('hi');
    stream.destroy();
  });

  it('explains a refused connection', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((r) => server.close(r));
    const err = (await new TcpDialer('127.0.0.1', port).dial().catch((e: unknown) => e)) as DialError;
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.message).toMatch(/Connection refused by 127\.0\.0\.1:\d+ — libvirtd is not listening on TCP/);
  });

  it('gives up when the connection is not established in time', async () => {
    // The clock is faked, the socket is real: the limit passes before the event loop has run the connect at all.
    // tests/integration/libvirt/transport/tcp-timeout.test.ts holds a peer that really never answers.
    const port = await listen(createServer());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dialing = new TcpDialer('127.0.0.1', port, { timeoutMs: 300 }).dial().catch((e: unknown) => e);
    vi.advanceTimersByTime(300);
    const err = (await dialing) as DialError;
    expect(err).toBeInstanceOf(DialError);
    expect(err.code).toBe('ETIMEDOUT');
    expect(err.message).toBe(`Connecting to libvirtd at 127.0.0.1:${port} (TCP) timed out after 300 ms`);
  });
});
