import { describe, expect, it } from 'vitest';
import { RpcClientError } from '../../../../main/libvirt/errors';
import { Limits, MessageType, Program, Status } from '../../../../main/libvirt/rpc/constants';
import { Outbox } from '../../../../main/libvirt/rpc/outbox';
import { decodePacket } from '../../../../main/libvirt/rpc/packet';
import { PacketFramer } from '../../../../main/libvirt/rpc/framer';

function packets(bytes: Uint8Array) {
  const f = new PacketFramer();
  f.push(bytes);
  const out = [];
  for (let p = f.next(); p !== null; p = f.next()) out.push(decodePacket(p));
  return out;
}

describe('Outbox', () => {
  it('encodes calls back to back with their headers and hands them over as one buffer', () => {
    const o = new Outbox();
    let serial = 0;
    o.appendCall(Program.REMOTE, 60, (w) => void w.int(10), 'A', () => ++serial);
    o.appendCall(Program.REMOTE, 3, null, 'B', () => ++serial);
    o.appendHeader({ program: Program.REMOTE, procedure: 208, type: MessageType.STREAM, serial: 9, status: Status.OK });
    const bytes = o.take();
    expect(o.length).toBe(0);
    expect(o.take()).toBeNull();
    const seen = packets(bytes!);
    expect(seen.map((p) => [p.procedure, p.type, p.serial, p.length])).toEqual([
      [60, 0, 1, 32],
      [3, 0, 2, 28],
      [208, 3, 9, 28],
    ]);
  });

  it('counts a separately sent payload in the header’s length word', () => {
    const o = new Outbox();
    o.appendHeader({ program: Program.REMOTE, procedure: 208, type: MessageType.STREAM, serial: 1, status: Status.CONTINUE }, 100);
    const bytes = o.take()!;
    expect(bytes.length).toBe(28);
    expect(bytes.readUInt32BE(0)).toBe(128);
    expect(() => o.appendHeader({ program: 1, procedure: 1, type: 3, serial: 1, status: 2 }, Limits.MAX_PAYLOAD + 1)).toThrow(/exceeds the 33554432-byte/);
    expect(o.length).toBe(0);
  });

  it('leaves queued calls intact when an encode fails, and takes no serial for it', () => {
    const o = new Outbox();
    let serial = 0;
    o.appendCall(Program.REMOTE, 60, (w) => void w.int(1), 'A', () => ++serial);
    expect(() => o.appendCall(Program.REMOTE, 60, (w) => void w.opaque(new Uint8Array(Limits.MAX_MESSAGE)), 'BIG', () => ++serial)).toThrow(RpcClientError);
    expect(() => o.appendCall(Program.REMOTE, 60, () => {
      throw new Error('encoder bug');
    }, 'C', () => ++serial)).toThrow('encoder bug');
    expect(serial).toBe(1);
    expect(packets(o.take()!).map((p) => [p.serial, p.payload.length])).toEqual([[1, 4]]);
  });

  it('hands big batches over without copying and starts again small', () => {
    const o = new Outbox();
    const big = new Uint8Array(200_000).fill(7);
    o.appendCall(Program.REMOTE, 350, (w) => void w.opaque(big), 'BIG', () => 1);
    const bytes = o.take()!;
    expect(bytes.length).toBe(28 + 4 + 200_000);
    o.appendCall(Program.REMOTE, 3, null, 'SMALL', () => 2);
    const small = o.take()!;
    expect(small.buffer).not.toBe(bytes.buffer);
    expect(packets(small)[0]).toMatchObject({ procedure: 3, serial: 2 });
  });
});
