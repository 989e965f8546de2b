// The Electron console path without Electron: main's PortViewer and the page's PortSocket on the two ends of a
// node:worker_threads MessageChannel (the same structured-clone ports as MessageChannelMain), with the real proxy.
import { Duplex } from 'node:stream';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_CLOSE } from '../../../common/contract/console-wire';
import { PortViewer, type ConsolePort } from '../../../main/console/port-viewer';
import { pipeConsole } from '../../../main/console/proxy';
import { PortSocket, type PortLike } from '../../../renderer/shared/backend/console/port-socket';

const open: MessagePort[] = [];
afterEach(() => {
  for (const port of open.splice(0)) port.close();
});

/** node:worker_threads' port as main's ConsolePort (Electron's adapter does the same for MessagePortMain). */
function mainPort(port: MessagePort): ConsolePort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', listener),
    onClose: (listener) => void port.on('close', listener),
    start: () => port.start(),
    close: () => port.close(),
  };
}

function channel(): { main: ConsolePort; page: PortLike; raw: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  return { main: mainPort(port1), page: port2 as unknown as PortLike, raw: port2 };
}

/** A console side: records what the viewer typed, and sends what the test writes. */
function guest(): Duplex & { typed: Buffer[] } {
  const typed: Buffer[] = [];
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      typed.push(chunk);
      callback();
    },
  });
  return Object.assign(stream, { typed });
}

function nextMessage(socket: PortSocket): Promise<Uint8Array> {
  return new Promise((resolve) => {
    socket.onmessage = (event) => resolve(new Uint8Array(event.data as ArrayBuffer));
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !check(); turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(check()).toBe(true);
}

describe('console over a MessagePort', () => {
  it('carries bytes both ways, as ArrayBuffers that own exactly their bytes', async () => {
    const { main, page } = channel();
    const console = guest();
    const viewer = new PortViewer(main);
    const proxy = pipeConsole(console, viewer);
    const socket = new PortSocket(page);
    const received = nextMessage(socket);
    // A view into a bigger buffer, as sockets deliver: only its bytes may cross.
    console.push(Buffer.from('RFB 003.008\n'));
    const bytes = await received;
    expect(Buffer.from(bytes).toString()).toBe('RFB 003.008\n');
    const sent = new Uint8Array(64);
    sent.set(Buffer.from('RFB 003.008\n'));
    socket.send(new Uint8Array(sent.buffer, 0, 12));
    await until(() => console.typed.length === 1);
    expect(Buffer.concat(console.typed).toString()).toBe('RFB 003.008\n');
    // Acks brought the counts back to zero on both sides.
    await until(() => viewer.queuedBytes === 0 && socket.bufferedAmount === 0);
    expect(proxy.stats).toMatchObject({ toViewer: 12, fromViewer: 12 });
    proxy.close(CONSOLE_CLOSE.NORMAL, 'done');
  });

  it('stops the console when the page stops taking messages: main holds at most the window', async () => {
    const { main, raw } = channel();
    const console = guest();
    const viewer = new PortViewer(main);
    const proxy = pipeConsole(console, viewer, { maxQueuedBytes: 256 * 1024 });
    // The page never acknowledges (its port delivers, nobody acks).
    raw.on('message', () => undefined);
    for (let i = 0; i < 40; i++) console.push(Buffer.alloc(32 * 1024, i));
    await until(() => proxy.stats.pauses === 1);
    expect(viewer.queuedBytes).toBeLessThanOrEqual(256 * 1024 + 32 * 1024);
    expect(console.isPaused()).toBe(true);
    proxy.close(CONSOLE_CLOSE.NORMAL, 'done');
  });

  it('holds page input beyond the window until main acknowledges it', async () => {
    const { main, page } = channel();
    const viewer = new PortViewer(main, 1024);
    const console = guest();
    const proxy = pipeConsole(console, viewer);
    viewer.pauseInput(); // as when the console side's write buffer is full
    const socket = new PortSocket(page, 1024);
    for (let i = 0; i < 4; i++) socket.send(new Uint8Array(512));
    await until(() => console.typed.length === 2);
    expect(socket.bufferedAmount).toBe(2048); // 1024 in flight (unacknowledged), 1024 waiting in the page
    viewer.resumeInput();
    await until(() => console.typed.length === 4);
    await until(() => socket.bufferedAmount === 0);
    proxy.close(CONSOLE_CLOSE.NORMAL, 'done');
  });

  it('cuts off a page that sends beyond its window, or sends garbage', async () => {
    const first = channel();
    const overrun = new PortViewer(first.main, 1024);
    const proxy = pipeConsole(guest(), overrun);
    overrun.pauseInput();
    first.raw.postMessage(new Uint8Array(800));
    first.raw.postMessage(new Uint8Array(800));
    const closed = await proxy.closed;
    expect(closed).toMatchObject({ code: CONSOLE_CLOSE.POLICY_VIOLATION, reason: 'The viewer sent more than 1024 bytes without waiting for acknowledgements' });

    const second = channel();
    const garbage = pipeConsole(guest(), new PortViewer(second.main));
    second.raw.postMessage({ type: 'ack', bytes: -5 });
    expect((await garbage.closed).reason).toBe('Invalid console message: expected bytes, an ack or a close');

    const third = channel();
    const lying = pipeConsole(guest(), new PortViewer(third.main));
    third.raw.postMessage({ type: 'ack', bytes: 10 });
    expect((await lying.closed).reason).toBe('The viewer acknowledged 10 bytes, but only 0 were in flight');
  });

  it('closes both ends with the reason, from either side', async () => {
    const first = channel();
    const console = guest();
    const proxy = pipeConsole(console, new PortViewer(first.main), { label: 'the display of web-1' });
    const socket = new PortSocket(first.page);
    const onClose = new Promise<CloseEvent>((resolve) => (socket.onclose = resolve));
    console.destroy();
    const event = await onClose;
    expect({ code: event.code, reason: event.reason }).toEqual({ code: CONSOLE_CLOSE.NORMAL, reason: 'The display of web-1 ended (the guest display or console closed)' });
    expect(socket.readyState).toBe(3);
    await proxy.closed;

    const second = channel();
    const tunnel = guest();
    const other = pipeConsole(tunnel, new PortViewer(second.main));
    const page = new PortSocket(second.page);
    page.close();
    expect(await other.closed).toMatchObject({ code: CONSOLE_CLOSE.NORMAL, reason: 'The viewer closed the console' });
    expect(tunnel.destroyed).toBe(true);
    expect(await page.closed).toEqual({ code: CONSOLE_CLOSE.NORMAL, reason: 'The viewer closed the console' });
  });
});
