// The IPC layer without the Electron binary: a registry shaped like ipcMain stands in below the layer under test;
// the service above it is the real app (real contract, real handlers).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../../common/contract/names';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { APP_ENTRY_URL, isAppUrl } from '../../../electron/app-url';
import { forwardEvents, registerContractIpc, type InvokeEventLike, type IpcHandleRegistry, type SenderLike } from '../../../electron/contract-ipc';
import { createService } from '../../../main/api/service';
import { command } from '../../../common/contract/spec';
import { z } from 'zod';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** Records what is registered, and lets the test invoke it as Electron would. */
class FakeIpcMain implements IpcHandleRegistry {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, frame: InvokeEventLike['senderFrame'], ...args: unknown[]): Promise<unknown> {
    return this.invokeFrom(new FakeSender(), channel, frame, ...args);
  }
  invokeFrom(sender: FakeSender, channel: string, frame: InvokeEventLike['senderFrame'], ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener({ senderFrame: frame, sender }, ...args);
  }
}

let nextSenderId = 1;

/** A WebContents as far as viewers go: what it was sent, and its destroyed / did-navigate events. */
class FakeSender implements SenderLike {
  readonly id = nextSenderId++;
  readonly sent: [string, unknown][] = [];
  url = APP_ENTRY_URL;
  destroyed = false;
  private readonly listeners = new Map<string, (() => void)[]>();
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  once(event: 'destroyed', listener: () => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  on(event: 'did-navigate', listener: () => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  fire(event: 'destroyed' | 'did-navigate'): void {
    if (event === 'destroyed') this.destroyed = true;
    for (const listener of this.listeners.get(event) ?? []) listener();
    if (event === 'destroyed') this.listeners.delete(event);
  }
  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, list) => n + list.length, 0);
  }
}

const appFrame = { url: APP_ENTRY_URL, parent: null };

describe('registerContractIpc', () => {
  let dataDir: string;
  let app: VirtDeckApp;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-ipc-'));
    app = createApp({ mode: 'electron', dataDir, electronVersion: '45.4.1', libvirtSocketPaths: [] });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function setup() {
    const ipc = new FakeIpcMain();
    const log = vi.fn();
    const unregister = registerContractIpc(ipc, app.service, { log });
    return { ipc, log, unregister };
  }

  it('registers every contract channel, and removes them again', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes a good call from our window to the service', async () => {
    const { ipc, log } = setup();
    const result = await ipc.invoke('app.info', appFrame, {});
    expect(result).toMatchObject({ ok: true, value: { mode: 'electron', dataDir, versions: { electron: '45.4.1' } } });
    expect(await ipc.invoke('flavors.list', { url: 'app://virt-deck/', parent: null }, {})).toMatchObject({ ok: true });
    expect(log).not.toHaveBeenCalled();
  });

  it('rejects bad arguments with a clear error', async () => {
    const { ipc } = setup();
    expect(await ipc.invoke('app.info', appFrame, { path: '/etc' })).toEqual({
      ok: false,
      error: { code: 'invalid_args', message: 'Invalid arguments for app.info: Unrecognized key: "path"' },
    });
    expect(await ipc.invoke('app.info', appFrame, null)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await ipc.invoke('app.info', appFrame)).toEqual({
      ok: false,
      error: { code: 'invalid_args', message: 'Invalid arguments for app.info: expected one argument object, got 0' },
    });
    expect(await ipc.invoke('app.info', appFrame, {}, {})).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });

  it('refuses senders that are not our window’s top frame, and logs them', async () => {
    const { ipc, log } = setup();
    const refused = { ok: false, error: { code: 'forbidden', message: 'app.info may only be called by the Virt Deck window' } };
    const strangers = [
      { url: 'https://attacker.example/', parent: null },
      { url: 'app://virt-deck.attacker.example/index.html', parent: null },
      { url: 'app://attacker/index.html', parent: null },
      { url: 'file:///work/main/dist/renderer/index.html', parent: null },
      { url: 'http://127.0.0.1:5174/', parent: null },
      { url: 'not a url', parent: null },
      // Our origin, but inside a frame.
      { url: APP_ENTRY_URL, parent: appFrame },
      // The frame is gone (navigated or destroyed).
      null,
    ];
    for (const frame of strangers) expect(await ipc.invoke('app.info', frame, {}), JSON.stringify(frame)).toEqual(refused);
    expect(log).toHaveBeenCalledTimes(strangers.length);
    expect(log).toHaveBeenCalledWith('virt-deck: refused IPC app.info from https://attacker.example/');
  });
});

describe('isAppUrl', () => {
  it('accepts only the app scheme with our exact host', () => {
    expect(isAppUrl('app://virt-deck/index.html')).toBe(true);
    expect(isAppUrl('app://virt-deck/assets/x.js?y#z')).toBe(true);
    expect(isAppUrl('app://virt-deck@attacker/')).toBe(false);
    expect(isAppUrl('apps://virt-deck/')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});

describe('forwardEvents', () => {
  it('sends events only to windows showing our app', () => {
    const listeners: ((event: string, payload: unknown) => void)[] = [];
    const service = {
      channels: [],
      call: vi.fn(),
      subscribe: (l: (event: string, payload: unknown) => void) => (listeners.push(l), () => undefined),
      openViewer: () => ({ id: 'unused', close: () => undefined }),
    };
    const ours = { url: () => APP_ENTRY_URL, send: vi.fn() };
    const navigated = { url: () => 'https://attacker.example/', send: vi.fn() };
    forwardEvents(service, () => [ours, navigated]);
    for (const listener of listeners) listener('inventory.changed', { id: 1 });
    expect(ours.send).toHaveBeenCalledWith('inventory.changed', { id: 1 });
    expect(navigated.send).not.toHaveBeenCalled();
  });
});

describe('viewers on IPC', () => {
  // A contract whose one command says which viewer called it: the service above is the real facade.
  const spec = {
    contract: { 'who.am.i': command(z.strictObject({}), z.object({ viewer: z.string().nullable() })) },
    events: { 'thing.changed': z.object({ id: z.string() }) },
  };

  function setup() {
    const service = createService(spec, { 'who.am.i': (_args, context) => ({ viewer: context.viewer ?? null }) });
    const ipc = new FakeIpcMain();
    const closed: string[] = [];
    service.onViewerClosed((viewer) => closed.push(viewer));
    const unregister = registerContractIpc(ipc, service, { log: () => undefined });
    const viewerOf = async (sender: FakeSender): Promise<string> => {
      const result = (await ipc.invokeFrom(sender, 'who.am.i', appFrame, {})) as { ok: true; value: { viewer: string } };
      return result.value.viewer;
    };
    return { service, ipc, closed, unregister, viewerOf };
  }

  it('makes each window one viewer, and sends its events to that window alone', async () => {
    const { service, viewerOf } = setup();
    const one = new FakeSender();
    const two = new FakeSender();
    const viewerOne = await viewerOf(one);
    expect(await viewerOf(one)).toBe(viewerOne);
    const viewerTwo = await viewerOf(two);
    expect(viewerTwo).not.toBe(viewerOne);

    service.emitTo(viewerOne, 'thing.changed', { id: 'for one' });
    expect(one.sent).toEqual([['thing.changed', { id: 'for one' }]]);
    expect(two.sent).toEqual([]);
    // A window that navigated off our origin is sent nothing.
    two.url = 'https://attacker.example/';
    service.emitTo(viewerTwo, 'thing.changed', { id: 'for two' });
    expect(two.sent).toEqual([]);
  });

  it('ends a viewer when its page reloads or its window is destroyed, without piling up listeners', async () => {
    const { closed, viewerOf } = setup();
    const window = new FakeSender();
    const first = await viewerOf(window);
    window.fire('did-navigate');
    expect(closed).toEqual([first]);
    // The reloaded page is a new viewer: it watches afresh.
    const second = await viewerOf(window);
    expect(second).not.toBe(first);
    await viewerOf(window);
    expect(window.listenerCount()).toBe(2);
    window.fire('destroyed');
    expect(closed).toEqual([first, second]);
  });

  it('closes every viewer when the channels are removed', async () => {
    const { closed, unregister, viewerOf } = setup();
    const viewer = await viewerOf(new FakeSender());
    unregister();
    expect(closed).toEqual([viewer]);
  });
});
