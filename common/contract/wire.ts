// Web mode: the protocol on the contract WebSocket (`/api`). JSON text frames only.
// No zod here: the renderer imports the constants at run time; main validates what clients send with
// wire-messages.ts.
import type { CallResult } from './errors';

/** Version of the WebSocket protocol; bumped on incompatible changes. */
export const WIRE_PROTOCOL_VERSION = 1;

/** The first message a client sends: the session secret from the URL fragment. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly protocol: typeof WIRE_PROTOCOL_VERSION;
  readonly secret: string;
}

/** A call. `id` is the client's, echoed in the result. */
export interface CallMessage {
  readonly type: 'call';
  readonly id: number;
  readonly channel: string;
  readonly args: unknown;
}

/** Any message a client may send. */
export type ClientMessage = HelloMessage | CallMessage;

/** Messages the server sends. */
export type ServerMessage =
  /** `session` identifies this connection (consoles opened on it are bound to it; see console-wire.ts). */
  | { readonly type: 'welcome'; readonly protocol: typeof WIRE_PROTOCOL_VERSION; readonly session: string }
  | { readonly type: 'result'; readonly id: number; readonly result: CallResult<unknown> }
  | { readonly type: 'event'; readonly event: string; readonly payload: unknown };

/** Close codes of the contract WebSocket; the close reason carries the human explanation. */
export const WS_CLOSE = {
  /** The server is shutting down (standard "going away"). */
  GOING_AWAY: 1001,
  /** A message broke the protocol (not JSON, unknown type, binary frame). */
  POLICY_VIOLATION: 1008,
  /** A message exceeded the size limit (standard "message too big"). */
  TOO_BIG: 1009,
  /** Too many connections; try again later (standard). */
  TRY_AGAIN_LATER: 1013,
  /** The session secret was missing or wrong: reconnecting will not help. */
  BAD_SECRET: 4401,
  /** The page's Origin is not this server: reconnecting will not help. */
  BAD_ORIGIN: 4403,
  /** No hello within the time limit. */
  HELLO_TIMEOUT: 4408,
} as const;

/** Close codes after which reconnecting cannot help: the page must be opened again with the right address. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([WS_CLOSE.BAD_SECRET, WS_CLOSE.BAD_ORIGIN]);
