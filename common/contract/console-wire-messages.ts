// The schemas main validates console transport messages with; checked against the types of console-wire.ts.
import { z } from 'zod';
import type { ConsoleConnectRequest, ConsoleHelloMessage, ConsolePortControl } from './console-wire';
import { WIRE_PROTOCOL_VERSION } from './wire';

/** A one-time console token as the viewer presents it (base64url of 128 bits is 22 characters). */
const TokenSchema = z.string().min(1).max(128);

/** The web mode console hello. */
export const ConsoleHelloSchema = z.strictObject({
  type: z.literal('hello'),
  protocol: z.literal(WIRE_PROTOCOL_VERSION),
  secret: z.string().max(256),
  session: z.string().min(1).max(128),
  token: TokenSchema,
  instance: z.string().min(1).max(255),
}) satisfies z.ZodType<ConsoleHelloMessage>;

/** A control message on a console MessagePort. */
export const ConsolePortControlSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ack'), bytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ type: z.literal('close'), code: z.number().int().min(1000).max(4999), reason: z.string().max(256) }),
]) satisfies z.ZodType<ConsolePortControl>;

/** What the page asks main for over Electron IPC to connect a console. */
export const ConsoleConnectRequestSchema = z.strictObject({
  requestId: z.string().min(1).max(64),
  token: TokenSchema,
  instance: z.string().min(1).max(255),
}) satisfies z.ZodType<ConsoleConnectRequest>;
