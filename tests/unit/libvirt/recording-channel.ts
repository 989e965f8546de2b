import { ProcNames } from '../../../main/libvirt/generated/remote-protocol.gen';
import type { ArgsEncoder, CallOptions, OpenedDuplexStream, OpenedReadStream, OpenedWriteStream, RetDecoder, RpcChannel } from '../../../main/libvirt/rpc/channel';
import { XdrReader, XdrWriter } from '../../../main/libvirt/xdr';

/** One call as it would have gone on the wire. */
export interface RecordedCall {
  readonly proc: number;
  /** The encoded arguments (the packet payload). */
  readonly args: Uint8Array;
  readonly options: CallOptions | undefined;
}

/** How the channel answers a call: reply payload bytes, an error, or a promise of either. */
export type Responder = (call: RecordedCall) => Uint8Array | Error | Promise<Uint8Array | Error>;

type Handler = (payload: XdrReader) => void | Promise<void>;

/**
 * An RpcChannel below the procedure layer that records the argument bytes each call would send
 * and answers with canned reply payloads. Unit tests use it to check encodings byte for byte and
 * to order replies and event messages deterministically, which a real daemon cannot promise.
 * Replies are decoded exactly as the real client does (decoder, then assertEnd).
 */
export class RecordingChannel implements RpcChannel {
  readonly calls: RecordedCall[] = [];
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(private readonly respond: Responder = () => new Uint8Array(0)) {}

  async call<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options?: CallOptions): Promise<T> {
    const w = new XdrWriter();
    encode?.(w);
    const recorded: RecordedCall = { proc, args: w.bytes().slice(), options };
    this.calls.push(recorded);
    const reply = await this.respond(recorded);
    if (reply instanceof Error) throw reply;
    if (decode === null) {
      if (reply.length !== 0) throw new Error(`void reply to proc ${proc} carries ${reply.length} bytes`);
      return undefined as T;
    }
    const r = new XdrReader(reply);
    const value = decode(r);
    // Named as the real client names it, from the generated procedure table.
    r.assertEnd(`the reply to ${ProcNames[proc] ?? `proc ${proc}`}`);
    return value;
  }

  openReadStream<T>(): Promise<OpenedReadStream<T>> {
    return Promise.reject(new Error('RecordingChannel has no streams'));
  }

  openWriteStream<T>(): Promise<OpenedWriteStream<T>> {
    return Promise.reject(new Error('RecordingChannel has no streams'));
  }

  openDuplexStream<T>(): Promise<OpenedDuplexStream<T>> {
    return Promise.reject(new Error('RecordingChannel has no streams'));
  }

  onMessage(program: number, proc: number, handler: Handler): () => void {
    const key = `${program}:${proc}`;
    const set = this.handlers.get(key) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(key, set);
    return () => set.delete(handler);
  }

  /** Deliver an event message to the handlers of its program/procedure; returns how many got it. */
  emit(program: number, proc: number, payload: Uint8Array): number {
    const set = this.handlers.get(`${program}:${proc}`);
    if (!set) return 0;
    for (const handler of set) void handler(new XdrReader(payload));
    return set.size;
  }

  /** Number of procedures with at least one message handler. */
  get handlerCount(): number {
    let n = 0;
    for (const set of this.handlers.values()) if (set.size > 0) n++;
    return n;
  }
}

/** Encode bytes with a writer callback (for building reply fixtures). */
export function xdr(build: (w: XdrWriter) => void): Uint8Array {
  const w = new XdrWriter();
  build(w);
  return w.bytes().slice();
}

/** Hex dump for readable byte-exact assertions. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
