import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { ConnectionClosedError, LibvirtError } from '../../../../main/libvirt/errors';
import { errorPayload, fakeClients, rawPacket, xdr, type SeenPacket } from './fake-server';

const setup = fakeClients();

const data = (call: SeenPacket, bytes: Uint8Array): Buffer => rawPacket({ procedure: call.procedure, type: 3, serial: call.serial, status: 2 }, bytes);
const eof = (call: SeenPacket): Buffer => rawPacket({ procedure: call.procedure, type: 3, serial: call.serial, status: 2 });
const confirm = (call: SeenPacket): Buffer => rawPacket({ procedure: call.procedure, type: 3, serial: call.serial, status: 0 });
const streamPackets = (call: SeenPacket) => (p: SeenPacket): boolean => p.type === 3 && p.serial === call.serial;

/**
 * Let everything already queued on the in-memory socket run — no clock involved — so a test can assert what has not
 * happened (a stream that must wait for the daemon's confirmation).
 */
async function idle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('read streams', () => {
  it('takes data that follows the reply in the same chunk, finishes on EOF and ends after confirmation', async () => {
    const { peer, client } = setup();
    const opening = client.openReadStream(211, (w) => void w.uint(0), (r) => r.optional((x) => x.string()), { name: 'DOMAIN_SCREENSHOT' });
    const call = await peer.nextCall(211);
    peer.sendRaw(Buffer.concat([
      rawPacket({ procedure: 211, type: 1, serial: call.serial }, xdr((w) => w.optional('image/png', (x, v) => x.string(v)))),
      data(call, Buffer.from('hello ')),
      data(call, Buffer.from('world')),
      eof(call),
    ]));
    const { ret, stream } = await opening;
    expect(ret).toBe('image/png');
    const finish = await peer.next(streamPackets(call));
    expect(finish).toMatchObject({ type: 3, status: 0, procedure: 211 });
    expect(finish.payload.length).toBe(0);
    let ended = false;
    stream.on('end', () => (ended = true));
    const body = collect(stream);
    await idle();
    expect(ended).toBe(false); // not before the daemon confirms our finish
    peer.sendRaw(confirm(call));
    expect((await body).toString()).toBe('hello world');
    expect(client.inFlight.streams).toBe(0);
  });

  it('errors with the LibvirtError of a STREAM/ERROR', async () => {
    const { peer, client } = setup();
    const opening = client.openReadStream(209, null, null, { name: 'STORAGE_VOL_DOWNLOAD' });
    const call = await peer.nextCall();
    peer.reply(call);
    const { stream } = await opening;
    peer.sendRaw(Buffer.concat([data(call, Buffer.from('abc')), rawPacket({ procedure: 209, type: 3, serial: call.serial, status: 1 }, errorPayload(38, 18, 'cannot read: Input/output error'))]));
    const err = await collect(stream).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as Error).message).toBe('cannot read: Input/output error (STORAGE_VOL_DOWNLOAD: SYSTEM_ERROR, error domain 18)');
  });

  it('holds an error that arrives before the caller has the stream until it can listen', async () => {
    const { peer, client } = setup();
    const opening = client.openReadStream(209, null, null);
    const call = await peer.nextCall();
    peer.sendRaw(Buffer.concat([
      rawPacket({ procedure: 209, type: 1, serial: call.serial }),
      rawPacket({ procedure: 209, type: 3, serial: call.serial, status: 1 }, errorPayload(38, 18, 'early failure')),
    ]));
    const { stream } = await opening;
    await expect(collect(stream)).rejects.toThrow(/early failure/);
  });

  it('sends an abort (STREAM/ERROR, empty) when destroyed early, and ignores the data still in flight', async () => {
    const { peer, client } = setup();
    const opening = client.openReadStream(209, null, null);
    const call = await peer.nextCall();
    peer.reply(call);
    const { stream } = await opening;
    stream.destroy();
    const abort = await peer.next(streamPackets(call));
    expect(abort).toMatchObject({ type: 3, status: 1, procedure: 209, serial: call.serial });
    expect(abort.payload.length).toBe(0);
    peer.sendRaw(data(call, Buffer.from('late')));
    peer.send({ procedure: 209, type: 1, serial: call.serial, status: 1 }, errorPayload(39, 7, 'stream aborted at client request'));
    const next = client.call(3, null, (r) => r.string());
    peer.reply(await peer.nextCall(3), xdr((w) => w.string('TEST')));
    await expect(next).resolves.toBe('TEST');
    expect(client.inFlight.streams).toBe(0);
  });

  it('a failed opening call rejects and leaves nothing registered', async () => {
    const { peer, client } = setup();
    const opening = client.openReadStream(209, null, null);
    peer.replyError(await peer.nextCall(), 3, 'this function is not supported by the connection driver: virStorageVolDownload');
    await expect(opening).rejects.toMatchObject({ code: 3 });
    expect(client.inFlight).toMatchObject({ calls: 0, streams: 0 });
  });

  it('pauses the socket when the consumer is behind and resumes when it reads', async () => {
    const { peer, client } = setup({ streamHighWaterMark: 1024 });
    const opening = client.openReadStream(209, null, null);
    const call = await peer.nextCall();
    peer.reply(call);
    const { stream } = await opening;
    const paused = once(peer.clientSide, 'pause');
    peer.sendRaw(data(call, new Uint8Array(4096)));
    await paused;
    expect(peer.clientSide.isPaused()).toBe(true);
    const resumed = once(peer.clientSide, 'resume');
    const body = collect(stream);
    await resumed;
    expect(peer.clientSide.isPaused()).toBe(false);
    peer.sendRaw(Buffer.concat([eof(call), confirm(call)]));
    expect((await body).length).toBe(4096);
  });

  it('fails the stream when the connection drops', async () => {
    const { peer, client } = setup();
    const opening = client.openReadStream(209, null, null);
    const call = await peer.nextCall();
    peer.reply(call);
    const { stream } = await opening;
    peer.end();
    await expect(collect(stream)).rejects.toBeInstanceOf(ConnectionClosedError);
  });
});

describe('write streams', () => {
  it('splits data into ≤ 262120-byte CONTINUE packets and finishes only after the confirmation', async () => {
    const { peer, client } = setup();
    const opening = client.openWriteStream(208, null, null, { name: 'STORAGE_VOL_UPLOAD' });
    const call = await peer.nextCall(208);
    peer.reply(call);
    const { stream } = await opening;
    const payload = Buffer.alloc(600_000, 5);
    let finished = false;
    const done = pipeline(Readable.from([payload.subarray(0, 100_000), payload.subarray(100_000)]), stream).then(() => (finished = true));
    const sizes: number[] = [];
    for (;;) {
      const p = await peer.next(streamPackets(call));
      if (p.status === 0) break; // finish
      expect(p.status).toBe(2);
      sizes.push(p.payload.length);
    }
    expect(sizes.every((n) => n > 0 && n <= 262_120)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(600_000);
    await idle();
    expect(finished).toBe(false);
    peer.sendRaw(confirm(call));
    await done;
    expect(client.inFlight.streams).toBe(0);
  });

  it('a daemon error during the upload errors the stream and stops the writes', async () => {
    const { peer, client } = setup();
    const opening = client.openWriteStream(208, null, null, { name: 'STORAGE_VOL_UPLOAD' });
    const call = await peer.nextCall();
    peer.reply(call);
    const { stream } = await opening;
    stream.write(Buffer.alloc(10));
    await peer.next(streamPackets(call));
    peer.send({ procedure: 208, type: 3, serial: call.serial, status: 1 }, errorPayload(38, 18, 'No space left on device'));
    const err = await new Promise<Error>((resolve) => stream.on('error', resolve));
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.message).toMatch(/^No space left on device \(STORAGE_VOL_UPLOAD/);
  });

  it('a daemon error answering our finish fails end()', async () => {
    const { peer, client } = setup();
    const opening = client.openWriteStream(208, null, null);
    const call = await peer.nextCall();
    peer.reply(call);
    const { stream } = await opening;
    const done = pipeline(Readable.from([Buffer.from('x')]), stream);
    await peer.next((p) => p.type === 3 && p.status === 0);
    peer.send({ procedure: 208, type: 1, serial: call.serial, status: 1 }, errorPayload(1, 18, 'finish failed'));
    await expect(done).rejects.toThrow(/finish failed/);
  });

  it('waits for the transport to drain before sending more', async () => {
    const { peer, client } = setup();
    const opening = client.openWriteStream(208, null, null);
    const call = await peer.nextCall();
    peer.reply(call);
    const { stream } = await opening;
    peer.serverSide.pause(); // the peer stops reading: the client's writes must back up, not pile up
    const written: boolean[] = [];
    for (let i = 0; i < 8; i++) written.push(stream.write(Buffer.alloc(262_120)));
    await idle();
    expect(peer.clientSide.writableLength).toBeLessThanOrEqual(5 * 262_148);
    expect(written.at(-1)).toBe(false);
    peer.serverSide.resume();
    const end = new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await peer.next((p) => p.type === 3 && p.status === 0);
    const sent = peer.received.filter((p) => p.type === 3 && p.status === 2).length;
    expect(sent).toBe(8);
    peer.sendRaw(confirm(call));
    await end;
  });

  it('destroy() before the end sends an abort', async () => {
    const { peer, client } = setup();
    const opening = client.openWriteStream(208, null, null);
    const call = await peer.nextCall();
    peer.reply(call);
    const { stream } = await opening;
    stream.destroy();
    const abort = await peer.next(streamPackets(call));
    expect(abort).toMatchObject({ status: 1 });
    expect(abort.payload.length).toBe(0);
  });
});
