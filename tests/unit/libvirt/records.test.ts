import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeDomain,
  decodeUuid,
  decodeInterface,
  decodeNetwork,
  decodeNodeDevice,
  decodeNwfilter,
  decodeSecret,
  decodeSnapshot,
  decodeStoragePool,
  decodeStorageVol,
  encodeDomain,
  encodeInterface,
  encodeNetwork,
  encodeNodeDevice,
  encodeNwfilter,
  encodeSecret,
  encodeSnapshot,
  encodeStoragePool,
  encodeStorageVol,
  normalizeUuid,
  uuidFromBytes,
  uuidToBytes,
  type DomainRef,
} from '../../../main/libvirt/records';
import { XdrError, XdrReader, XdrWriter } from '../../../main/libvirt/xdr';
import { hex, xdr } from './recording-channel';

const UUID = '2d7a3a5e-5f0c-4c1e-9a4b-0123456789ab';
const dom: DomainRef = { name: 'web1', uuid: UUID, id: -1 };

function roundTrip<T>(value: T, encode: (w: XdrWriter, v: T) => void, decode: (r: XdrReader) => T): T {
  const r = new XdrReader(xdr((w) => encode(w, value)));
  const out = decode(r);
  r.assertEnd('record');
  return out;
}

describe('UUIDs', () => {
  it('formats 16 bytes as canonical lowercase text and parses it back', () => {
    const bytes = Uint8Array.from([0x2d, 0x7a, 0x3a, 0x5e, 0x5f, 0x0c, 0x4c, 0x1e, 0x9a, 0x4b, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab]);
    expect(uuidFromBytes(bytes)).toBe(UUID);
    expect(uuidToBytes(UUID)).toEqual(bytes);
  });

  it('accepts upper case and missing dashes, and normalises them', () => {
    expect(normalizeUuid('2D7A3A5E5F0C4C1E9A4B0123456789AB')).toBe(UUID);
  });

  it('rejects text that is not a UUID with an error naming it', () => {
    for (const bad of ['', 'not-a-uuid', `${UUID}0`, UUID.replace('a', 'g'), '2d7a3a5e--5f0c-4c1e-9a4b-0123456789ab']) {
      expect(() => uuidToBytes(bad)).toThrow(XdrError);
    }
    expect(() => uuidToBytes('nope')).toThrow(/not a UUID: "nope"/);
  });

  it('round-trips any 16 bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
      expect(uuidToBytes(uuidFromBytes(bytes))).toEqual(bytes);
    }));
  });

  it('decodes UUIDs exactly through its cache, including near-identical ones and evictions', () => {
    // UUIDs that differ in one byte, far more of them than the cache holds, decoded twice.
    const all = Array.from({ length: 10_000 }, (_, i) => {
      const b = new Uint8Array(16).fill(0xab);
      b[15] = i & 0xff;
      b[3] = (i >> 8) & 0xff;
      return b;
    });
    const w = new XdrWriter();
    for (const b of [...all, ...all.slice().reverse()]) w.fixedOpaque(b, 16);
    const r = new XdrReader(w.bytes());
    for (const b of [...all, ...all.slice().reverse()]) expect(decodeUuid(r)).toBe(uuidFromBytes(b));
  });
});

describe('object records', () => {
  it('encodes a domain byte for byte: string, 16 raw UUID bytes, int id', () => {
    const bytes = xdr((w) => encodeDomain(w, dom));
    expect(hex(bytes)).toBe(
      '00000004' + '77656231' + // "web1", no padding needed
        '2d7a3a5e5f0c4c1e9a4b0123456789ab' + // uuid, no length word
        'ffffffff', // id −1
    );
  });

  it('round-trips every record type', () => {
    expect(roundTrip(dom, encodeDomain, decodeDomain)).toEqual(dom);
    expect(roundTrip({ name: 'default', uuid: UUID }, encodeNetwork, decodeNetwork)).toEqual({ name: 'default', uuid: UUID });
    expect(roundTrip({ name: 'clean-traffic', uuid: UUID }, encodeNwfilter, decodeNwfilter)).toEqual({ name: 'clean-traffic', uuid: UUID });
    expect(roundTrip({ name: 'eth0', mac: '52:54:00:00:00:01' }, encodeInterface, decodeInterface)).toEqual({ name: 'eth0', mac: '52:54:00:00:00:01' });
    expect(roundTrip({ name: 'pool', uuid: UUID }, encodeStoragePool, decodeStoragePool)).toEqual({ name: 'pool', uuid: UUID });
    const vol = { pool: 'pool', name: 'disk.qcow2', key: '/var/lib/libvirt/images/disk.qcow2' };
    expect(roundTrip(vol, encodeStorageVol, decodeStorageVol)).toEqual(vol);
    expect(roundTrip({ name: 'pci_0000_00_01_0' }, encodeNodeDevice, decodeNodeDevice)).toEqual({ name: 'pci_0000_00_01_0' });
    const secret = { uuid: UUID, usageType: 1, usageID: '/var/lib/libvirt/images/luks.img' };
    expect(roundTrip(secret, encodeSecret, decodeSecret)).toEqual(secret);
    const snap = { name: 'before-upgrade', dom: { ...dom, id: 7 } };
    expect(roundTrip(snap, encodeSnapshot, decodeSnapshot)).toEqual(snap);
  });

  it('round-trips arbitrary domains, including multi-byte names', () => {
    const arbDomain = fc.record({
      name: fc.string({ unit: 'grapheme', maxLength: 40 }),
      uuid: fc.uuid().map((u) => u.toLowerCase()),
      id: fc.integer({ min: -1, max: 0x7fffffff }),
    });
    fc.assert(
      fc.property(arbDomain, (d) => {
        expect(roundTrip(d, encodeDomain, decodeDomain)).toEqual(d);
      }),
    );
  });

  it('fails cleanly on a truncated record instead of reading garbage', () => {
    const bytes = xdr((w) => encodeDomain(w, dom));
    expect(() => decodeDomain(new XdrReader(bytes.subarray(0, bytes.length - 2)))).toThrow(XdrError);
  });

  it('refuses to encode a record with a malformed UUID', () => {
    expect(() => xdr((w) => encodeDomain(w, { ...dom, uuid: 'xyz' }))).toThrow(/not a UUID/);
  });
});
