import type { ProcedureSpec } from './protocol-spec';
import type { CallOptions, OpenedDuplexStream, OpenedReadStream, OpenedWriteStream, RpcChannel } from './rpc/channel';
import type { XdrReader, XdrWriter } from './xdr';

/**
 * What every procedure module shares: per-call options, flag words, and the `call` wrappers that
 * send a generated procedure spec with its arguments. The client names the procedure for errors
 * and logs from the generated table, and fails a reply that does not end where its type ends.
 */

/** Options every procedure function accepts: a timeout and an AbortSignal for that one call. */
export interface ProcOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Options carrying just a flags word (the meaning of its bits is named by each procedure's constants). */
export interface FlagsOptions extends ProcOptions {
  readonly flags?: number;
}

/** Shared by every call made without options (the client only reads it). */
const NO_OPTIONS: CallOptions = {};

/** Only the channel-level fields: a procedure's named arguments never leak into the call options. */
function channelOptions(options: ProcOptions | undefined): CallOptions {
  if (options === undefined || (options.timeoutMs === undefined && options.signal === undefined)) return NO_OPTIONS;
  return { timeoutMs: options.timeoutMs, signal: options.signal };
}

function encoder<A>(spec: ProcedureSpec<A, unknown>, args: A): ((w: XdrWriter) => void) | null {
  const encode = spec.encode;
  return encode === null ? null : (w) => encode(w, args);
}

/** Call a remote procedure and return its decoded reply (the channel is the one chokepoint: timeout, logging, error mapping). */
export function call<A, R>(ch: RpcChannel, spec: ProcedureSpec<A, R>, args: A, options?: ProcOptions): Promise<R> {
  return ch.call(spec.proc, encoder(spec, args), spec.decode, channelOptions(options));
}

/**
 * Call a remote procedure and read its reply with `decode` instead of the generated decoder: for
 * the facade's shape of a reply (one field of it, a renamed record). `decode` should be a
 * module-level function, so no closure is made per call.
 */
export function callWith<A, T>(ch: RpcChannel, spec: ProcedureSpec<A, unknown>, args: A, decode: (r: XdrReader) => T, options?: ProcOptions): Promise<T> {
  return ch.call(spec.proc, encoder(spec, args), decode, channelOptions(options));
}

/** Call a procedure that opens a read stream. */
export function openReadStream<A, R>(ch: RpcChannel, spec: ProcedureSpec<A, R>, args: A, options?: ProcOptions): Promise<OpenedReadStream<R>> {
  return ch.openReadStream(spec.proc, encoder(spec, args), spec.decode, channelOptions(options));
}

/** Call a procedure that opens a write stream. */
export function openWriteStream<A, R>(ch: RpcChannel, spec: ProcedureSpec<A, R>, args: A, options?: ProcOptions): Promise<OpenedWriteStream<R>> {
  return ch.openWriteStream(spec.proc, encoder(spec, args), spec.decode, channelOptions(options));
}

/** Call a procedure that opens a stream carrying data both ways (a console). */
export function openDuplexStream<A, R>(ch: RpcChannel, spec: ProcedureSpec<A, R>, args: A, options?: ProcOptions): Promise<OpenedDuplexStream<R>> {
  return ch.openDuplexStream(spec.proc, encoder(spec, args), spec.decode, channelOptions(options));
}

/**
 * A flags word as the u32 the wire wants. JS bit operators produce signed results, so
 * `ENFORCE_STATS | NOWAIT` is negative; `>>> 0` turns it back into the unsigned value. Anything
 * that is not a 32-bit integer is passed through unchanged: the argument encoder then rejects it
 * (`uint out of range: …`), so a bad flags word fails that call's promise instead of throwing
 * from the function that builds the arguments.
 */
export function u32Flags(flags: number | undefined): number {
  if (flags === undefined) return 0;
  if (!Number.isInteger(flags) || flags < -0x80000000 || flags > 0xffffffff) return flags;
  return flags >>> 0;
}

/** The `need_results` argument of the "list all" procedures: 1 asks for the objects, not just their count. */
export const NEED_RESULTS = 1;
