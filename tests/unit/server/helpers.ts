import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';

/** A renderer-like static directory: index.html and a hashed asset. */
export function makeStaticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'virt-deck-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Virt Deck</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

/** A test client on the contract socket: records messages and how the socket closed. */
export interface TestClient {
  readonly ws: WebSocket;
  readonly messages: unknown[];
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  /** The next message not yet returned by next(). */
  next(): Promise<unknown>;
}

/** Connect to `ws://…/api` with an Origin header (or, with null, none). Resolves once open. */
export async function connect(url: string, origin: string | null): Promise<TestClient> {
  const ws = new WebSocket(url, origin === null ? {} : { origin });
  const messages: unknown[] = [];
  let read = 0;
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async next() {
      const index = read++;
      while (messages.length <= index) {
        await new Promise<void>((resolve, reject) => {
          waiters.push(resolve);
          void closed.then(({ code, reason }) => reject(new Error(`closed ${code} ${reason}`)));
        });
      }
      return messages[index];
    },
  };
}
