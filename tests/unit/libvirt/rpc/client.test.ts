import { describe, expect, it } from 'vitest';
import {
  CallAbortedError,
  CallTimeoutError,
  ConnectionClosedError,
  LibvirtError,
  NonRpcOutputError,
  ProtocolError,
  RpcClientError,
} from '../../../../main/libvirt/errors';
import type { RpcLogEntry } from '../../../../main/libvirt/rpc/log';
import type { XdrReader } from '../../../../main/libvirt/xdr';
import { fakeClients, KEEPALIVE, rawPacket, xdr } from './fake-server';

const readString = (r: XdrReader): string => r.string();
const readInt = (r: XdrReader): number => r.int();

const setup = fakeClients();

describe('LibvirtRpcClient calls', () => {
  it('sends a CALL with serial 1 and decodes the reply', async () => {
    const { peer, client } = setup();
    const result = client.call(3, null, readString);
    const call = await peer.nextCall();
    expect(call).toMatchObject({ program: 0x20008086, version: 1, procedure: 3, type: 0, serial: 1, status: 0 });
    peer.reply(call, xdr((w) => w.string('TEST')));
    await expect(result).resolves.toBe('TEST');
    expect(client.inFlight.calls).toBe(0);
  });

  it('routes on type first: an event with serial 1 is not the reply to call 1', async () => {
    const { peer, client } = setup();
    const events: number[] = [];
    client.onMessage(0x20008086, 318, (r) => void events.push(r.int()));
    const result = client.call(3, null, readString);
    const call = await peer.nextCall();
    expect(call.serial).toBe(1);
    peer.send({ procedure: 318, type: 2, serial: 1 }, xdr((w) => w.int(0).int(99)));
    peer.reply(call, xdr((w) => w.string('QEMU')));
    await expect(result).resolves.toBe('QEMU');
    while (events.length === 0) await new Promise((r) => setImmediate(r));
    expect(events).toEqual([0]);
  });

  it('pipelines calls and matches replies arriving in any order by serial', async () => {
    const { peer, client } = setup();
    const results = Array.from({ length: 20 }, (_, i) => client.call(60, (w) => void w.int(i), readInt));
    const calls = [];
    for (let i = 0; i < 20; i++) calls.push(await peer.nextCall());
    expect(calls.map((c) => c.serial)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Reply in reverse order, all in one chunk.
    peer.sendRaw(Buffer.concat(calls.reverse().map((c) => rawPacket({ procedure: 60, type: 1, serial: c.serial }, xdr((w) => w.int(c.payload.readInt32BE(0) * 10))))));
    await expect(Promise.all(results)).resolves.toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
  });

  it('turns a REPLY/ERROR into a LibvirtError carrying the procedure name', async () => {
    const { peer, client } = setup();
    const result = client.call(23, (w) => void w.string('nope'), readString, { name: 'DOMAIN_LOOKUP_BY_NAME' });
    peer.replyError(await peer.nextCall(), 42, "Domain not found: no domain with matching name 'nope'");
    const err = await result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err).toMatchObject({ code: 42, procedure: 23, procedureName: 'DOMAIN_LOOKUP_BY_NAME' });
    expect(client.isClosed).toBe(false);
  });

  it('fails a call whose reply does not decode, and keeps the connection', async () => {
    const { peer, client } = setup();
    const bad = client.call(3, null, readString);
    peer.reply(await peer.nextCall(), xdr((w) => w.uint(1000)));
    await expect(bad).rejects.toThrow('could not decode the reply to CONNECT_GET_TYPE: truncated fixed opaque');
    const trailing = client.call(4, null, (r) => r.uhyper());
    peer.reply(await peer.nextCall(), xdr((w) => w.uhyper(2n).int(5)));
    await expect(trailing).rejects.toThrow(/unexpected trailing bytes/);
    const voidWithData = client.call(2, null, null);
    peer.reply(await peer.nextCall(), xdr((w) => w.int(1)));
    await expect(voidWithData).rejects.toThrow(ProtocolError);
    expect(client.isClosed).toBe(false);
  });

  it('closes with a protocol error when a reply names another procedure than its call', async () => {
    const { peer, client } = setup();
    const a = client.call(3, null, readString);
    const b = client.call(4, null, readString);
    const call = await peer.nextCall(3);
    peer.send({ procedure: 59, type: 1, serial: call.serial }, xdr((w) => w.string('x')));
    await expect(a).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(b).rejects.toThrow(/protocol error.*belongs to a call of CONNECT_GET_TYPE|closed after a protocol error/);
    expect((await client.closed).reason).toBe('protocol-error');
  });

  it.each([
    ['an unknown message type', { procedure: 3, type: 9, serial: 1 }],
    ['a CALL from the server', { procedure: 3, type: 0, serial: 1 }],
    ['an unknown status', { procedure: 3, type: 1, serial: 1, status: 7 }],
    ['a wrong program version', { procedure: 3, type: 1, serial: 1, version: 2 }],
  ])('treats %s as a protocol error that fails everything pending', async (_label, header) => {
    const { peer, client } = setup();
    const pending = client.call(3, null, readString);
    await peer.nextCall();
    peer.send(header);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect((err as ConnectionClosedError).reason).toBe('protocol-error');
    await expect(client.call(3, null, readString)).rejects.toBe(err);
  });

  it('fails a REPLY_WITH_FDS call clearly, skips the descriptor bytes, and carries on', async () => {
    const { peer, client } = setup();
    const fd = client.call(343, null, null, { name: 'DOMAIN_OPEN_GRAPHICS_FD' });
    const next = client.call(3, null, readString);
    const c1 = await peer.nextCall(343);
    const c2 = await peer.nextCall(3);
    peer.sendRaw(Buffer.concat([
      rawPacket({ procedure: 343, type: 5, serial: c1.serial }, xdr((w) => w.uint(1))),
      Uint8Array.of(0), // the dummy byte that carried the descriptor
      rawPacket({ procedure: 3, type: 1, serial: c2.serial }, xdr((w) => w.string('QEMU'))),
    ]));
    await expect(fd).rejects.toThrow(/DOMAIN_OPEN_GRAPHICS_FD replied with 1 file descriptor\(s\) \(REPLY_WITH_FDS\)/);
    await expect(fd).rejects.toBeInstanceOf(RpcClientError);
    await expect(next).resolves.toBe('QEMU');
  });

  it('times a call out without closing the connection, and discards the late reply', async () => {
    const log: RpcLogEntry[] = [];
    const { peer, client } = setup({ log: (e) => log.push(e) });
    const slow = client.call(3, null, readString, { timeoutMs: 30 });
    const call = await peer.nextCall();
    const err = await slow.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallTimeoutError);
    expect((err as Error).message).toBe('libvirt call CONNECT_GET_TYPE (serial 1) got no reply within 30 ms');
    peer.reply(call, xdr((w) => w.string('late')));
    const after = client.call(59, null, readString);
    peer.reply(await peer.nextCall(59), xdr((w) => w.string('host')));
    await expect(after).resolves.toBe('host');
    expect(log.some((e) => e.kind === 'discarded')).toBe(true);
    expect(client.isClosed).toBe(false);
  });

  it('aborts a call through its AbortSignal, before or while it is in flight', async () => {
    const { peer, client } = setup();
    const ac = new AbortController();
    const p = client.call(3, null, readString, { signal: ac.signal, name: 'CONNECT_GET_TYPE' });
    await peer.nextCall();
    ac.abort(new Error('user cancelled'));
    await expect(p).rejects.toBeInstanceOf(CallAbortedError);
    await expect(client.call(3, null, readString, { signal: ac.signal })).rejects.toThrow(/aborted by the caller/);
    expect(client.inFlight.calls).toBe(0);
  });

  it('logs every call through the hook with its duration', async () => {
    const log: RpcLogEntry[] = [];
    const { peer, client } = setup({ log: (e) => log.push(e) });
    const p = client.call(3, null, readString, { name: 'CONNECT_GET_TYPE' });
    peer.reply(await peer.nextCall(), xdr((w) => w.string('TEST')));
    await p;
    const entry = log.find((e) => e.kind === 'call');
    expect(entry).toMatchObject({ kind: 'call', name: 'CONNECT_GET_TYPE', serial: 1, procedure: 3 });
    expect(entry?.message).toMatch(/^CONNECT_GET_TYPE #1 ok \(\d+ ms\)$/);
  });

  it('survives a throwing log hook', async () => {
    const { peer, client } = setup({ log: () => { throw new Error('bad logger'); } });
    const p = client.call(3, null, readString);
    peer.reply(await peer.nextCall(), xdr((w) => w.string('TEST')));
    await expect(p).resolves.toBe('TEST');
  });

  it('rejects arguments over the 32 MiB message limit before sending anything', async () => {
    const { peer, client } = setup();
    await expect(client.call(350, (w) => void w.opaque(new Uint8Array(33_554_432)), null)).rejects.toThrow(/over libvirt's 33554432-byte message limit/);
    expect(peer.received.length).toBe(0);
  });
});

describe('LibvirtRpcClient connection lifecycle', () => {
  it('answers a PING at once with a PONG (serial 0, keepalive program)', async () => {
    const { peer } = setup();
    peer.send({ program: KEEPALIVE, procedure: 1, type: 2, serial: 0 });
    const pong = await peer.next((p) => p.program === KEEPALIVE);
    expect(pong).toMatchObject({ program: KEEPALIVE, version: 1, procedure: 2, type: 2, serial: 0, status: 0 });
    expect(pong.payload.length).toBe(0);
  });

  it('on EOF fails pending calls and resolves `closed` once with the cause', async () => {
    const { peer, client } = setup();
    const seen: string[] = [];
    client.onClose((e) => seen.push(e.reason));
    const p = client.call(3, null, readString);
    await peer.nextCall();
    peer.end();
    await expect(p).rejects.toThrow('libvirt connection closed by the peer (EOF)');
    expect((await client.closed).reason).toBe('eof');
    client.destroy();
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['eof']);
  });

  it('closes on non-RPC output with a NonRpcOutputError cause', async () => {
    const { peer, client } = setup();
    const p = client.call(3, null, readString);
    peer.sendRaw(Buffer.from('Last login: Mon Jan 1\n'));
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect((err as Error).message).toMatch(/closed after a protocol error: non-RPC output from peer: length word 0x4c617374 \("Last"\)/);
    expect((err as Error).cause).toBeInstanceOf(NonRpcOutputError);
  });

  it('closes when the daemon sends CONNECT_EVENT_CONNECTION_CLOSED', async () => {
    const { peer, client } = setup();
    peer.send({ procedure: 362, type: 2, serial: 1 }, xdr((w) => w.int(2)));
    const err = await client.closed;
    expect(err.reason).toBe('closed-by-server');
    expect(err.message).toBe('libvirt connection closed by the daemon: reason: keepalive');
  });

  it('close() sends CONNECT_CLOSE when a session is open, then ends the stream', async () => {
    const { peer, client } = setup();
    client.setSession({ driverUri: 'test:///default', readOnly: false, auth: 'none', features: { keepalive: false, callbackEvents: true, closeCallback: false } });
    const closing = client.close();
    const call = await peer.nextCall(2);
    peer.reply(call);
    peer.end(); // the daemon closes after CONNECT_CLOSE
    await closing;
    expect((await client.closed).reason).toBe('closed-by-client');
    await expect(client.call(3, null, readString)).rejects.toThrow('libvirt connection closed by us');
  });

  it('a transport error becomes the close cause', async () => {
    const { peer, client } = setup();
    const p = client.call(3, null, readString);
    peer.clientSide.destroy(new Error('read ECONNRESET'));
    await expect(p).rejects.toThrow('libvirt connection failed in the transport: read ECONNRESET');
    expect((await client.closed).reason).toBe('transport-error');
  });
});
