import type { XdrReader, XdrWriter } from './xdr';

/**
 * The shapes the generated protocol files (`generated/*.gen.ts`) describe procedures and event
 * messages with: a number tied to its codecs, so a caller cannot pair one procedure's number
 * with another's arguments.
 */

/** A remote procedure: its number and name, its argument encoder and reply decoder (null for void). */
export interface ProcedureSpec<Args, Ret> {
  readonly proc: number;
  /** Name without the `REMOTE_PROC_` prefix, for errors and logs. */
  readonly name: string;
  readonly encode: ((w: XdrWriter, args: Args) => void) | null;
  readonly decode: ((r: XdrReader) => Ret) | null;
  /** Whether the call opens a stream (`@readstream`/`@writestream` in the protocol file). */
  readonly stream: 'read' | 'write' | null;
}

/** An event message (server → client, type MESSAGE). */
export interface EventMessageSpec<Payload> {
  readonly proc: number;
  readonly name: string;
  /** Whether the message starts with the callbackID of a callback registration (legacy messages do not). */
  readonly callbackID: boolean;
  /** Decode the payload after the callbackID. */
  readonly decode: (r: XdrReader) => Payload;
}
