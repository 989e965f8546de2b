import { describe, expect, it } from 'vitest';
import { Limits, MessageType, Program, Status } from '../../../../main/libvirt/rpc/constants';
import { decodePacket, encodeHeaderFor, encodePacket, writeHeader } from '../../../../main/libvirt/rpc/packet';
import { ProtocolError } from '../../../../main/libvirt/errors';

describe('packet header', () => {
  it('encodes the length word (including itself) and the six header words big-endian', () => {
    const bytes = encodePacket({ program: Program.REMOTE, procedure: 66, type: MessageType.CALL, serial: 0xfffffffe, status: Status.OK }, new Uint8Array([1, 2, 3, 4]));
    expect(Buffer.from(bytes).toString('hex')).toBe(
      ['00000020', '20008086', '00000001', '00000042', '00000000', 'fffffffe', '00000000', '01020304'].join(''),
    );
  });

  it('round-trips through decodePacket with a payload view', () => {
    const bytes = encodePacket({ program: Program.KEEPALIVE, procedure: 2, type: MessageType.MESSAGE, serial: 0, status: Status.OK });
    expect(bytes.length).toBe(28);
    const p = decodePacket(bytes);
    expect(p).toMatchObject({ length: 28, program: Program.KEEPALIVE, version: 1, procedure: 2, type: 2, serial: 0, status: 0 });
    expect(p.payload.length).toBe(0);
  });

  it('decodes signed fields as signed and serial as unsigned', () => {
    const bytes = encodePacket({ program: 0xffffffff, procedure: -1, type: 7, serial: 0x80000000, status: -5 });
    const p = decodePacket(bytes);
    expect(p).toMatchObject({ program: 0xffffffff, procedure: -1, type: 7, serial: 0x80000000, status: -5 });
  });

  it('rejects a buffer whose length word disagrees, and a truncated header', () => {
    const bytes = encodePacket({ program: 1, procedure: 1, type: 0, serial: 1, status: 0 }, new Uint8Array(8));
    expect(() => decodePacket(bytes.subarray(0, 30))).toThrow(ProtocolError);
    expect(() => decodePacket(new Uint8Array(27))).toThrow(/truncated packet/);
  });

  it('writes a header in place in front of an already-encoded payload', () => {
    const buf = new Uint8Array(32);
    buf.set([9, 9, 9, 9], 28);
    writeHeader(buf, { program: Program.REMOTE, procedure: 3, type: 0, serial: 7, status: 0 });
    expect(decodePacket(buf)).toMatchObject({ length: 32, procedure: 3, serial: 7 });
    expect(Array.from(decodePacket(buf).payload)).toEqual([9, 9, 9, 9]);
  });

  it('refuses to build a packet over the 32 MiB message limit', () => {
    expect(() => encodeHeaderFor({ program: 1, procedure: 1, type: 3, serial: 1, status: 2 }, Limits.MAX_PAYLOAD + 1)).toThrow(/exceeds the 33554432-byte/);
    expect(encodeHeaderFor({ program: 1, procedure: 1, type: 3, serial: 1, status: 2 }, Limits.MAX_PAYLOAD).length).toBe(28);
  });
});
