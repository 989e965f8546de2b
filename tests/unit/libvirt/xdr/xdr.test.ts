import { describe, expect, it } from 'vitest';
import { XdrError, XdrReader, XdrWriter } from '../../../../main/libvirt/xdr';

const hex = (w: XdrWriter): string => Buffer.from(w.bytes()).toString('hex');

describe('XdrWriter', () => {
  it('pads strings and opaques to 4 bytes with zeros and sends no NUL', () => {
    expect(hex(new XdrWriter().string('abcde'))).toBe('00000005' + '6162636465' + '000000');
    expect(hex(new XdrWriter().string(''))).toBe('00000000');
    expect(hex(new XdrWriter().opaque(Uint8Array.of(1, 2, 3, 4)))).toBe('00000004' + '01020304');
  });

  it('measures strings in UTF-8 bytes', () => {
    expect(hex(new XdrWriter().string('é'))).toBe('00000002' + 'c3a9' + '0000');
  });

  it('writes u32 values ≥ 2^31 as unsigned and keeps 64-bit values exact', () => {
    expect(hex(new XdrWriter().uint(2 ** 31))).toBe('80000000');
    const w = new XdrWriter().uhyper(1795318714328636000n).hyper(-1n);
    const r = new XdrReader(w.bytes());
    expect(r.uhyper()).toBe(1795318714328636000n);
    expect(r.hyper()).toBe(-1n);
  });

  it('rejects out-of-range numbers instead of wrapping them', () => {
    expect(() => new XdrWriter().int(2 ** 31)).toThrow(XdrError);
    expect(() => new XdrWriter().uint(-1)).toThrow(XdrError);
    expect(() => new XdrWriter().uint(1.5)).toThrow(XdrError);
    expect(() => new XdrWriter().hyper(2n ** 63n)).toThrow(/hyper out of range/);
    expect(() => new XdrWriter().uhyper(2n ** 64n)).toThrow(/uhyper out of range/);
    expect(() => new XdrWriter().uhyper(-1n)).toThrow(/uhyper out of range/);
  });

  it('grows past its initial size', () => {
    const w = new XdrWriter(4);
    for (let i = 0; i < 1000; i++) w.uint(i);
    expect(w.length).toBe(4000);
    const r = new XdrReader(w.bytes());
    expect(r.fixedArray(1000, (x) => x.uint())[999]).toBe(999);
  });

  it('writes ASCII and non-ASCII strings alike (the ASCII fast path falls back mid-string)', () => {
    expect(hex(new XdrWriter().string('bench-0001'))).toBe('0000000a' + Buffer.from('bench-0001').toString('hex') + '0000');
    expect(hex(new XdrWriter().string('abé'))).toBe('00000004' + '6162c3a9');
    const long = 'x'.repeat(5000) + 'é';
    expect(new XdrReader(new XdrWriter().string(long).bytes()).string()).toBe(long);
  });

  it('truncates back to an earlier length and appends zeros', () => {
    const w = new XdrWriter(8).uint(1).uint(2);
    w.truncate(4);
    w.zeros(6);
    expect(hex(w)).toBe('00000001' + '000000000000');
    expect(w.capacity).toBeGreaterThanOrEqual(10);
    expect(() => w.truncate(11)).toThrow(RangeError);
  });

  it('encodes optional values as 0 or 1 followed by the value', () => {
    expect(hex(new XdrWriter().optional(null, (x, v: string) => x.string(v)))).toBe('00000000');
    expect(hex(new XdrWriter().optional('a', (x, v) => x.string(v)))).toBe('00000001' + '00000001' + '61000000');
  });
});

describe('XdrReader', () => {
  it('round-trips a mixed record', () => {
    const w = new XdrWriter();
    w.int(-5).uint(7).double(1.5).bool(true).string('name').fixedOpaque(new Uint8Array(16).fill(1), 16);
    w.array(['a', 'bb'], (x, v) => x.string(v)).optional(42, (x, v) => x.int(v));
    const r = new XdrReader(w.bytes());
    expect([r.int(), r.uint(), r.double(), r.bool(), r.string()]).toEqual([-5, 7, 1.5, true, 'name']);
    expect(r.fixedOpaque(16)).toEqual(new Uint8Array(16).fill(1));
    expect(r.array((x) => x.string())).toEqual(['a', 'bb']);
    expect(r.optional((x) => x.int())).toBe(42);
    r.assertEnd('record');
  });

  it('reads char[N] as N words with one character in each low byte', () => {
    const w = new XdrWriter();
    for (const c of 'x86_64') w.int(c.charCodeAt(0));
    for (let i = 6; i < 32; i++) w.int(0);
    w.uhyper(8n);
    const r = new XdrReader(w.bytes());
    expect(r.charWords(32)).toBe('x86_64');
    expect(r.uhyper()).toBe(8n);
  });

  it('rejects a hostile array count before allocating', () => {
    const r = new XdrReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0));
    expect(() => r.array((x) => x.int())).toThrow(/array count 4294967295 cannot fit in 4 remaining bytes/);
  });

  it('never lets a count through on a too-small element-size hint', () => {
    const r = new XdrReader(Uint8Array.of(0x00, 0x10, 0x00, 0x00, 0, 0, 0, 0));
    expect(() => r.array(() => null, 0)).toThrow(XdrError);
  });

  it('rejects truncated data, a huge string length, bad markers, bad booleans and bad UTF-8', () => {
    expect(() => new XdrReader(Uint8Array.of(0, 0)).int()).toThrow(/truncated int/);
    expect(() => new XdrReader(Uint8Array.of(0x7f, 0xff, 0xff, 0xff, 0x41)).string()).toThrow(/truncated fixed opaque/);
    expect(() => new XdrReader(Uint8Array.of(0, 0, 0, 2)).optional((x) => x.int())).toThrow(/bad optional marker 2/);
    expect(() => new XdrReader(Uint8Array.of(0, 0, 0, 2)).bool()).toThrow(/bad boolean 2/);
    expect(() => new XdrReader(Uint8Array.of(0, 0, 0, 2, 0xc3, 0x28, 0, 0)).string()).toThrow(/invalid UTF-8/);
    expect(() => new XdrReader(Uint8Array.of(0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8)).opaque(4)).toThrow(/exceeds limit 4/);
  });

  it('reports trailing bytes', () => {
    const r = new XdrReader(Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 2));
    r.int();
    expect(() => r.assertEnd('the reply')).toThrow('4 unexpected trailing bytes after the reply');
  });

  it('decodes ASCII and UTF-8 strings from Buffers and plain Uint8Arrays', () => {
    const bytes = new XdrWriter().string('state.state').string('héllo').string('').bytes();
    for (const input of [bytes, Buffer.from(bytes)]) {
      const r = new XdrReader(input);
      expect([r.string(), r.string(), r.string()]).toEqual(['state.state', 'héllo', '']);
      r.assertEnd('strings');
    }
  });

  it('decodes repeated short strings exactly, however their cache slots collide', () => {
    // Far more distinct strings than the intern table has slots, decoded twice in a shuffled order.
    const names = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `vcpu.${i}.time` : i % 3 === 1 ? `d${i}` : `${i}`.repeat(1 + (i % 7))));
    const w = new XdrWriter();
    for (const n of names) w.string(n);
    for (let i = names.length - 1; i >= 0; i -= 7) w.string(names[i]!);
    const r = new XdrReader(w.bytes());
    for (const n of names) expect(r.string()).toBe(n);
    for (let i = names.length - 1; i >= 0; i -= 7) expect(r.string()).toBe(names[i]);
    r.assertEnd('strings');
  });

  it('rejects invalid UTF-8 after a valid ASCII string', () => {
    const r = new XdrReader(Uint8Array.of(0, 0, 0, 1, 0x41, 0, 0, 0, 0, 0, 0, 2, 0xc3, 0x28, 0, 0));
    expect(r.string()).toBe('A');
    expect(() => r.string()).toThrow(/invalid UTF-8/);
  });

  it('reads from a view at a non-zero offset', () => {
    const backing = Uint8Array.of(9, 9, 9, 9, 0, 0, 0, 5);
    expect(new XdrReader(backing.subarray(4)).int()).toBe(5);
  });
});
