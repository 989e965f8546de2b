// The schemas main validates client messages with; checked against the message types of wire.ts.
import { z } from 'zod';
import { WIRE_PROTOCOL_VERSION, type CallMessage, type ClientMessage, type HelloMessage } from './wire';

/** The hello: protocol version and session secret. */
export const HelloMessageSchema = z.strictObject({
  type: z.literal('hello'),
  protocol: z.literal(WIRE_PROTOCOL_VERSION),
  secret: z.string().max(256),
}) satisfies z.ZodType<HelloMessage>;

/** A call. */
export const CallMessageSchema = z.strictObject({
  type: z.literal('call'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(128),
  args: z.unknown(),
}) satisfies z.ZodType<CallMessage>;

/** Any message a client may send. */
export const ClientMessageSchema = z.discriminatedUnion('type', [HelloMessageSchema, CallMessageSchema]) satisfies z.ZodType<ClientMessage>;
