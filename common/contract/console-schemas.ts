// The console channel's payloads (`console.open`): zod schemas main validates with, and the types both sides use.
import { z } from 'zod';
import { CONSOLE_KINDS } from './console-wire';

/** Which console: the graphical display (VNC) or the serial console (libvirt's console stream). */
export const ConsoleKindSchema = z.enum(CONSOLE_KINDS);

/** What opening a console takes: the instance (UUID or unique name) and which console. */
export const OpenConsoleArgsSchema = z.strictObject({
  ref: z.string().trim().min(1).max(255),
  kind: ConsoleKindSchema,
});

/**
 * A console ready to connect: a one-time token for the console transport (web mode `/console` or the Electron
 * port), valid until `expiresAt` and only for the viewer session that asked. `password` is the VNC password from the
 * domain XML, for the viewer's VNC authentication only: never shown, never logged.
 */
export const OpenedConsoleSchema = z.object({
  token: z.string(),
  kind: ConsoleKindSchema,
  /** ISO time after which an unused token is refused. */
  expiresAt: z.string(),
  instance: z.object({ uuid: z.string(), name: z.string() }),
  /** How main reaches the console: straight from this machine, or through the host's SSH connection. */
  via: z.enum(['direct', 'ssh']),
  /** Where the console is, for the status line ("VNC 127.0.0.1:5900 on lab1"); no secrets. */
  description: z.string(),
  password: z.string().nullable(),
});

/** What `console.open` takes. */
export type OpenConsoleArgs = z.output<typeof OpenConsoleArgsSchema>;
/** What `console.open` returns. */
export type OpenedConsole = z.output<typeof OpenedConsoleSchema>;
