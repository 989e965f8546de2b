import type { Duplex, Readable, Writable } from 'node:stream';
import type { XdrReader, XdrWriter } from '../xdr';
import type { SubscribeOptions } from './subscriptions';

/**
 * Encodes a call's arguments; `null` for void arguments. It appends to the writer it is given,
 * which may already hold other queued packets, so it must not rely on `length` or `bytes()`.
 */
export type ArgsEncoder = ((w: XdrWriter) => void) | null;
/** Decodes a reply's return value; `null` for a void return. */
export type RetDecoder<T> = ((r: XdrReader) => T) | null;

/** Per-call options for the one chokepoint every hypervisor call goes through. */
export interface CallOptions {
  /** Program number; defaults to the remote program (0x20008086). */
  readonly program?: number;
  /** Fail the call with a timeout error after this long (the connection stays usable). */
  readonly timeoutMs?: number;
  /** Abandon the call (the reply is then discarded when it arrives). */
  readonly signal?: AbortSignal;
  /** Procedure name for errors and logs, e.g. "DOMAIN_LOOKUP_BY_NAME" (default: "remote proc 23"). */
  readonly name?: string;
}

/** A read stream opened by a call (volume download, screenshot): the reply plus the data. */
export interface OpenedReadStream<T> {
  readonly ret: T;
  /** Data as it arrives; ends on the server's EOF after our finish is confirmed; errors with LibvirtError. */
  readonly stream: Readable;
}

/** A write stream opened by a call (volume upload): the reply plus a sink honouring back-pressure. */
export interface OpenedWriteStream<T> {
  readonly ret: T;
  /** Writes become STREAM/CONTINUE packets (≤ 256 KiB each); `end()` sends finish and waits for confirmation before 'finish'. */
  readonly stream: Writable;
}

/** A stream opened by a call that carries data both ways (a domain console): the reply plus the stream. */
export interface OpenedDuplexStream<T> {
  readonly ret: T;
  /** Reads as an OpenedReadStream's stream, writes as an OpenedWriteStream's; `end()` sends finish, `destroy()` aborts. */
  readonly stream: Duplex;
}

/**
 * What procedure modules need from a connected libvirt RPC client. Implemented by the client in
 * `rpc/client.ts`; procedure modules (`domain.ts`, `storage.ts`, …) depend only on this.
 */
export interface RpcChannel {
  call<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options?: CallOptions): Promise<T>;
  openReadStream<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options?: CallOptions): Promise<OpenedReadStream<T>>;
  openWriteStream<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options?: CallOptions): Promise<OpenedWriteStream<T>>;
  openDuplexStream<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options?: CallOptions): Promise<OpenedDuplexStream<T>>;
  /**
   * Receive MESSAGE packets (events) of one program/procedure. Handlers run off the socket reader
   * (queued per subscription, bounded, drop-oldest), so a slow handler never stalls replies; a
   * handler returning a promise gets the next message after it settles. Returns an unsubscribe
   * function; `options.signal` unsubscribes too.
   */
  onMessage(program: number, proc: number, handler: (payload: XdrReader) => void | Promise<void>, options?: SubscribeOptions): () => void;
}
