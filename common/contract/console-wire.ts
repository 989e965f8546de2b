// Consoles: the byte channel between a viewer and main's console proxy, in web mode (the `/console` WebSocket) and
// in Electron (a MessagePort). No zod here: the renderer imports it at run time; main validates with
// console-wire-messages.ts.
import type { WIRE_PROTOCOL_VERSION } from './wire';

/** The console kinds. */
export const CONSOLE_KINDS = ['vnc', 'serial'] as const;

/** A console kind. */
export type ConsoleKind = (typeof CONSOLE_KINDS)[number];

/** Path of the console WebSocket in web mode. */
export const CONSOLE_SOCKET_PATH = '/console';

/**
 * Bytes one side may send before the other acknowledges them (Electron's MessagePort has no back-pressure of its
 * own). Main never queues more than this towards a viewer: a viewer that stops reading stops the console instead.
 */
export const CONSOLE_WINDOW_BYTES = 1024 * 1024;

/**
 * Web mode: the first (text) message on `/console`. `session` is the id the contract socket's welcome carried (the
 * token is bound to it), `instance` the instance the viewer means to show (a token for another one is refused).
 */
export interface ConsoleHelloMessage {
  readonly type: 'hello';
  readonly protocol: typeof WIRE_PROTOCOL_VERSION;
  readonly secret: string;
  readonly session: string;
  readonly token: string;
  readonly instance: string;
}

/** Web mode: main's answer once the tunnel is open; binary frames follow, both ways. */
export interface ConsoleReadyMessage {
  readonly type: 'ready';
}

/** MessagePort: `bytes` more bytes were consumed by the side that sends this (flow control). */
export interface ConsoleAckMessage {
  readonly type: 'ack';
  readonly bytes: number;
}

/** MessagePort: the sender closes the console, with why (the web mode socket uses close frames instead). */
export interface ConsoleCloseMessage {
  readonly type: 'close';
  readonly code: number;
  readonly reason: string;
}

/** Control messages on a console MessagePort; data travels as Uint8Array messages. */
export type ConsolePortControl = ConsoleAckMessage | ConsoleCloseMessage;

/** Close codes of consoles, in the range of the contract socket's codes (common/contract/wire.ts WS_CLOSE). */
export const CONSOLE_CLOSE = {
  /** The console ended: the guest stopped, the viewer closed it. */
  NORMAL: 1000,
  /** The server is shutting down. */
  GOING_AWAY: 1001,
  /** A message broke the protocol. */
  POLICY_VIOLATION: 1008,
  /** Main failed unexpectedly (a bug; the reason says what). */
  INTERNAL: 1011,
  /** Too many consoles open. */
  TRY_AGAIN_LATER: 1013,
  /** The session secret was missing or wrong. */
  BAD_SECRET: 4401,
  /** The page's Origin is not this server. */
  BAD_ORIGIN: 4403,
  /** No hello in time. */
  HELLO_TIMEOUT: 4408,
  /** The token was refused (expired, used, forged, for another instance or another window): ask for a new one. */
  TOKEN_REFUSED: 4410,
  /** Main could not reach the console (VNC port closed, SSH channel refused, host down). */
  UNREACHABLE: 4502,
} as const;

/** Electron: what the page asks main for (through the preload) to connect a console; the port comes back by message. */
export interface ConsoleConnectRequest {
  /** The page's own id for this request, echoed with the port. */
  readonly requestId: string;
  readonly token: string;
  readonly instance: string;
}

/** Electron IPC channels of consoles: the page's connect request, and main's answer carrying the port. */
export const CONSOLE_IPC = { connect: 'console.connect', port: 'console.port' } as const;

/** Port messages posted from the preload to the page (Electron): the port for a `connectConsole` request. */
export const CONSOLE_PORT_MESSAGE = 'virt-deck:console-port';

/** What the preload posts to the page with the port (or without one and an error). */
export interface ConsolePortEnvelope {
  readonly type: typeof CONSOLE_PORT_MESSAGE;
  readonly requestId: string;
  /** Why there is no port (token refused, console unreachable), with the close code. */
  readonly error: { readonly code: number; readonly reason: string } | null;
}
