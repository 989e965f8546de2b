import { RpcClientError } from '../errors';
import { XdrWriter } from '../xdr';
import type { ArgsEncoder } from './channel';
import { Limits, MessageType, Status } from './constants';
import { writeHeaderAt, type OutgoingHeader } from './packet';

/** Starting size of the outbox buffer: room for a few hundred ordinary calls. */
const INITIAL_BYTES = 16 * 1024;
/**
 * Batches at most this big are copied out so the buffer can be reused; bigger ones hand the
 * buffer itself to the transport, and the outbox starts over with a fresh one. Either way the
 * outbox never keeps a buffer much bigger than this once a huge call has gone out.
 */
const REUSE_BYTES = 64 * 1024;

/**
 * Outgoing packets, encoded back to back into one buffer until the client flushes them.
 *
 * Encoding in place avoids a writer, a buffer and a DataView per call, and flushing everything
 * queued in one tick as a single transport write replaces one `write()` (and one syscall) per
 * packet. The daemon sees the same bytes in the same order either way.
 */
export class Outbox {
  private writer = new XdrWriter(INITIAL_BYTES);

  /** Bytes queued and not yet taken. */
  get length(): number {
    return this.writer.length;
  }

  /**
   * Encode a CALL: `encode` writes the arguments in place, then `serial()` is asked for the
   * serial (only once encoding succeeded, so a failed call uses none). Throws, leaving the
   * outbox as it was, when encoding fails or the packet exceeds libvirt's message limit.
   */
  appendCall(program: number, procedure: number, encode: ArgsEncoder, name: string, serial: () => number): number {
    const w = this.writer;
    const start = w.length;
    try {
      w.zeros(Limits.MIN_PACKET);
      encode?.(w);
      const total = w.length - start;
      if (total > Limits.MAX_PACKET) {
        throw new RpcClientError(`arguments of ${name} encode to ${total - Limits.MIN_PACKET} bytes, over libvirt's ${Limits.MAX_MESSAGE}-byte message limit`);
      }
      const s = serial();
      writeHeaderAt(w.bytes(), start, total, { program, procedure, type: MessageType.CALL, serial: s, status: Status.OK });
      return s;
    } catch (error) {
      this.rollBack(start);
      throw error;
    }
  }

  /** Queue a packet whose payload (if any) is sent separately, right after: only its header goes in here. */
  appendHeader(header: OutgoingHeader, payloadLength = 0): void {
    const w = this.writer;
    const start = w.length;
    w.zeros(Limits.MIN_PACKET);
    try {
      // The length word counts the payload that follows outside the outbox.
      writeHeaderAt(w.bytes(), start, Limits.MIN_PACKET + payloadLength, header);
    } catch (error) {
      this.rollBack(start);
      throw error;
    }
  }

  /** Queue ready-made packet bytes (keepalive). */
  appendRaw(bytes: Uint8Array): void {
    this.writer.raw(bytes);
  }

  /** Everything queued, as one buffer the caller now owns (the outbox is empty afterwards); null when empty. */
  take(): Buffer | null {
    const bytes = this.writer.bytes();
    if (bytes.length === 0) return null;
    if (bytes.length > REUSE_BYTES) {
      this.writer = new XdrWriter(INITIAL_BYTES);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    // Small batches (one call at a time: ~100 bytes) come from Node's shared allocation pool.
    const out = Buffer.allocUnsafe(bytes.length);
    out.set(bytes);
    this.writer.truncate(0);
    return out;
  }

  /** Undo a packet that failed half way, and drop a buffer a huge failed encode blew up. */
  private rollBack(start: number): void {
    const w = this.writer;
    w.truncate(start);
    if (w.capacity > REUSE_BYTES * 4) {
      const kept = new XdrWriter(Math.max(INITIAL_BYTES, start));
      kept.raw(w.bytes());
      this.writer = kept;
    }
  }
}
