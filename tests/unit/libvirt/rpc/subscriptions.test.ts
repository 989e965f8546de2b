import { describe, expect, it } from 'vitest';
import type { RpcLogEntry } from '../../../../main/libvirt/rpc/log';
import { fakeClients, rawPacket, REMOTE, xdr } from './fake-server';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await tick();
}
const event = (n: number): Buffer => rawPacket({ procedure: 318, type: 2, serial: 1 }, xdr((w) => w.int(n)));

const setup = fakeClients();

describe('event subscriptions', () => {
  it('delivers asynchronously, in order, to every subscriber of the program/procedure', async () => {
    const { peer, client } = setup();
    const a: number[] = [];
    const b: number[] = [];
    client.onMessage(REMOTE, 318, (r) => void a.push(r.int()));
    client.onMessage(REMOTE, 318, (r) => void b.push(r.int()));
    client.onMessage(REMOTE, 319, () => void a.push(-1));
    peer.sendRaw(Buffer.concat([event(1), event(2), event(3)]));
    await until(() => a.length + b.length === 6);
    expect(a).toEqual([1, 2, 3]);
    expect(b).toEqual([1, 2, 3]);
  });

  it('a slow handler never blocks replies', async () => {
    const { peer, client } = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: number[] = [];
    client.onMessage(REMOTE, 318, async (r) => {
      seen.push(r.int());
      await gate;
    });
    const reply = client.call(3, null, (r) => r.string());
    const call = await peer.nextCall();
    peer.sendRaw(Buffer.concat([event(1), event(2), rawPacket({ procedure: 3, type: 1, serial: call.serial }, xdr((w) => w.string('TEST')))]));
    await expect(reply).resolves.toBe('TEST');
    await until(() => seen.length === 1);
    for (let i = 0; i < 5; i++) await tick();
    expect(seen).toEqual([1]); // the second waits for the first handler's promise
    release();
    await until(() => seen.length === 2);
    expect(seen).toEqual([1, 2]);
  });

  it('bounds the queue: drops the oldest, counts, and logs once per overflow', async () => {
    const log: RpcLogEntry[] = [];
    const { peer, client } = setup({ log: (e) => log.push(e) });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: number[] = [];
    client.onMessage(REMOTE, 318, async (r) => {
      seen.push(r.int());
      await gate;
    }, { queueLimit: 3 });
    peer.sendRaw(event(0));
    await until(() => seen.length === 1);
    peer.sendRaw(Buffer.concat([1, 2, 3, 4, 5, 6].map(event)));
    await tick();
    release();
    await until(() => seen.length === 4);
    for (let i = 0; i < 5; i++) await tick();
    expect(seen).toEqual([0, 4, 5, 6]);
    const overflow = log.filter((e) => e.kind === 'event-overflow');
    expect(overflow.length).toBe(1);
    expect(overflow[0]?.message).toMatch(/event queue for DOMAIN_EVENT_CALLBACK_LIFECYCLE is full; dropping the oldest/);
  });

  it('unsubscribes through the returned function and through an AbortSignal', async () => {
    const { peer, client } = setup();
    const seen: string[] = [];
    const ac = new AbortController();
    const off = client.onMessage(REMOTE, 318, () => void seen.push('fn'));
    client.onMessage(REMOTE, 318, () => void seen.push('signal'), { signal: ac.signal });
    expect(client.inFlight.subscriptions).toBe(2);
    off();
    ac.abort();
    expect(client.inFlight.subscriptions).toBe(0);
    peer.sendRaw(event(1));
    await tick();
    await tick();
    expect(seen).toEqual([]);
  });

  it('reports a throwing handler to the log and keeps delivering', async () => {
    const log: RpcLogEntry[] = [];
    const { peer, client } = setup({ log: (e) => log.push(e) });
    const seen: number[] = [];
    client.onMessage(REMOTE, 318, (r) => {
      const n = r.int();
      seen.push(n);
      if (n === 1) throw new Error('handler bug');
    });
    peer.sendRaw(Buffer.concat([event(1), event(2)]));
    await until(() => seen.length === 2);
    expect(seen).toEqual([1, 2]);
    expect(log.find((e) => e.kind === 'handler-error')?.message).toMatch(/handler bug/);
  });
});
