// Web mode over real sockets: the HTTP server, the WebSocket endpoint and the real services behind them.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { DEFAULT_CONNECTION_LIMITS, startWebServer, type WebServer, type WebServerOptions } from '../../../main/server/web-server';
import { connect, makeStaticDir, type TestClient } from './helpers';

let staticDir: string;
let dataDir: string;
let app: VirtDeckApp;
const servers: WebServer[] = [];
const clients: TestClient[] = [];

beforeAll(() => {
  staticDir = makeStaticDir();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-web-'));
  app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [] });
});
afterAll(async () => {
  await app.close();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.ws.terminate();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<WebServerOptions> = {}): Promise<WebServer> {
  const server = await startWebServer({ service: app.service, staticDir, ...options });
  servers.push(server);
  return server;
}

async function client(server: WebServer, origin: string | null = server.origin): Promise<TestClient> {
  const c = await connect(`ws://127.0.0.1:${server.port}/api`, origin);
  clients.push(c);
  return c;
}

/** A hello'd client. */
async function session(server: WebServer): Promise<TestClient> {
  const c = await client(server);
  c.send({ type: 'hello', protocol: 1, secret: server.secret });
  expect(await c.next()).toEqual({ type: 'welcome', protocol: 1, session: expect.stringMatching(/^[\w-]{22}$/) as unknown });
  return c;
}

/** Wait for the server side to catch up with a client's close (its close handler runs on the next turns). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** A raw HTTP request with full control over the Host header. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web mode: HTTP', () => {
  it('listens on 127.0.0.1 and prints a URL carrying a 256-bit secret in the fragment', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`${server.origin}/#secret=${server.secret}`);
    const other = await start();
    expect(other.secret).not.toBe(server.secret);
  });

  it('serves the renderer with a strict CSP and security headers', async () => {
    const server = await start();
    const res = await get(server.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Virt Deck</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-cache');

    const asset = await get(server.port, '/assets/index-abc123.js');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('never serves files outside the renderer directory', async () => {
    const server = await start();
    for (const path of ['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/..%5c..%5cetc', '/%00', '/%E0%A4%A']) {
      const res = await get(server.port, path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body).not.toContain('root:');
    }
    expect((await get(server.port, '/missing.js')).status).toBe(404);
  });

  it('refuses requests whose Host is not this server (DNS rebinding) and other methods', async () => {
    const server = await start();
    expect((await get(server.port, '/', { Host: 'attacker.example:80' })).status).toBe(421);
    expect((await get(server.port, '/', { Host: `localhost:${server.port}` })).status).toBe(200);
    const post = await get(server.port, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    expect((await get(server.port, '/api')).status).toBe(426);
  });

  it('answers a request target that is not a path with 400, and lives on (it used to throw in the request callback)', async () => {
    const server = await start({ imageUpload: app.imageUpload });
    const raw = (head: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = createConnection(server.port, '127.0.0.1', () => socket.end(head));
        let text = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text)).on('error', reject);
      });
    expect(await raw('GET // HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(`GET // HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
    expect((await get(server.port, '/')).status).toBe(200);
    // A body anywhere but the upload is answered and closed at once, unread (a trickled body cannot hold a socket).
    const trickle = await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: 1000000\r\n\r\nx`);
    expect(trickle).toMatch(/^HTTP\/1\.1 400 [^]*Connection: close[^]*Only an image upload has a body/i);
  });

  it('refuses to bind anything but loopback, and weak secrets', async () => {
    await expect(startWebServer({ service: app.service, staticDir, host: '0.0.0.0' })).rejects.toThrow(/loopback address only/);
    await expect(startWebServer({ service: app.service, staticDir, secret: 'short' })).rejects.toThrow(/at least 22 characters/);
  });

  it('fails clearly when the port is taken', async () => {
    const server = await start();
    await expect(startWebServer({ service: app.service, staticDir, port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('web mode: contract WebSocket', () => {
  it('answers calls after a hello with the secret, including validation errors', async () => {
    const server = await start();
    const c = await session(server);
    c.send({ type: 'call', id: 1, channel: 'app.info', args: {} });
    expect(await c.next()).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { name: 'Virt Deck', mode: 'web', dataDir } } });
    c.send({ type: 'call', id: 2, channel: 'app.info', args: { all: true } });
    expect(await c.next()).toEqual({
      type: 'result',
      id: 2,
      result: { ok: false, error: { code: 'invalid_args', message: 'Invalid arguments for app.info: Unrecognized key: "all"' } },
    });
    c.send({ type: 'call', id: 3, channel: 'hosts.delete', args: {} });
    expect(await c.next()).toMatchObject({ id: 3, result: { ok: false, error: { code: 'unknown_channel' } } });
  });

  it('refuses a wrong secret in a close reason, and a call before hello', async () => {
    const server = await start();
    const wrong = await client(server);
    wrong.send({ type: 'hello', protocol: 1, secret: `${server.secret.slice(0, -1)}x` });
    expect(await wrong.closed).toEqual({ code: 4401, reason: expect.stringContaining('Wrong session secret') });

    const eager = await client(server);
    eager.send({ type: 'call', id: 1, channel: 'app.info', args: {} });
    expect(await eager.closed).toEqual({ code: 4401, reason: 'The first message must be a hello with the session secret' });
    expect(eager.messages).toEqual([]);
  });

  it('refuses cross-origin pages and clients without an Origin, saying why', async () => {
    const server = await start();
    const evil = await client(server, 'https://attacker.example');
    expect(await evil.closed).toEqual({ code: 4403, reason: expect.stringContaining('Origin https://attacker.example is not allowed') });
    const lookalike = await client(server, `http://127.0.0.1:${server.port}.attacker.example`);
    expect((await lookalike.closed).code).toBe(4403);
    const none = await client(server, null);
    expect(await none.closed).toEqual({ code: 4403, reason: expect.stringContaining('Missing Origin header') });
    // The secret does not help a foreign origin.
    const evilWithSecret = await client(server, 'http://localhost:1');
    evilWithSecret.send({ type: 'hello', protocol: 1, secret: server.secret });
    expect((await evilWithSecret.closed).code).toBe(4403);
    expect(evilWithSecret.messages).toEqual([]);
  });

  it('accepts the localhost spelling of its own origin', async () => {
    const server = await start();
    const c = await client(server, `http://localhost:${server.port}`);
    c.send({ type: 'hello', protocol: 1, secret: server.secret });
    expect(await c.next()).toEqual({ type: 'welcome', protocol: 1, session: expect.stringMatching(/^[\w-]{22}$/) as unknown });
  });

  it('refuses an upgrade for a foreign Host or another path', async () => {
    const server = await start();
    await expect(connect(`ws://127.0.0.1:${server.port}/other`, server.origin)).rejects.toThrow('HTTP 404');
    const upgrade = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    expect((await get(server.port, '/api', { ...upgrade, Host: 'attacker.example', Origin: 'http://attacker.example' })).status).toBe(421);
  });

  it('closes on malformed messages with the reason', async () => {
    const server = await start();
    const notJson = await session(server);
    notJson.send('{nope');
    expect(await notJson.closed).toEqual({ code: 1008, reason: 'Invalid message: not JSON' });

    const wrongShape = await session(server);
    wrongShape.send({ type: 'call', id: -1, channel: 'app.info', args: {} });
    expect(await wrongShape.closed).toMatchObject({ code: 1008, reason: expect.stringContaining('Invalid message: id:') });

    const binary = await session(server);
    binary.ws.send(Buffer.from([1, 2, 3]));
    expect(await binary.closed).toMatchObject({ code: 1008, reason: expect.stringContaining('Binary messages') });

    const twice = await session(server);
    twice.send({ type: 'hello', protocol: 1, secret: server.secret });
    expect(await twice.closed).toEqual({ code: 1008, reason: 'Invalid message: hello sent twice' });
  });

  it('closes with 1009 when a message exceeds the size limit', async () => {
    const server = await start({ limits: { maxMessageBytes: 4096 } });
    const c = await session(server);
    c.send({ type: 'call', id: 1, channel: 'app.info', args: { padding: 'x'.repeat(5000) } });
    expect((await c.closed).code).toBe(1009);
  });

  it('closes a connection that never says hello', async () => {
    const server = await start({ limits: { helloTimeoutMs: 50 } });
    const c = await client(server);
    expect(await c.closed).toEqual({ code: 4408, reason: 'No hello with the session secret in time' });
  });

  it('rate-limits calls per connection with a clear error', async () => {
    const server = await start({ limits: { callBurst: 3, callsPerSecond: 0.001 } });
    const c = await session(server);
    for (let id = 1; id <= 5; id += 1) c.send({ type: 'call', id, channel: 'app.info', args: {} });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => c.next()));
    const limited = results.filter((r) => (r as { result: { ok: boolean } }).result.ok === false);
    expect(limited).toHaveLength(2);
    expect(limited[0]).toMatchObject({ result: { error: { code: 'rate_limited', message: expect.stringContaining('Too many calls') } } });
  });

  it('makes each connection one viewer: its stats go to it alone, broadcasts to all, and its watch ends with it', async () => {
    const server = await start();
    const a = await session(server);
    const b = await session(server);
    const closed: string[] = [];
    const off = app.service.onViewerClosed((viewer) => closed.push(viewer));
    const forA = '00000000-0000-4000-8000-00000000000a';
    const forB = '00000000-0000-4000-8000-00000000000b';
    a.send({ type: 'call', id: 1, channel: 'stats.watch', args: { level: 'summary', uuids: [forA] } });
    b.send({ type: 'call', id: 1, channel: 'stats.watch', args: { level: 'summary', uuids: [forB] } });
    // The first round runs at once; instances the inventory does not have are unavailable, and say so.
    const messagesOf = async (c: TestClient) => [await c.next(), await c.next()];
    const [gotA, gotB] = await Promise.all([messagesOf(a), messagesOf(b)]);
    expect(gotA).toContainEqual({ type: 'result', id: 1, result: { ok: true, value: { level: 'summary', history: [{ uuid: forA, points: [], unavailable: null }] } } });
    expect(gotA).toContainEqual({ type: 'event', event: 'stats.samples', payload: { level: 'summary', samples: [{ uuid: forA, t: expect.any(Number) as number, unavailable: `No instance ${forA}` }] } });
    expect(gotB).toContainEqual({ type: 'event', event: 'stats.samples', payload: { level: 'summary', samples: [{ uuid: forB, t: expect.any(Number) as number, unavailable: `No instance ${forB}` }] } });

    app.service.emit('inventory.changed', { instances: [], hosts: [], removedHosts: [] });
    const broadcast = { type: 'event', event: 'inventory.changed', payload: { instances: [], hosts: [], removedHosts: [] } };
    expect(await a.next()).toEqual(broadcast);
    expect(await b.next()).toEqual(broadcast);

    a.ws.close();
    await a.closed;
    await waitFor(() => closed.length === 1);
    b.ws.close();
    await b.closed;
    await waitFor(() => closed.length === 2);
    expect(new Set(closed).size).toBe(2);
    off();
  });

  it('limits the number of connections', async () => {
    const server = await start({ limits: { maxConnections: 1 } });
    await session(server);
    const second = await client(server);
    expect(await second.closed).toEqual({ code: 1013, reason: 'Too many connections (limit 1)' });
  });

  it('does not let sockets that never say hello keep the real client out', async () => {
    const server = await start();
    const silent = await Promise.all(Array.from({ length: 40 }, () => client(server)));
    const real = await session(server);
    real.send({ type: 'call', id: 1, channel: 'app.info', args: {} });
    expect(await real.next()).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
    // The silent ones beyond the small pre-hello budget were closed to make room; the rest wait for their timeout.
    const closedEarly = await Promise.all(silent.slice(0, 40 - DEFAULT_CONNECTION_LIMITS.maxPendingConnections).map((c) => c.closed));
    expect(new Set(closedEarly.map((c) => c.code))).toEqual(new Set([1013]));
    expect(closedEarly[0]?.reason).toBe(`Too many connections waiting for their hello (limit ${DEFAULT_CONNECTION_LIMITS.maxPendingConnections})`);
  });

  it('keeps pre-hello connections in a small budget of their own, evicting the oldest', async () => {
    const server = await start({ limits: { maxPendingConnections: 2, maxConnections: 2 } });
    const first = await client(server);
    const second = await client(server);
    const third = await client(server);
    expect((await first.closed).code).toBe(1013);
    // The authenticated limit is separate: two sessions fit although two pre-hello sockets were open.
    second.send({ type: 'hello', protocol: 1, secret: server.secret });
    third.send({ type: 'hello', protocol: 1, secret: server.secret });
    expect(await second.next()).toEqual({ type: 'welcome', protocol: 1, session: expect.stringMatching(/^[\w-]{22}$/) as unknown });
    expect(await third.next()).toEqual({ type: 'welcome', protocol: 1, session: expect.stringMatching(/^[\w-]{22}$/) as unknown });
    const fourth = await client(server);
    expect(await fourth.closed).toEqual({ code: 1013, reason: 'Too many connections (limit 2)' });
  });

  it('shuts down cleanly: clients get 1001 with a reason, close() resolves, the port is free again', async () => {
    const server = await startWebServer({ service: app.service, staticDir });
    const c = await session(server);
    await server.close();
    expect(await c.closed).toEqual({ code: 1001, reason: 'Virt Deck is shutting down' });
    await server.close(); // idempotent
    const again = await start({ port: server.port });
    expect(again.port).toBe(server.port);
  });
});
