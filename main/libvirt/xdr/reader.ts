import { XdrError } from './errors';

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Bounds-checked big-endian XDR decoder over one packet's payload.
 * Every length is checked against the bytes actually left before anything is allocated, so a
 * hostile count (2^32 − 1 elements) fails at once instead of allocating or looping.
 */
export class XdrReader {
  private readonly view: DataView;
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Bytes not yet consumed. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  get offset(): number {
    return this.pos;
  }

  private need(n: number, what: string): void {
    if (n > this.buf.length - this.pos) {
      throw new XdrError(`truncated ${what}: need ${n} bytes at offset ${this.pos}, ${this.buf.length - this.pos} left`);
    }
  }

  int(): number {
    this.need(4, 'int');
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  uint(): number {
    this.need(4, 'uint');
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  hyper(): bigint {
    this.need(8, 'hyper');
    const v = this.view.getBigInt64(this.pos);
    this.pos += 8;
    return v;
  }

  uhyper(): bigint {
    this.need(8, 'uhyper');
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.need(8, 'double');
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  /** Boolean sent as an int; anything but 0/1 is a protocol error. */
  bool(): boolean {
    const v = this.int();
    if (v !== 0 && v !== 1) throw new XdrError(`bad boolean ${v} at offset ${this.pos - 4}`);
    return v === 1;
  }

  /** Fixed-length opaque of `size` bytes (plus padding). Returns a copy. */
  fixedOpaque(size: number): Uint8Array {
    const padded = size + ((4 - (size % 4)) % 4);
    this.need(padded, 'fixed opaque');
    const v = this.buf.slice(this.pos, this.pos + size);
    this.pos += padded;
    return v;
  }

  /** Variable-length opaque. `max` is an optional sanity bound on top of the bytes available. */
  opaque(max?: number): Uint8Array {
    const len = this.uint();
    if (max !== undefined && len > max) throw new XdrError(`opaque length ${len} exceeds limit ${max}`);
    return this.fixedOpaque(len);
  }

  /** UTF-8 string; invalid UTF-8 is a protocol error, not silent replacement. */
  string(): string {
    const bytes = this.opaque();
    try {
      return textDecoder.decode(bytes);
    } catch {
      throw new XdrError(`invalid UTF-8 in string at offset ${this.pos - bytes.length}`);
    }
  }

  /** Optional pointer: the marker must be exactly 0 or 1. */
  optional<T>(decode: (r: XdrReader) => T): T | null {
    const marker = this.uint();
    if (marker === 0) return null;
    if (marker !== 1) throw new XdrError(`bad optional marker ${marker} at offset ${this.pos - 4}`);
    return decode(this);
  }

  /**
   * Variable-length array. Each element takes at least `minElementSize` bytes on the wire, so a
   * count larger than what the payload could hold is rejected before any allocation.
   */
  array<T>(decode: (r: XdrReader) => T, minElementSize = 4): T[] {
    const count = this.uint();
    // Every XDR item takes at least one 4-byte unit; a smaller bound would let a hostile count
    // through (and an element decoder that reads nothing would loop on it).
    if (count * Math.max(4, minElementSize) > this.remaining) {
      throw new XdrError(`array count ${count} cannot fit in ${this.remaining} remaining bytes`);
    }
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(decode(this));
    return out;
  }

  /** Fixed-length array of `count` elements, no count word. */
  fixedArray<T>(count: number, decode: (r: XdrReader) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(decode(this));
    return out;
  }

  /** `char x[N]` as libvirt sends it: N full words, one character in each low byte, NUL-padded. */
  charWords(count: number): string {
    this.need(count * 4, 'char array');
    let s = '';
    for (let i = 0; i < count; i++) {
      const c = this.view.getUint32(this.pos + i * 4) & 0xff;
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    this.pos += count * 4;
    return s;
  }

  /** The unread rest of the buffer (e.g. stream data). */
  rest(): Uint8Array {
    const v = this.buf.subarray(this.pos);
    this.pos = this.buf.length;
    return v;
  }

  /** Fail if bytes are left over: a reply longer than its declared type means we decoded it wrongly. */
  assertEnd(what: string): void {
    if (this.remaining !== 0) throw new XdrError(`${this.remaining} unexpected trailing bytes after ${what}`);
  }
}
