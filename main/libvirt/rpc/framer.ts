import { NonRpcOutputError } from '../errors';
import { Limits } from './constants';

/** Shows a bad length word as hex plus any printable ASCII, since it is usually stray text. */
function describeLengthWord(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const ascii = Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `0x${hex} ("${ascii}")`;
}

/**
 * Incremental packet framer: feed it chunks of any size, take out whole packets.
 *
 * Chunks are kept as a list and only the bytes of one packet that spans several chunks are ever
 * copied (once, into a buffer of the packet's validated size), so throughput is linear in the
 * bytes received. A packet that lies inside one chunk is returned as a view, without a copy.
 * The length word is checked before anything is allocated from it.
 */
export class PacketFramer {
  private readonly chunks: Uint8Array[] = [];
  /** Index of the first unconsumed chunk in `chunks` (a queue head, to avoid O(n) shift()). */
  private head = 0;
  /** Bytes already consumed from `chunks[head]`. */
  private offset = 0;
  private buffered = 0;
  /** Length of the packet being assembled, once its length word has been read. */
  private expected = -1;
  /** Bytes still to drop before the next packet (dummy bytes that carried file descriptors). */
  private toSkip = 0;
  private failure: NonRpcOutputError | null = null;

  /** Bytes received but not yet returned as packets. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Append received bytes. Never throws; errors surface from `next()`. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.failure !== null) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** Drop the next `n` bytes of the stream (may be called before they arrive). */
  skip(n: number): void {
    this.toSkip += n;
  }

  /**
   * The next complete packet (length word included), or null if more bytes are needed.
   * Throws NonRpcOutputError, now and on every later call, when a length word is out of range.
   */
  next(): Uint8Array | null {
    if (this.failure !== null) throw this.failure;
    this.applySkip();
    if (this.expected < 0) {
      if (this.buffered < Limits.LENGTH_WORD) return null;
      const len = this.lengthWord();
      if (len < Limits.MIN_PACKET || len > Limits.MAX_PACKET) {
        const word = this.peek(Limits.LENGTH_WORD);
        this.failure = new NonRpcOutputError(
          `non-RPC output from peer: length word ${describeLengthWord(word)} = ${len} is outside ` +
            `${Limits.MIN_PACKET}..${Limits.MAX_PACKET} (is something printing into the channel, such as a remote shell start-up file?)`,
        );
        this.release();
        throw this.failure;
      }
      this.expected = len;
    }
    if (this.buffered < this.expected) return null;
    const packet = this.take(this.expected);
    this.expected = -1;
    return packet;
  }

  private applySkip(): void {
    while (this.toSkip > 0 && this.buffered > 0) {
      const chunk = this.chunks[this.head]!;
      const n = Math.min(this.toSkip, chunk.length - this.offset);
      this.consume(n);
      this.toSkip -= n;
    }
  }

  /** The big-endian length word at the read position (at least 4 bytes are buffered), not consumed. */
  private lengthWord(): number {
    const chunk = this.chunks[this.head]!;
    const at = this.offset;
    // The common case, read in place; only a word split across chunks needs the copy.
    const word = chunk.length - at >= 4 ? chunk : this.peek(4);
    const i = word === chunk ? at : 0;
    return ((word[i]! << 24) | (word[i + 1]! << 16) | (word[i + 2]! << 8) | word[i + 3]!) >>> 0;
  }

  /** Copy of the first `n` (≤ 4) buffered bytes without consuming them. */
  private peek(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    for (let i = this.head, off = this.offset; filled < n; i++, off = 0) {
      const chunk = this.chunks[i]!;
      const part = Math.min(n - filled, chunk.length - off);
      out.set(chunk.subarray(off, off + part), filled);
      filled += part;
    }
    return out;
  }

  /** Remove and return the first `n` buffered bytes; a view when they lie in one chunk. */
  private take(n: number): Uint8Array {
    const first = this.chunks[this.head]!;
    if (first.length - this.offset >= n) {
      // A plain Uint8Array view: cheaper than Buffer#subarray, which builds a Buffer each time.
      const view = new Uint8Array(first.buffer, first.byteOffset + this.offset, n);
      this.consume(n);
      return view;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[this.head]!;
      const part = Math.min(n - filled, chunk.length - this.offset);
      out.set(chunk.subarray(this.offset, this.offset + part), filled);
      filled += part;
      this.consume(part);
    }
    return out;
  }

  private consume(n: number): void {
    this.offset += n;
    this.buffered -= n;
    if (this.offset === this.chunks[this.head]!.length) {
      this.chunks[this.head] = EMPTY;
      this.head++;
      this.offset = 0;
      if (this.head === this.chunks.length) {
        this.chunks.length = 0;
        this.head = 0;
        return;
      }
      // Compact the queue now and then so consumed slots do not accumulate.
      if (this.head > 64 && this.head * 2 > this.chunks.length) {
        this.chunks.splice(0, this.head);
        this.head = 0;
      }
    }
  }

  private release(): void {
    this.chunks.length = 0;
    this.head = 0;
    this.offset = 0;
    this.buffered = 0;
  }
}

const EMPTY = new Uint8Array(0);
