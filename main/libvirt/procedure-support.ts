import { Proc } from './procedures';
import type { ArgsEncoder, CallOptions, OpenedReadStream, OpenedWriteStream, RpcChannel } from './rpc/channel';
import { XdrError, type XdrReader, type XdrWriter } from './xdr';

/**
 * What every procedure module shares: per-call options, flag words, and the `call` wrapper that
 * names the procedure for errors and logs and insists a reply ends where its type ends.
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

const procNames = new Map<number, string>(Object.entries(Proc).map(([name, proc]) => [proc, name]));

/** Name of a remote procedure ("DOMAIN_GET_INFO"), or "remote proc N" for one this module does not name. */
export function procName(proc: number): string {
  return procNames.get(proc) ?? `remote proc ${proc}`;
}

/** Channel options of calls made without options, one shared object per procedure (they are read-only). */
const bareOptions = new Map<number, CallOptions>();

function channelOptions(proc: number, options: ProcOptions | undefined): CallOptions {
  // Only the channel-level fields: a procedure's named arguments never leak into the call options.
  if (options === undefined) {
    let bare = bareOptions.get(proc);
    if (bare === undefined) bareOptions.set(proc, (bare = { name: procName(proc) }));
    return bare;
  }
  return { name: procName(proc), timeoutMs: options.timeoutMs, signal: options.signal };
}

function strict<T>(proc: number, decode: ((r: XdrReader) => T) | null): ((r: XdrReader) => T) | null {
  if (decode === null) return null;
  return (r) => {
    const value = decode(r);
    // Build the message only on failure: this runs for every reply.
    if (r.remaining !== 0) r.assertEnd(`the reply to ${procName(proc)}`);
    return value;
  };
}

/** Call a remote procedure (the channel is the one chokepoint: timeout, logging, error mapping). */
export function call<T>(ch: RpcChannel, proc: number, encode: ArgsEncoder, decode: ((r: XdrReader) => T) | null, options?: ProcOptions): Promise<T> {
  return ch.call(proc, encode, strict(proc, decode), channelOptions(proc, options));
}

/** Call a procedure that opens a read stream. */
export function openReadStream<T>(
  ch: RpcChannel,
  proc: number,
  encode: ArgsEncoder,
  decode: ((r: XdrReader) => T) | null,
  options?: ProcOptions,
): Promise<OpenedReadStream<T>> {
  return ch.openReadStream(proc, encode, strict(proc, decode), channelOptions(proc, options));
}

/** Call a procedure that opens a write stream. */
export function openWriteStream<T>(
  ch: RpcChannel,
  proc: number,
  encode: ArgsEncoder,
  decode: ((r: XdrReader) => T) | null,
  options?: ProcOptions,
): Promise<OpenedWriteStream<T>> {
  return ch.openWriteStream(proc, encode, strict(proc, decode), channelOptions(proc, options));
}

/**
 * A flags word as the u32 the wire wants. JS bit operators produce signed results, so
 * `ENFORCE_STATS | NOWAIT` is negative; `>>> 0` turns it back into the unsigned value.
 */
export function u32Flags(flags: number | undefined): number {
  if (flags === undefined) return 0;
  if (!Number.isInteger(flags) || flags < -0x80000000 || flags > 0xffffffff) {
    throw new XdrError(`flags must be a 32-bit integer, got ${flags}`);
  }
  return flags >>> 0;
}

/** Encoder for the commonest argument list: one object record followed by a flags word. */
export function withFlags<R>(encodeRecord: (w: XdrWriter, record: R) => void, record: R, options: FlagsOptions | undefined): (w: XdrWriter) => void {
  return (w) => {
    encodeRecord(w, record);
    w.uint(u32Flags(options?.flags));
  };
}

/**
 * The "list all" convention: arguments end with `need_results = 1` and the flags word (after
 * whatever `encodeBefore` writes), and the reply is a counted list followed by a `ret` count word
 * we do not need. `minItemBytes` lets the decoder reject impossible counts before allocating.
 */
export function listAll<T>(
  ch: RpcChannel,
  proc: number,
  decodeItem: (r: XdrReader) => T,
  minItemBytes: number,
  options: FlagsOptions | undefined,
  encodeBefore?: (w: XdrWriter) => void,
): Promise<T[]> {
  return call(
    ch,
    proc,
    (w) => {
      encodeBefore?.(w);
      w.int(1);
      w.uint(u32Flags(options?.flags));
    },
    (r) => {
      const items = r.array(decodeItem, minItemBytes);
      r.uint(); // `ret`: the count again (signed in DOMAIN_LIST_ALL_SNAPSHOTS; same 4 bytes)
      return items;
    },
    options,
  );
}

/** Reads a reply that is one string. */
export const readString = (r: XdrReader): string => r.string();
/** Reads a reply that is one int. */
export const readInt = (r: XdrReader): number => r.int();
/** Reads a reply that is one int used as a boolean (0 or 1). */
export const readBool = (r: XdrReader): boolean => r.bool();
/** Reads a reply that is one unsigned hyper. */
export const readUhyper = (r: XdrReader): bigint => r.uhyper();

/** Write an optional string (`remote_string`): absent for null/undefined. */
export function encodeOptionalString(w: XdrWriter, value: string | null | undefined): void {
  w.optional(value, (x, v) => x.string(v));
}

/** Read an optional string (`remote_string`). */
export function decodeOptionalString(r: XdrReader): string | null {
  return r.optional((x) => x.string());
}
