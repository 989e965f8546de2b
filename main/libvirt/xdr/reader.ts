import { XdrError } from './errors';

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Strings up to this many bytes go through the intern table. */
const INTERN_MAX_BYTES = 64;
/** Slots of the intern table (a power of two): enough for the names of a few thousand domains. */
const INTERN_SLOTS = 8192;
/**
 * Direct-mapped cache of recently decoded short ASCII strings, keyed by a hash of their bytes.
 * A hit is verified byte by byte, so a collision only costs a fresh decode. Strings are immutable
 * values, so sharing one between replies is invisible to callers; it saves the allocation and
 * lets V8 reuse the already internalized string when it becomes a property key.
 */
const internTable: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

/** Whether ASCII string `s` has exactly the `len` bytes at `start` of `buf`. */
function sameAscii(s: string, buf: Uint8Array, start: number, len: number): boolean {
  if (s.length !== len) return false;
  for (let i = 0; i < len; i++) if (s.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}

/**
 * Bounds-checked big-endian XDR decoder over one packet's payload.
 * Every length is checked against the bytes actually left before anything is allocated, so a
 * hostile count (2^32 − 1 elements) fails at once instead of allocating or looping.
 */
export class XdrReader {
  /** Created on the first 64-bit read: most replies are ints and strings, and a DataView is an allocation per reply. */
  private dataView: DataView | undefined;
  private pos = 0;
  private nodeBuf: Buffer | undefined;

  constructor(private readonly buf: Uint8Array) {}

  private get view(): DataView {
    this.dataView ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.dataView;
  }

  /** The big-endian word at `at` (bounds already checked), unsigned. */
  private word(at: number): number {
    const b = this.buf;
    return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
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
    const v = this.word(this.pos) | 0;
    this.pos += 4;
    return v;
  }

  uint(): number {
    this.need(4, 'uint');
    const v = this.word(this.pos);
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

  /**
   * Fixed-length opaque of `size` bytes (plus padding) as a view into the payload, without a
   * copy: for decoders that only look at the bytes (UUIDs) and do not keep them.
   */
  fixedOpaqueView(size: number): Uint8Array {
    const padded = size + ((4 - (size % 4)) % 4);
    this.need(padded, 'fixed opaque');
    const v = this.buf.subarray(this.pos, this.pos + size);
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
    const len = this.uint();
    const padded = len + ((4 - (len % 4)) % 4);
    this.need(padded, 'fixed opaque');
    const start = this.pos;
    const end = start + len;
    this.pos += padded;
    const buf = this.buf;
    if (len <= INTERN_MAX_BYTES) {
      // Replies repeat the same short ASCII strings over and over (domain names, stats field
      // names): hash the bytes while checking they are ASCII, and reuse the string made last time.
      let h = 0x811c9dc5;
      let ascii = true;
      for (let i = start; i < end; i++) {
        const b = buf[i]!;
        if (b >= 0x80) {
          ascii = false;
          break;
        }
        h = Math.imul(h ^ b, 0x01000193);
      }
      if (ascii) {
        const slot = (h ^ len) & (INTERN_SLOTS - 1);
        const cached = internTable[slot];
        if (cached !== undefined && sameAscii(cached, buf, start, len)) return cached;
        const made = this.asBuffer().toString('latin1', start, end);
        internTable[slot] = made;
        return made;
      }
    } else {
      let i = start;
      while (i < end && buf[i]! < 0x80) i++;
      // A native latin1 slice costs about half of copying the bytes out for TextDecoder.
      if (i === end) return this.asBuffer().toString('latin1', start, end);
    }
    try {
      return textDecoder.decode(buf.subarray(start, end));
    } catch {
      throw new XdrError(`invalid UTF-8 in string at offset ${this.pos - len}`);
    }
  }

  /** The payload as a Buffer (the same memory), for Buffer's native string slicing. */
  private asBuffer(): Buffer {
    this.nodeBuf ??= Buffer.isBuffer(this.buf) ? this.buf : Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.nodeBuf;
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
      const c = this.buf[this.pos + i * 4 + 3]!;
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
