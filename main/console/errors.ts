import { CONSOLE_CLOSE } from '../../common/contract/console-wire';
import type { ErrorCode } from '../../common/contract/errors';
import { ServiceError } from '../api/errors';

/**
 * A console cannot be opened, for a reason a person can act on ("web-1 is not running (SHUTOFF)", "web-1 has only a
 * SPICE display"): raised before any token is issued, shown as it is.
 */
export class ConsoleUnavailableError extends ServiceError {
  constructor(code: Extract<ErrorCode, 'conflict' | 'unavailable' | 'not_found' | 'forbidden'>, message: string) {
    super(code, message);
  }
}

/** Why a presented token was refused. */
export type TokenRefusal = 'unknown' | 'reused' | 'expired' | 'wrong-instance' | 'wrong-session';

const REFUSAL_TEXT: Readonly<Record<TokenRefusal, string>> = {
  unknown: 'this console link is not valid',
  reused: 'this console link was already used (each one works once)',
  expired: 'this console link expired before it was used',
  'wrong-instance': 'this console link is for another instance',
  'wrong-session': 'this console link belongs to another window',
};

/** A console token was refused; the message says why, without the token. */
export class ConsoleTokenRefusedError extends Error {
  override readonly name = 'ConsoleTokenRefusedError';
  constructor(readonly reason: TokenRefusal) {
    super(`Console refused: ${REFUSAL_TEXT[reason]}; open the console again`);
  }
}

/** Main could not reach a console it had a valid token for (VNC port closed, SSH channel refused, host down). */
export class ConsoleUnreachableError extends Error {
  override readonly name = 'ConsoleUnreachableError';
}

/** The close code and reason a transport closes a viewer with when its console could not be connected. */
export function refusalOf(error: unknown): { code: number; reason: string } {
  if (error instanceof ConsoleTokenRefusedError) return { code: CONSOLE_CLOSE.TOKEN_REFUSED, reason: error.message };
  if (error instanceof ConsoleUnreachableError || error instanceof ConsoleUnavailableError) return { code: CONSOLE_CLOSE.UNREACHABLE, reason: error.message };
  return { code: CONSOLE_CLOSE.INTERNAL, reason: `Console failed: ${error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error)}` };
}
