// The client's per-call machinery: write batching, the shared timeout timer, abort listeners and
// decoding in the reader. The behaviour must be what one write and one timer per call gave.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallAbortedError, CallTimeoutError, ConnectionClosedError, ProtocolError } from '../../../../main/libvirt/errors';
import type { RpcLogEntry } from '../../../../main/libvirt/rpc/log';
import type { XdrReader } from '../../../../main/libvirt/xdr';
import { fakeClients, rawPacket, xdr, type SeenPacket } from './fake-server';

const readInt = (r: XdrReader): number => r.int();
const readString = (r: XdrReader): string => r.string();

const setup = fakeClients();

/** Count the transport writes the client makes. */
function countWrites(stream: { write: (...args: never[]) => boolean }): { readonly count: number } {
  const spy = vi.spyOn(stream, 'write');
  return {
    get count() {
      return spy.mock.calls.length;
    },
  };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A fake clock for the call deadlines (setTimeout and Date); the in-memory socket and the write batching stay real. */
const fakeClock = () => vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
afterEach(() => {
  vi.useRealTimers();
});

describe('LibvirtRpcClient write batching', () => {
  it('sends a few calls issued in one tick as one transport write at the end of the tick', async () => {
    const { peer, client } = setup();
    const writes = countWrites(peer.clientSide);
    const results = Array.from({ length: 5 }, (_, i) => client.call(60, (w) => void w.int(i), readInt));
    expect(writes.count).toBe(0); // nothing goes out before the current code finishes
    const calls: SeenPacket[] = [];
    for (let i = 0; i < 5; i++) calls.push(await peer.nextCall());
    expect(writes.count).toBe(1);
    for (const c of calls) peer.reply(c, xdr((w) => w.int(c.serial)));
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4, 5]);
  });

  it('writes a long burst in a handful of growing writes, starting before the burst ends, in order', async () => {
    const { peer, client } = setup();
    const writes = countWrites(peer.clientSide);
    const results = Array.from({ length: 16 }, (_, i) => client.call(60, (w) => void w.int(i), readInt));
    // 16 calls of 32 bytes reach the first threshold: they went out while the burst went on.
    expect(writes.count).toBe(1);
    results.push(...Array.from({ length: 984 }, (_, i) => client.call(60, (w) => void w.int(16 + i), readInt)));
    const calls: SeenPacket[] = [];
    for (let i = 0; i < 1000; i++) calls.push(await peer.nextCall());
    expect(writes.count).toBeGreaterThan(1);
    expect(writes.count).toBeLessThanOrEqual(8);
    expect(calls.map((c) => c.serial)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(calls.map((c) => c.payload.readInt32BE(0))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    peer.sendRaw(Buffer.concat(calls.map((c) => rawPacket({ procedure: 60, type: 1, serial: c.serial }, xdr((w) => w.int(c.payload.readInt32BE(0) + 1))))));
    await expect(Promise.all(results)).resolves.toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    // The next tick starts small again: a single call goes out alone at the end of its tick.
    const single = client.call(3, null, readString);
    const before = writes.count;
    const call = await peer.nextCall(3);
    expect(writes.count).toBe(before + 1);
    peer.reply(call, xdr((w) => w.string('ok')));
    await expect(single).resolves.toBe('ok');
  });

  it('pipelines 50 calls with their own serials and answers in any order', async () => {
    const { peer, client } = setup();
    const results = Array.from({ length: 50 }, (_, i) => client.call(60, (w) => void w.int(i), readInt));
    const calls: SeenPacket[] = [];
    for (let i = 0; i < 50; i++) calls.push(await peer.nextCall());
    expect(calls.map((c) => c.serial)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(calls.map((c) => c.payload.readInt32BE(0))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    peer.sendRaw(Buffer.concat(calls.map((c) => rawPacket({ procedure: 60, type: 1, serial: c.serial }, xdr((w) => w.int(c.payload.readInt32BE(0) + 1))))));
    await expect(Promise.all(results)).resolves.toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('writes each call of a one-at-a-time loop at once', async () => {
    const { peer, client } = setup();
    for (let i = 0; i < 3; i++) {
      const p = client.call(3, null, readString);
      const call = await peer.nextCall();
      expect(call.serial).toBe(i + 1);
      peer.reply(call, xdr((w) => w.string(`v${i}`)));
      await expect(p).resolves.toBe(`v${i}`);
    }
  });

  it('drops a call whose arguments fail to encode without touching the calls around it or using a serial', async () => {
    const { peer, client } = setup();
    const a = client.call(60, (w) => void w.int(1), readInt);
    const bad = client.call(60, (w) => {
      w.int(2);
      w.string('half written');
      throw new Error('encoder bug');
    }, readInt);
    const c = client.call(60, (w) => void w.int(3), readInt);
    await expect(bad).rejects.toThrow('encoder bug');
    const first = await peer.nextCall();
    const second = await peer.nextCall();
    expect([first.serial, first.payload.readInt32BE(0), first.payload.length]).toEqual([1, 1, 4]);
    expect([second.serial, second.payload.readInt32BE(0), second.payload.length]).toEqual([2, 3, 4]);
    peer.reply(first, xdr((w) => w.int(10)));
    peer.reply(second, xdr((w) => w.int(30)));
    await expect(Promise.all([a, c])).resolves.toEqual([10, 30]);
  });

  it('still sends calls queued in the same tick as destroy(), then fails them', async () => {
    const { peer, client } = setup();
    const p = client.call(2, null, null, { name: 'CONNECT_CLOSE' });
    client.destroy();
    await expect(p).rejects.toBeInstanceOf(ConnectionClosedError);
    await settle();
    expect(peer.received.map((c) => c.procedure)).toEqual([2]);
  });

  it('keeps keepalive and stream packets behind the calls queued before them', async () => {
    const { peer, client } = setup();
    const opening = client.openWriteStream(208, null, null, { name: 'STORAGE_VOL_UPLOAD' });
    const open = await peer.nextCall(208);
    peer.reply(open);
    const { stream } = await opening;
    // A call queued, then stream data written in the same tick: the call must go first.
    const info = client.call(16, null, readInt, { name: 'DOMAIN_GET_INFO' });
    stream.write(Buffer.from('data'));
    const next = await peer.next((p) => p.serial !== open.serial || p.type === 3);
    expect(next).toMatchObject({ type: 0, procedure: 16 });
    const chunk = await peer.next((p) => p.type === 3);
    expect(chunk.payload.toString()).toBe('data');
    peer.reply(next, xdr((w) => w.int(7)));
    await expect(info).resolves.toBe(7);
    stream.destroy();
  });
});

describe('LibvirtRpcClient decoding in the reader', () => {
  it('logs a call as ok when its reply arrived, even if the reply then fails to decode', async () => {
    const log: RpcLogEntry[] = [];
    const { peer, client } = setup({ log: (e) => log.push(e) });
    const p = client.call(3, null, readString, { name: 'CONNECT_GET_TYPE' });
    peer.reply(await peer.nextCall(), xdr((w) => w.int(5)));
    await expect(p).rejects.toBeInstanceOf(ProtocolError);
    expect(log.filter((e) => e.kind === 'call').map((e) => e.message)).toEqual([expect.stringMatching(/^CONNECT_GET_TYPE #1 ok \(\d+ ms\)$/)]);
  });

  it('turns a decoder that throws a non-XDR error into that call’s rejection and carries on', async () => {
    const { peer, client } = setup();
    const p = client.call(3, null, () => {
      throw new TypeError('decoder bug');
    });
    const q = client.call(4, null, readInt);
    const c1 = await peer.nextCall(3);
    const c2 = await peer.nextCall(4);
    peer.sendRaw(Buffer.concat([rawPacket({ procedure: 3, type: 1, serial: c1.serial }), rawPacket({ procedure: 4, type: 1, serial: c2.serial }, xdr((w) => w.int(9)))]));
    await expect(p).rejects.toThrow(TypeError);
    await expect(q).resolves.toBe(9);
    expect(client.isClosed).toBe(false);
  });
});

describe('LibvirtRpcClient call timeouts (one shared timer)', () => {
  it('fails each call at its own deadline, whatever order the deadlines were set in', async () => {
    fakeClock();
    const { peer, client } = setup();
    const long = client.call(3, null, readString, { timeoutMs: 150 });
    const short = client.call(4, null, readString, { timeoutMs: 20 });
    const answered = client.call(5, null, readString, { timeoutMs: 20 });
    const failedAt: Record<string, number> = {};
    const track = (key: string, p: Promise<unknown>) => p.catch((e: unknown) => ((failedAt[key] = Date.now()), e));
    const errors = Promise.all([track('long', long), track('short', short)]);
    peer.reply(await peer.nextCall(5), xdr((w) => w.string('in time')));
    await expect(answered).resolves.toBe('in time');
    await vi.advanceTimersByTimeAsync(19);
    expect(failedAt).toEqual({});
    await vi.advanceTimersByTimeAsync(1);
    expect(failedAt).toEqual({ short: 20 });
    await vi.advanceTimersByTimeAsync(129);
    expect(failedAt).toEqual({ short: 20 });
    await vi.advanceTimersByTimeAsync(1);
    expect(failedAt).toEqual({ short: 20, long: 150 });
    const [longErr, shortErr] = await errors;
    expect(shortErr).toBeInstanceOf(CallTimeoutError);
    expect((shortErr as Error).message).toBe('libvirt call CONNECT_GET_VERSION (serial 2) got no reply within 20 ms');
    expect((longErr as Error).message).toBe('libvirt call CONNECT_GET_TYPE (serial 1) got no reply within 150 ms');
    expect(client.inFlight.calls).toBe(0);
    expect(client.isClosed).toBe(false);
  });

  it('uses the client default when a call gives none, and no timeout at all when neither does', async () => {
    fakeClock();
    const { peer, client } = setup({ callTimeoutMs: 20 });
    const timed = client.call(3, null, readString);
    const timedOut = expect(timed).rejects.toBeInstanceOf(CallTimeoutError);
    await vi.advanceTimersByTimeAsync(20);
    await timedOut;
    const { peer: peer2, client: untimed } = setup();
    const p = untimed.call(3, null, readString);
    let settled = false;
    const markSettled = () => (settled = true);
    p.then(markSettled, markSettled);
    await vi.advanceTimersByTimeAsync(60 * 60 * 1000);
    expect(settled).toBe(false);
    peer2.reply(await peer2.nextCall(), xdr((w) => w.string('late but fine')));
    await expect(p).resolves.toBe('late but fine');
    expect(peer.received.length).toBe(1);
  });

  it('does not let a finished timed call keep the process alive, but a pending one does', async () => {
    const { peer, client } = setup();
    const timer = (): NodeJS.Timeout | null => (client as unknown as { timeoutTimer: NodeJS.Timeout | null }).timeoutTimer;
    const p = client.call(3, null, readString, { timeoutMs: 60_000 });
    expect(timer()?.hasRef()).toBe(true);
    peer.reply(await peer.nextCall(), xdr((w) => w.string('x')));
    await p;
    expect(timer()?.hasRef()).toBe(false);
    const q = client.call(3, null, readString, { timeoutMs: 60_000 });
    expect(timer()?.hasRef()).toBe(true);
    client.destroy();
    await expect(q).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(timer()).toBeNull();
  });
});

describe('LibvirtRpcClient abort signals', () => {
  it('aborts one of many pipelined calls and removes every listener it added', async () => {
    const { peer, client } = setup();
    const ac = new AbortController();
    const calls = Array.from({ length: 5 }, (_, i) => client.call(60, (w) => void w.int(i), readInt, { signal: ac.signal }));
    const other = new AbortController();
    const victim = client.call(60, (w) => void w.int(99), readInt, { signal: other.signal });
    expect(getEventListeners(ac.signal, 'abort').length).toBe(5);
    const seen: SeenPacket[] = [];
    for (let i = 0; i < 6; i++) seen.push(await peer.nextCall());
    other.abort();
    await expect(victim).rejects.toBeInstanceOf(CallAbortedError);
    expect(getEventListeners(other.signal, 'abort').length).toBe(0);
    peer.sendRaw(Buffer.concat(seen.map((c) => rawPacket({ procedure: 60, type: 1, serial: c.serial }, xdr((w) => w.int(c.payload.readInt32BE(0)))))));
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(getEventListeners(ac.signal, 'abort').length).toBe(0);
    expect(client.inFlight.calls).toBe(0);
  });
});
