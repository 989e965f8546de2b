// @vitest-environment happy-dom
// The page's MessagePort adapter, handed to noVNC's own Websock (what RFB does with a channel): noVNC accepts it,
// reads what main sends and sends through it, and sees the close.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PortSocket, type PortLike } from '../../../../../../renderer/shared/backend/console/port-socket';

interface NoVncWebsock {
  attach(channel: unknown): void;
  on(event: 'message' | 'close' | 'open', handler: (event?: unknown) => void): void;
  readonly readyState: string;
  rQlen(): number;
  rQshiftStr(length: number): string;
  sQpushString(text: string): void;
  flush(): void;
  close(): void;
}

let Websock: new () => NoVncWebsock;
beforeAll(async () => {
  // noVNC reads WebSocket's state constants when it loads; Node 20 has no WebSocket global.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 };
  // The package exports only rfb.js; its Websock sits beside it.
  const websock = join(dirname(createRequire(import.meta.url).resolve('@novnc/novnc')), 'websock.js');
  Websock = ((await import(pathToFileURL(websock).href)) as { default: new () => NoVncWebsock }).default;
});

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function pair(): { main: MessagePort; socket: PortSocket } {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return { main: port1, socket: new PortSocket(port2 as unknown as PortLike) };
}

function next(port: MessagePort): Promise<unknown> {
  return new Promise((resolve) => port.once('message', resolve));
}

describe('PortSocket as a noVNC channel', () => {
  it('is accepted by noVNC, delivers what main sends and acknowledges it', async () => {
    const { main, socket } = pair();
    const sock = new Websock();
    sock.attach(socket);
    expect(sock.readyState).toBe('open');
    const got = new Promise<void>((resolve) => sock.on('message', () => resolve()));
    main.postMessage(new Uint8Array(Buffer.from('RFB 003.008\n')));
    await got;
    expect(sock.rQshiftStr(sock.rQlen())).toBe('RFB 003.008\n');
    expect(await next(main)).toEqual({ type: 'ack', bytes: 12 });
  });

  it("sends noVNC's bytes (copied out of its reused buffer)", async () => {
    const { main, socket } = pair();
    const sock = new Websock();
    sock.attach(socket);
    sock.sQpushString('RFB 003.008\n');
    sock.flush();
    const message = (await next(main)) as Uint8Array;
    expect(Buffer.from(message).toString()).toBe('RFB 003.008\n');
    expect(message.buffer.byteLength).toBe(12);
  });

  it("reports main's close with its code and reason, and closes towards main when noVNC closes", async () => {
    const { main, socket } = pair();
    const sock = new Websock();
    sock.attach(socket);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => sock.on('close', (event) => resolve(event as { code: number; reason: string })));
    main.postMessage({ type: 'close', code: 4410, reason: 'Console refused: this console link expired before it was used; open the console again' });
    expect(await closed).toMatchObject({ code: 4410, reason: 'Console refused: this console link expired before it was used; open the console again' });

    const other = pair();
    const sock2 = new Websock();
    sock2.attach(other.socket);
    const told = next(other.main);
    sock2.close();
    expect(await told).toEqual({ type: 'close', code: 1000, reason: 'The viewer closed the console' });
  });
});
