import { linkSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DialError, UnixDialer } from '../../../../main/libvirt/transport';

const dir = mkdtempSync(join(tmpdir(), 'vd-unix-'));
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

function listen(server: Server, path: string): Promise<void> {
  servers.push(server);
  return new Promise((resolve) => server.listen(path, resolve));
}

describe('UnixDialer', () => {
  it('connects and carries bytes both ways', async () => {
    const path = join(dir, 'echo.sock');
    await listen(createServer((s) => s.pipe(s)), path);
    const stream = await new UnixDialer(path).dial();
    stream.write('ping');
    const chunk = await new Promise<Buffer>((r) => stream.once('data', r));
    expect(chunk.toString()).toBe('ping');
    stream.destroy();
  });

  it('names a missing socket and asks whether libvirtd runs', async () => {
    const err = await new UnixDialer('/x/none-sock').dial().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DialError);
    expect((err as DialError).code).toBe('ENOENT');
    expect((err as Error).message).toBe('libvirt socket /x/none-sock does not exist — is libvirtd running?');
  });

  it('explains a stale socket file (ECONNREFUSED)', async () => {
    // A socket file whose listener is gone, as a crashed daemon leaves it: a second link to a listening socket
    // outlives the listener (closing it removes only its own path).
    const live = join(dir, 'live.sock');
    const stale = join(dir, 'stale.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(live, resolve));
    linkSync(live, stale);
    await new Promise((resolve) => server.close(resolve));
    const err = (await new UnixDialer(stale).dial().catch((e: unknown) => e)) as DialError;
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.message).toMatch(/stale socket file/);
  });

  it('honours an AbortSignal', async () => {
    const err = (await new UnixDialer('/x/none').dial(AbortSignal.abort()).catch((e: unknown) => e)) as DialError;
    expect(err).toBeInstanceOf(DialError);
    expect(err.message).toMatch(/aborted/);
  });
});
