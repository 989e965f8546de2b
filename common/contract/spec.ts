// The building blocks of a contract: what a channel is, and the shapes the service facade is generic over.
import type { z } from 'zod';

/** One request/response channel: a query reads, a command changes something. */
export interface ChannelSpec<Args extends z.ZodType = z.ZodType, Result extends z.ZodType = z.ZodType> {
  readonly kind: 'query' | 'command';
  readonly args: Args;
  readonly result: Result;
}

/** A contract: channel name → spec. The service facade, IPC and WebSocket layers are generic over it. */
export type ContractShape = { readonly [channel: string]: ChannelSpec };

/** Events: event name → payload schema. */
export type EventsShape = { readonly [event: string]: z.ZodType };

/** A channel that reads. */
export function query<Args extends z.ZodType, Result extends z.ZodType>(args: Args, result: Result): ChannelSpec<Args, Result> {
  return { kind: 'query', args, result };
}

/** A channel that changes something. */
export function command<Args extends z.ZodType, Result extends z.ZodType>(args: Args, result: Result): ChannelSpec<Args, Result> {
  return { kind: 'command', args, result };
}
