// Web mode's console socket over real sockets: every refusal (Origin, secret, hello, session, token) with its close
// code, then a console proxied to an in-process VNC-like server, and main's memory bound when the browser stops reading.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CONSOLE_CLOSE, CONSOLE_WINDOW_BYTES } from '../../../common/contract/console-wire';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { inventoryPath } from '../../../main/config/paths';
import { openSqliteStore, type SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { startWebServer, type WebServer } from '../../../main/server/web-server';
import { connect, makeStaticDir } from './helpers';

let staticDir: string;
let dataDir: string;
let app: VirtDeckApp;
let store: SqliteInventoryStore;
let server: WebServer;
let vnc: { server: Server; port: number; sockets: Set<Socket>; blocked: () => boolean };
const logs: string[] = [];
let web: { uuid: string; hostId: string };
let db: { uuid: string };
const sockets: WebSocket[] = [];

beforeAll(async () => {
  staticDir = makeStaticDir();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-console-'));
  app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [], log: (message) => logs.push(message) });
  await app.service.call('projects.list', {}, { transport: 'in-process' }); // opens (and creates) the inventory
  store = openSqliteStore({ file: inventoryPath(dataDir) });
  const host = store.hosts.update(store.hosts.insert({ name: 'local', uri: 'qemu:///system' }).id, { status: 'up' });
  const project = store.projects.list()[0]!;
  const add = (name: string) => store.instances.insert({ name, projectId: project.id, hostId: host.id, vmState: 'active', vcpus: 1, ramMiB: 64, diskGiB: 1 });
  web = { uuid: add('web-1').uuid, hostId: host.id };
  db = { uuid: add('db-1').uuid };
  vnc = await fakeVncServer();
  server = await startWebServer({ service: app.service, staticDir, consoles: () => app.consoles(), limits: { helloTimeoutMs: 300 }, log: () => undefined });
});

afterAll(async () => {
  await server.close();
  for (const socket of vnc.sockets) socket.destroy();
  vnc.server.close();
  store.close();
  await app.close();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});

/** A VNC-like server: greets, echoes what it gets, and on "flood" sends as fast as the socket takes it. */
async function fakeVncServer(): Promise<{ server: Server; port: number; sockets: Set<Socket>; blocked: () => boolean }> {
  const open = new Set<Socket>();
  let waitingForDrain = false;
  const srv = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    socket.write('RFB 003.008\n');
    socket.on('data', (data) => {
      if (data.toString() !== 'flood') {
        socket.write(data);
        return;
      }
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      const pump = (): void => {
        waitingForDrain = false;
        while (!socket.destroyed && socket.write(chunk));
        if (socket.destroyed) return;
        waitingForDrain = true;
        socket.once('drain', pump);
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server: srv, port: address.port, sockets: open, blocked: () => waitingForDrain };
}

/** A page's contract session: its id is what console tokens are bound to. */
async function pageSession(): Promise<string> {
  const page = await connect(`ws://127.0.0.1:${server.port}/api`, server.origin);
  sockets.push(page.ws);
  page.send({ type: 'hello', protocol: 1, secret: server.secret });
  return ((await page.next()) as { session: string }).session;
}

function issue(session: string, instance = web.uuid): string {
  return app.consoles().tokens.issue({ instanceUuid: instance, kind: 'vnc', detail: { hostId: web.hostId, domainUuid: instance, endpoint: { kind: 'tcp', host: '127.0.0.1', port: vnc.port } } }, session).token;
}

interface ConsoleClient {
  readonly ws: WebSocket;
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Text messages, then binary data, as received. */
  readonly text: string[];
  readonly binary: Buffer[];
}

async function consoleClient(origin: string | null = server.origin): Promise<ConsoleClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/console`, origin === null ? {} : { origin });
  sockets.push(ws);
  const text: string[] = [];
  const binary: Buffer[] = [];
  ws.on('message', (data: Buffer, isBinary) => (isBinary ? binary.push(data) : text.push(data.toString())));
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return { ws, closed, text, binary };
}

function hello(client: ConsoleClient, fields: { secret?: string; session: string; token: string; instance?: string }): void {
  client.ws.send(JSON.stringify({ type: 'hello', protocol: 1, secret: fields.secret ?? server.secret, session: fields.session, token: fields.token, instance: fields.instance ?? web.uuid }));
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('web mode console socket: refusals', () => {
  it('refuses a foreign or missing Origin before reading anything', async () => {
    expect(await (await consoleClient('http://evil.example')).closed).toEqual({ code: CONSOLE_CLOSE.BAD_ORIGIN, reason: 'Origin http://evil.example is not allowed: only pages served by this Virt Deck may connect' });
    expect((await (await consoleClient(null)).closed).code).toBe(CONSOLE_CLOSE.BAD_ORIGIN);
  });

  it('refuses a missing or wrong session secret', async () => {
    const session = await pageSession();
    const token = issue(session);
    for (const secret of ['', 'x'.repeat(43)]) {
      const client = await consoleClient();
      hello(client, { secret, session, token });
      expect(await client.closed).toEqual({ code: CONSOLE_CLOSE.BAD_SECRET, reason: 'Wrong session secret: open the URL Virt Deck printed at start' });
    }
    const noSecret = await consoleClient();
    noSecret.ws.send(JSON.stringify({ type: 'hello', protocol: 1, session, token, instance: web.uuid }));
    expect((await noSecret.closed).code).toBe(CONSOLE_CLOSE.POLICY_VIOLATION);
  });

  it('closes a socket that says nothing, or sends bytes first', async () => {
    expect(await (await consoleClient()).closed).toEqual({ code: CONSOLE_CLOSE.HELLO_TIMEOUT, reason: 'No console hello in time' });
    const binary = await consoleClient();
    binary.ws.send(Buffer.from('RFB 003.008\n'));
    expect((await binary.closed).code).toBe(CONSOLE_CLOSE.POLICY_VIOLATION);
  });

  it('refuses a session that is not an open page', async () => {
    const client = await consoleClient();
    hello(client, { session: 'not-a-session', token: issue('not-a-session') });
    expect(await client.closed).toEqual({ code: CONSOLE_CLOSE.TOKEN_REFUSED, reason: 'Console refused: the window that opened it is no longer connected; open the console again' });
  });

  it('refuses forged tokens, tokens of another window, tokens for another instance', async () => {
    const session = await pageSession();
    const other = await pageSession();
    const cases: { token: string; session: string; instance?: string; reason: string }[] = [
      { token: 'AAAAAAAAAAAAAAAAAAAAAA', session, reason: 'Console refused: this console link is not valid; open the console again' },
      { token: issue(other), session, reason: 'Console refused: this console link belongs to another window; open the console again' },
      { token: issue(session), session, instance: db.uuid, reason: 'Console refused: this console link is for another instance; open the console again' },
    ];
    for (const c of cases) {
      const client = await consoleClient();
      hello(client, c);
      expect(await client.closed).toEqual({ code: CONSOLE_CLOSE.TOKEN_REFUSED, reason: c.reason });
      expect(client.text).toEqual([]);
    }
    // Each refusal is logged with its reason, never with the token.
    expect(logs.filter((line) => line.startsWith('virt-deck: console token refused'))).toEqual([
      `virt-deck: console token refused (unknown) for instance ${web.uuid}`,
      `virt-deck: console token refused (wrong-session) for instance ${web.uuid}`,
      `virt-deck: console token refused (wrong-instance) for instance ${db.uuid}`,
    ]);
    for (const c of cases) expect(logs.join('\n')).not.toContain(c.token);
  });
});

describe('web mode console socket: proxying', () => {
  it('says ready, pipes bytes both ways, and refuses the token a second time', async () => {
    const session = await pageSession();
    const token = issue(session);
    const client = await consoleClient();
    hello(client, { session, token });
    await until(() => client.binary.length > 0, 'the VNC greeting');
    expect(client.text).toEqual(['{"type":"ready"}']);
    expect(Buffer.concat(client.binary).toString()).toBe('RFB 003.008\n');
    client.ws.send(Buffer.from('RFB 003.008\n'));
    await until(() => Buffer.concat(client.binary).length === 24, 'the echo');
    expect(app.consoles().active).toBe(1);

    const again = await consoleClient();
    hello(again, { session, token });
    expect(await again.closed).toEqual({ code: CONSOLE_CLOSE.TOKEN_REFUSED, reason: 'Console refused: this console link was already used (each one works once); open the console again' });

    client.ws.close(1000, 'bye');
    await until(() => app.consoles().active === 0, 'the proxy to close');
  });

  it('a browser that stops reading does not make main buffer past the bound', async () => {
    const session = await pageSession();
    const client = await consoleClient();
    hello(client, { session, token: issue(session) });
    await until(() => client.binary.length > 0, 'the greeting');
    client.ws.send(Buffer.from('flood'));
    await until(() => client.binary.length > 4, 'the flood');
    client.ws.pause(); // the page stops reading: its socket buffers fill, then main's
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    await until(() => (app.consoles().activeStats()[0]?.pauses ?? 0) >= 1, 'the proxy to pause the console');
    // The producer never stops on its own: it is held by TCP back-pressure once main stopped reading it.
    await until(() => vnc.blocked(), 'the VNC side to be held back');
    const [stats] = app.consoles().activeStats();
    expect(stats!.maxQueued).toBeLessThanOrEqual(CONSOLE_WINDOW_BYTES + 64 * 1024);
    const grown = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore;
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    client.ws.terminate();
    await until(() => app.consoles().active === 0, 'the proxy to close');
  });
});
