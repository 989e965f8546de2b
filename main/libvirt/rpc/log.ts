import type { ConnectionClosedError } from '../errors';

/** Packet coordinates used in log entries. */
export interface PacketRef {
  readonly program: number;
  readonly procedure: number;
  readonly type: number;
  readonly serial: number;
}

/** One structured debug record from the RPC client. Every entry has a readable `message`. */
export type RpcLogEntry =
  | { readonly kind: 'call'; readonly message: string; readonly program: number; readonly procedure: number; readonly name: string; readonly serial: number; readonly durationMs: number; readonly error?: Error }
  | { readonly kind: 'keepalive'; readonly message: string; readonly event: 'ping-received' | 'ping-sent' | 'dead' }
  | { readonly kind: 'discarded'; readonly message: string; readonly packet: PacketRef }
  | { readonly kind: 'event-overflow'; readonly message: string; readonly program: number; readonly procedure: number; readonly dropped: number }
  | { readonly kind: 'handler-error'; readonly message: string; readonly program: number; readonly procedure: number; readonly error: unknown }
  | { readonly kind: 'closed'; readonly message: string; readonly error: ConnectionClosedError };

/** Debug log hook. Called synchronously; exceptions it throws are ignored. */
export type RpcLogger = (entry: RpcLogEntry) => void;
