// Electron's console path without the Electron binary: an ipcMain-like registry, node:worker_threads ports standing
// in for MessageChannelMain, and the real app behind it (real inventory, real tokens, a real TCP "VNC server").
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONSOLE_CLOSE, CONSOLE_IPC, type ConsolePortEnvelope } from '../../../common/contract/console-wire';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { inventoryPath } from '../../../main/config/paths';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';
import { APP_ENTRY_URL } from '../../../electron/app-url';
import { registerConsoleIpc, type ConsoleIpcEvent, type IpcOnRegistry } from '../../../electron/console-ipc';
import { viewerSessionOf } from '../../../electron/contract-ipc';

type Listener = (event: ConsoleIpcEvent<MessagePort>, ...args: unknown[]) => void;

class FakeIpcMain implements IpcOnRegistry<MessagePort> {
  readonly listeners = new Map<string, Listener>();
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, listener);
  }
  removeAllListeners(channel: string): void {
    this.listeners.delete(channel);
  }
}

/** A web contents: its id, and what main posts to it. */
function sender(id: number) {
  const posted: { channel: string; message: Omit<ConsolePortEnvelope, 'type'>; ports: MessagePort[] }[] = [];
  let wake: (() => void) | null = null;
  return {
    id,
    posted,
    postMessage(channel: string, message: unknown, transfer: MessagePort[] = []) {
      posted.push({ channel, message: message as Omit<ConsolePortEnvelope, 'type'>, ports: transfer });
      wake?.();
    },
    async next() {
      while (posted.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return posted.shift()!;
    },
  };
}

let dataDir: string;
let app: VirtDeckApp;
let vnc: Server;
let vncPort: number;
let instance: string;
let hostId: string;
const ipc = new FakeIpcMain();
const log = vi.fn<(message: string) => void>();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-console-ipc-'));
  app = createApp({ mode: 'electron', dataDir, libvirtSocketPaths: [], log: () => undefined });
  await app.service.call('projects.list', {}, { transport: 'in-process' });
  const store = openSqliteStore({ file: inventoryPath(dataDir) });
  hostId = store.hosts.update(store.hosts.insert({ name: 'local', uri: 'qemu:///system' }).id, { status: 'up' }).id;
  instance = store.instances.insert({ name: 'web-1', projectId: store.projects.list()[0]!.id, hostId, vmState: 'active', vcpus: 1, ramMiB: 64, diskGiB: 1 }).uuid;
  store.close();
  vnc = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('RFB 003.008\n');
  });
  await new Promise<void>((resolve) => vnc.listen(0, '127.0.0.1', resolve));
  vncPort = (vnc.address() as { port: number }).port;
  registerConsoleIpc(ipc, () => app.consoles(), () => {
    const { port1, port2 } = new MessageChannel();
    return {
      main: { postMessage: (m) => port1.postMessage(m), onMessage: (l) => void port1.on('message', l), onClose: (l) => void port1.on('close', l), start: () => port1.start(), close: () => port1.close() },
      page: port2,
    };
  }, { log });
});

afterAll(async () => {
  app.consoles().closeAll('test over');
  vnc.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function issue(contentsId: number): string {
  return app.consoles().tokens.issue({ instanceUuid: instance, kind: 'vnc', detail: { hostId, domainUuid: instance, endpoint: { kind: 'tcp', host: '127.0.0.1', port: vncPort } } }, viewerSessionOf({ id: contentsId })).token;
}

function connect(from: ReturnType<typeof sender>, request: unknown, frame: ConsoleIpcEvent<MessagePort>['senderFrame'] = { url: APP_ENTRY_URL, parent: null }): void {
  ipc.listeners.get(CONSOLE_IPC.connect)!({ senderFrame: frame, sender: from }, request);
}

describe('console IPC (Electron)', () => {
  it('answers a good request with a port carrying the console: no socket is listening anywhere', async () => {
    const page = sender(7);
    connect(page, { requestId: 'r1', token: issue(7), instance });
    const reply = await page.next();
    expect(reply.channel).toBe(CONSOLE_IPC.port);
    expect(reply.message).toEqual({ requestId: 'r1', error: null });
    expect(reply.ports).toHaveLength(1);
    const port = reply.ports[0]!;
    const first = await new Promise<unknown>((resolve) => port.once('message', resolve));
    expect(Buffer.from(first as Uint8Array).toString()).toBe('RFB 003.008\n');
    port.postMessage({ type: 'close', code: 1000, reason: 'done' });
    port.close();
  });

  it('answers a refused token with the close code and reason, and no port', async () => {
    const page = sender(8);
    connect(page, { requestId: 'r2', token: issue(9), instance });
    const reply = await page.next();
    expect(reply.message).toEqual({ requestId: 'r2', error: { code: CONSOLE_CLOSE.TOKEN_REFUSED, reason: 'Console refused: this console link belongs to another window; open the console again' } });
    expect(reply.ports).toHaveLength(0);
  });

  it('ignores requests from a subframe or another origin, and malformed ones', () => {
    const page = sender(10);
    connect(page, { requestId: 'r3', token: issue(10), instance }, { url: APP_ENTRY_URL, parent: {} });
    connect(page, { requestId: 'r4', token: issue(10), instance }, { url: 'https://evil.example/', parent: null });
    connect(page, { requestId: 'r5', token: 42 });
    expect(page.posted).toEqual([]);
    expect(log.mock.calls.map(([line]) => line)).toEqual([
      `virt-deck: refused console connect from a subframe (${APP_ENTRY_URL})`,
      'virt-deck: refused console connect from https://evil.example/',
      'virt-deck: refused a malformed console connect request',
    ]);
  });
});
