import { AlreadyExistsError, InUseError, InvalidInputError, InventoryError, NotFoundError, UnexpectedTaskStateError } from '../inventory/errors';
import { ERROR_CODES, type ErrorCode, type ErrorInfo } from '../../common/contract/errors';
import { NoValidHostError, QuotaExceededError } from '../compute/claim-errors';
import { ActionFailedError, InstanceConflictError } from '../compute/errors';
import { HostUnavailableError } from '../hosts/host-unavailable';

/** An error a handler raises on purpose: its code and message go to the renderer as they are. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a caught error becomes on the wire, and whether it was expected (unexpected ones get logged with their stack). */
export interface MappedError {
  readonly info: ErrorInfo;
  readonly expected: boolean;
}

/**
 * Map anything a handler threw to `{code, message}`.
 *
 * Errors raised on purpose (ServiceError, the inventory's typed errors) keep their message. Anything else is a
 * bug: the renderer gets its first line under code `internal` — useful to report — but never the stack.
 */
export function mapError(error: unknown, channel: string): MappedError {
  if (error instanceof ServiceError) return expected(error.code, error.message);
  if (error instanceof NotFoundError) return expected('not_found', error.message);
  if (error instanceof AlreadyExistsError) return expected('already_exists', error.message);
  if (error instanceof InUseError) return expected('in_use', error.message);
  if (error instanceof InvalidInputError) return expected('invalid_input', error.message);
  if (error instanceof UnexpectedTaskStateError) return expected('conflict', error.message);
  if (error instanceof InstanceConflictError) return expected('conflict', error.message);
  if (error instanceof QuotaExceededError) return expected('quota_exceeded', error.message);
  if (error instanceof NoValidHostError) return expected('no_valid_host', error.message);
  if (error instanceof HostUnavailableError) return expected('unavailable', error.message);
  if (error instanceof ActionFailedError) return expected('host_error', error.message);
  // The rest (a database written by a newer version, a failed migration) means the inventory cannot be used.
  if (error instanceof InventoryError) return expected('unavailable', error.message);
  // Subsystems' own errors raised on purpose carry their contract code (images, host pools and networks).
  if (hasContractCode(error)) return expected(error.code, error.message);
  const detail = error instanceof Error ? firstLine(error.message) : firstLine(String(error));
  return { info: { code: 'internal', message: `Internal error in ${channel}: ${detail || 'unknown error'}` }, expected: false };
}

function hasContractCode(error: unknown): error is Error & { readonly code: ErrorCode } {
  if (!(error instanceof Error) || !('code' in error)) return false;
  const code: unknown = error.code;
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) && code !== 'internal';
}

function expected(code: ErrorCode, message: string): MappedError {
  return { info: { code, message }, expected: true };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.trim() ?? '';
}
