import { describe, expect, it } from 'vitest';
import { NonRpcOutputError } from '../../../../main/libvirt/errors';
import { PacketFramer } from '../../../../main/libvirt/rpc/framer';
import { rawPacket } from './fake-server';

function drain(f: PacketFramer): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let p = f.next(); p !== null; p = f.next()) out.push(p);
  return out;
}

const packets = [
  rawPacket({ procedure: 1, type: 1, serial: 1 }),
  rawPacket({ procedure: 2, type: 1, serial: 2 }, new Uint8Array(100).fill(7)),
  rawPacket({ procedure: 3, type: 2, serial: 1 }, new Uint8Array(5)),
];
const all = Buffer.concat(packets);

describe('PacketFramer', () => {
  it('returns several packets from one chunk', () => {
    const f = new PacketFramer();
    f.push(all);
    expect(drain(f).map((p) => Buffer.from(p))).toEqual(packets);
    expect(f.bufferedBytes).toBe(0);
  });

  it('assembles packets fed one byte at a time', () => {
    const f = new PacketFramer();
    const out: Uint8Array[] = [];
    for (const byte of all) {
      f.push(Uint8Array.of(byte));
      out.push(...drain(f));
    }
    expect(out.map((p) => Buffer.from(p))).toEqual(packets);
  });

  it('handles every split point of the stream into two chunks', () => {
    for (let cut = 0; cut <= all.length; cut++) {
      const f = new PacketFramer();
      f.push(all.subarray(0, cut));
      const out = drain(f);
      f.push(all.subarray(cut));
      out.push(...drain(f));
      expect(out.length).toBe(3);
      expect(Buffer.concat(out.map((p) => Buffer.from(p)))).toEqual(all);
    }
  });

  it('returns a packet lying inside one chunk as a view, without copying', () => {
    const f = new PacketFramer();
    f.push(all);
    const first = f.next()!;
    expect(first.buffer).toBe(all.buffer);
  });

  it('assembles a packet spread over many chunks exactly once', () => {
    const big = rawPacket({ procedure: 209, type: 3, serial: 5, status: 2 }, new Uint8Array(1_000_000).fill(3));
    const f = new PacketFramer();
    for (let i = 0; i < big.length; i += 4096) {
      f.push(big.subarray(i, i + 4096));
      if (i + 4096 < big.length) expect(f.next()).toBeNull();
    }
    const p = f.next()!;
    expect(p.length).toBe(big.length);
    expect(Buffer.from(p).equals(big)).toBe(true);
  });

  it.each([
    ['zero', [0, 0, 0, 0]],
    ['below the 28-byte minimum', [0, 0, 0, 27]],
    ['over 4 + 32 MiB', [0x02, 0x00, 0x00, 0x05]],
    ['0xffffffff', [0xff, 0xff, 0xff, 0xff]],
  ])('rejects a length word that is %s as soon as its 4 bytes arrive', (_label, word) => {
    const f = new PacketFramer();
    f.push(Uint8Array.from(word));
    expect(() => f.next()).toThrow(NonRpcOutputError);
    expect(() => f.next()).toThrow(/non-RPC output from peer/);
    expect(f.bufferedBytes).toBe(0);
  });

  it('accepts the extreme legal lengths 28 and 4 + 32 MiB', () => {
    const f = new PacketFramer();
    f.push(Uint8Array.of(0, 0, 0, 28, ...new Array<number>(24).fill(0)));
    expect(f.next()?.length).toBe(28);
    f.push(Uint8Array.of(0x02, 0, 0, 4));
    expect(f.next()).toBeNull(); // waiting for the body, nothing allocated yet
    expect(f.bufferedBytes).toBe(4);
  });

  it('names shell text in the error, e.g. a login banner on the SSH channel', () => {
    const f = new PacketFramer();
    f.push(Buffer.from('Welcome to host\n'));
    expect(() => f.next()).toThrow(/"Welc"/);
  });

  it('skips dummy bytes before the next packet, even before they arrive', () => {
    const f = new PacketFramer();
    f.push(packets[0]!);
    expect(f.next()).not.toBeNull();
    f.skip(2);
    f.push(Uint8Array.of(0));
    f.push(Buffer.concat([Uint8Array.of(0), packets[1]!]));
    expect(Buffer.from(f.next()!)).toEqual(packets[1]);
  });
});
