import { XdrError } from './errors';

const textEncoder = new TextEncoder();
/** Longest string tried as plain ASCII before falling back to TextEncoder. */
const ASCII_FAST_PATH_MAX = 1024;

/** Growable big-endian XDR encoder (RFC 4506, as libvirt uses it: every item padded to 4 bytes). */
export class XdrWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialSize = 256) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far (a copy-free view). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  get length(): number {
    return this.pos;
  }

  /** Bytes the writer can hold before it has to grow. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Drop everything after the first `length` bytes (undo a partly written item). */
  truncate(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > this.pos) throw new RangeError(`cannot truncate ${this.pos} bytes to ${length}`);
    this.pos = length;
  }

  /** Append `n` zero bytes, e.g. room for a header that is filled in later. */
  zeros(n: number): this {
    this.reserve(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
    return this;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Signed 32-bit integer (also enums, char, short and booleans: libvirt sends them as full words). */
  int(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new XdrError(`int out of range: ${v}`);
    this.reserve(4);
    this.view.setInt32(this.pos, v);
    this.pos += 4;
    return this;
  }

  /** Unsigned 32-bit integer. Values ≥ 2^31 (e.g. the ENFORCE_STATS flag) are written as unsigned. */
  uint(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new XdrError(`uint out of range: ${v}`);
    this.reserve(4);
    this.view.setUint32(this.pos, v);
    this.pos += 4;
    return this;
  }

  /** Signed 64-bit integer. Out-of-range values are an error, not silently wrapped. */
  hyper(v: bigint): this {
    if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new XdrError(`hyper out of range: ${v}`);
    this.reserve(8);
    this.view.setBigInt64(this.pos, BigInt.asIntN(64, v));
    this.pos += 8;
    return this;
  }

  /** Unsigned 64-bit integer. Out-of-range values are an error, not silently wrapped. */
  uhyper(v: bigint): this {
    if (v < 0n || v >= 2n ** 64n) throw new XdrError(`uhyper out of range: ${v}`);
    this.reserve(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, v));
    this.pos += 8;
    return this;
  }

  /** IEEE-754 double. */
  double(v: number): this {
    this.reserve(8);
    this.view.setFloat64(this.pos, v);
    this.pos += 8;
    return this;
  }

  /** Boolean as a plain int 0/1 (the remote protocol has no XDR bool of its own). */
  bool(v: boolean): this {
    return this.int(v ? 1 : 0);
  }

  /** Fixed-length opaque: raw bytes padded to 4, no length word (e.g. a 16-byte UUID). */
  fixedOpaque(v: Uint8Array, size: number): this {
    if (v.length !== size) throw new XdrError(`fixed opaque must be ${size} bytes, got ${v.length}`);
    this.reserve(size + 3);
    this.copyIn(v);
    this.pad(size);
    return this;
  }

  /** Variable-length opaque: u32 length, bytes, zero padding. */
  opaque(v: Uint8Array): this {
    this.uint(v.length);
    this.reserve(v.length + 3);
    this.copyIn(v);
    this.pad(v.length);
    return this;
  }

  /** String: u32 UTF-8 byte length, bytes, zero padding; no terminating NUL. */
  string(v: string): this {
    const n = v.length;
    // Names and URIs are almost always ASCII: copy them straight in instead of allocating an
    // encoded copy first (this runs for every domain argument of every call).
    if (n <= ASCII_FAST_PATH_MAX) {
      this.reserve(4 + n + 3);
      const buf = this.buf;
      const start = this.pos + 4;
      let i = 0;
      for (; i < n; i++) {
        const c = v.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      if (i === n) {
        this.view.setUint32(this.pos, n);
        this.pos = start + n;
        this.pad(n);
        return this;
      }
    }
    return this.opaque(textEncoder.encode(v));
  }

  /** Optional pointer: 0 = absent, 1 then the value = present. */
  optional<T>(v: T | null | undefined, encode: (w: XdrWriter, v: T) => void): this {
    if (v === null || v === undefined) return this.uint(0);
    this.uint(1);
    encode(this, v);
    return this;
  }

  /** Variable-length array: u32 count, then the elements. */
  array<T>(items: readonly T[], encode: (w: XdrWriter, v: T) => void): this {
    this.uint(items.length);
    for (const item of items) encode(this, item);
    return this;
  }

  /** Raw bytes appended as they are (already-encoded XDR). */
  raw(v: Uint8Array): this {
    this.reserve(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  /** Copy `v` in at the write position (room already reserved) and advance past it. */
  private copyIn(v: Uint8Array): void {
    const n = v.length;
    // A plain loop beats TypedArray#set's call overhead for the short items (UUIDs, names) that
    // make up most arguments.
    if (n <= 32) {
      const buf = this.buf;
      const at = this.pos;
      for (let i = 0; i < n; i++) buf[at + i] = v[i]!;
    } else {
      this.buf.set(v, this.pos);
    }
    this.pos += n;
  }

  private pad(n: number): void {
    const padding = (4 - (n % 4)) % 4;
    for (let i = 0; i < padding; i++) this.buf[this.pos++] = 0;
  }
}
