import { afterEach, describe, expect, it } from 'vitest';
import { UnsupportedByClientError } from '../../../../main/libvirt/errors';
import type { LibvirtRpcClient } from '../../../../main/libvirt/rpc/client';
import { chooseAuth, openConnection } from '../../../../main/libvirt/rpc/handshake';
import { FakePeer } from './fake-server';

let clients: LibvirtRpcClient[] = [];
afterEach(() => {
  for (const c of clients) c.destroy();
  clients = [];
});

describe('handshake', () => {
  it('runs AUTH_LIST, keepalive probe, CONNECT_OPEN, feature probes and close-callback registration in order', async () => {
    const peer = new FakePeer();
    const serving = peer.serveHandshake();
    const client = await openConnection(peer.clientSide, { driverUri: 'qemu:///system', readOnly: true });
    clients.push(client);
    await serving;
    const calls = peer.received.filter((p) => p.type === 0);
    expect(calls.map((c) => (c.procedure === 60 ? `60(${c.payload.readInt32BE(0)})` : String(c.procedure)))).toEqual(['66', '60(10)', '1', '60(14)', '60(15)', '360']);
    const open = calls[2]!;
    // optional string present, "qemu:///system", flags = READ_ONLY
    expect(open.payload.readUInt32BE(0)).toBe(1);
    expect(open.payload.readUInt32BE(4)).toBe(14);
    expect(open.payload.subarray(8, 22).toString()).toBe('qemu:///system');
    expect(open.payload.readUInt32BE(24)).toBe(1);
    expect(client.session).toEqual({ driverUri: 'qemu:///system', readOnly: true, auth: 'none', features: { keepalive: true, callbackEvents: true, closeCallback: true } });
  });

  it('uses polkit when offered and asks the daemon for its URI when none was given', async () => {
    const peer = new FakePeer();
    const serving = peer.serveHandshake({ auth: [2], features: { 10: 0, 14: 1, 15: 0 }, uri: 'qemu:///system' });
    const client = await openConnection(peer.clientSide, { driverUri: '' });
    clients.push(client);
    await serving;
    const procs = peer.received.filter((p) => p.type === 0).map((c) => c.procedure);
    expect(procs).toEqual([66, 70, 60, 1, 110, 60, 60]);
    expect(peer.received.find((p) => p.procedure === 1)!.payload.readUInt32BE(0)).toBe(0); // name absent
    expect(client.session).toMatchObject({ driverUri: 'qemu:///system', auth: 'polkit', features: { keepalive: false, callbackEvents: true, closeCallback: false } });
  });

  it('with keepalive disabled it never asks for feature 10, so the daemon never pings', async () => {
    const peer = new FakePeer();
    const serving = peer.serveHandshake({ features: { 14: 1, 15: 0 } });
    clients.push(await openConnection(peer.clientSide, { driverUri: 'test:///default', keepalive: false }));
    await serving;
    expect(peer.received.some((p) => p.procedure === 60 && p.payload.readInt32BE(0) === 10)).toBe(false);
  });

  it('refuses SASL-only daemons with advice, and destroys the stream', async () => {
    const peer = new FakePeer();
    void peer.serveHandshake({ auth: [1] }).catch(() => undefined);
    const err = await openConnection(peer.clientSide, { driverUri: 'qemu:///system' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedByClientError);
    expect((err as Error).message).toBe('SASL is not supported; connect over SSH or a unix socket');
    expect(peer.clientSide.destroyed).toBe(true);
  });

  it('fails with the daemon error when CONNECT_OPEN is refused', async () => {
    const peer = new FakePeer();
    void (async () => {
      peer.reply(await peer.nextCall(66), Buffer.from([0, 0, 0, 1, 0, 0, 0, 0]));
      peer.reply(await peer.nextCall(60), Buffer.from([0, 0, 0, 1]));
      peer.replyError(await peer.nextCall(1), 38, 'Failed to connect socket to \'/run/libvirt/virtqemud-sock\': No such file or directory', 7);
    })();
    await expect(openConnection(peer.clientSide, { driverUri: 'qemu:///system' })).rejects.toThrow(/Failed to connect socket .*\(CONNECT_OPEN: SYSTEM_ERROR/);
  });

  it('chooseAuth: polkit when offered, none for [] and [0], errors otherwise', () => {
    expect(chooseAuth([0])).toBe('none');
    expect(chooseAuth([])).toBe('none');
    expect(chooseAuth([2])).toBe('polkit');
    expect(() => chooseAuth([1])).toThrow(/SASL is not supported/);
    expect(() => chooseAuth([7])).toThrow(/offered: 7/);
  });
});
