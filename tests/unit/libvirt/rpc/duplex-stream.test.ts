import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConnectionClosedError, LibvirtError } from '../../../../main/libvirt/errors';
import { errorPayload, fakeClients, rawPacket, type SeenPacket } from './fake-server';

// DOMAIN_OPEN_CONSOLE: one stream, data both ways.
const setup = fakeClients();
const CONSOLE = 201;

const data = (call: SeenPacket, bytes: Uint8Array): Buffer => rawPacket({ procedure: call.procedure, type: 3, serial: call.serial, status: 2 }, bytes);
const eof = (call: SeenPacket): Buffer => rawPacket({ procedure: call.procedure, type: 3, serial: call.serial, status: 2 });
const confirm = (call: SeenPacket): Buffer => rawPacket({ procedure: call.procedure, type: 3, serial: call.serial, status: 0 });
const streamPackets = (call: SeenPacket) => (p: SeenPacket): boolean => p.type === 3 && p.serial === call.serial;

async function opened(options: { streamHighWaterMark?: number } = {}): Promise<{ peer: ReturnType<typeof setup>['peer']; client: ReturnType<typeof setup>['client']; call: SeenPacket; stream: Duplex }> {
  const { peer, client } = setup(options);
  const opening = client.openDuplexStream(CONSOLE, null, null, { name: 'DOMAIN_OPEN_CONSOLE' });
  const call = await peer.nextCall(CONSOLE);
  peer.reply(call);
  const { stream } = await opening;
  // The client is destroyed after each test: a stream still open then fails, and nobody else listens.
  stream.on('error', () => undefined);
  return { peer, client, call, stream };
}

describe('duplex streams (consoles)', () => {
  it('carries guest output to the reader and keystrokes to the daemon as CONTINUE packets', async () => {
    const { peer, call, stream } = await opened();
    const received: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk));
    peer.sendRaw(data(call, Buffer.from('login: ')));
    await once(stream, 'data');
    expect(Buffer.concat(received).toString()).toBe('login: ');
    stream.write(Buffer.from('root\n'));
    const sent = await peer.next(streamPackets(call));
    expect(sent).toMatchObject({ status: 2, procedure: CONSOLE });
    expect(Buffer.from(sent.payload).toString()).toBe('root\n');
  });

  it("answers the daemon's end of file with finish and ends after the confirmation", async () => {
    const { peer, client, call, stream } = await opened();
    stream.resume();
    const ended = once(stream, 'end');
    peer.sendRaw(eof(call));
    const finish = await peer.next(streamPackets(call));
    expect(finish).toMatchObject({ status: 0 });
    peer.sendRaw(confirm(call));
    await ended;
    expect(client.inFlight.streams).toBe(0);
  });

  it('sends an abort when destroyed, and the connection goes on', async () => {
    const { peer, client, call, stream } = await opened();
    stream.destroy();
    const abort = await peer.next(streamPackets(call));
    expect(abort).toMatchObject({ status: 1 });
    expect(abort.payload.length).toBe(0);
    peer.sendRaw(data(call, Buffer.from('late output')));
    expect(client.inFlight.streams).toBe(0);
  });

  it('errors with the LibvirtError of a STREAM/ERROR (the domain went away)', async () => {
    const { peer, call, stream } = await opened();
    const failed = new Promise<Error>((resolve) => stream.on('error', resolve));
    peer.sendRaw(rawPacket({ procedure: CONSOLE, type: 3, serial: call.serial, status: 1 }, errorPayload(1, 10, 'internal error: character device console0 is not using a PTY')));
    const error = await failed;
    expect(error).toBeInstanceOf(LibvirtError);
    expect(error.message).toMatch(/not using a PTY/);
  });

  it('pauses the socket while the reader is behind and resumes when it reads', async () => {
    const { peer, call, stream } = await opened({ streamHighWaterMark: 1024 });
    const paused = once(peer.clientSide, 'pause');
    peer.sendRaw(data(call, new Uint8Array(4096)));
    await paused;
    const resumed = once(peer.clientSide, 'resume');
    stream.resume();
    await resumed;
    expect(peer.clientSide.isPaused()).toBe(false);
  });

  it('fails when the connection drops', async () => {
    const { peer, stream } = await opened();
    const failed = new Promise<Error>((resolve) => stream.on('error', resolve));
    peer.end();
    expect(await failed).toBeInstanceOf(ConnectionClosedError);
  });
});
