// Results and errors: every call resolves to one of these; errors are data, never thrown across the boundary.
// No zod here: the renderer may import the codes at run time.

/** Error codes a call can fail with; each comes with a message fit to show to the user. */
export const ERROR_CODES = [
  /** The arguments failed the channel's schema. */
  'invalid_args',
  /** No such channel. */
  'unknown_channel',
  /** The sender is not the app (wrong frame origin, missing session secret). */
  'forbidden',
  /** Too many calls too fast on one connection. */
  'rate_limited',
  /** The transport is down (web mode reconnecting). */
  'disconnected',
  /** A dependency of the call is not available (e.g. the inventory database cannot be opened). */
  'unavailable',
  'not_found',
  'already_exists',
  /** A state guard refused the action (Nova's 409). */
  'conflict',
  'in_use',
  /** The input passed the schema but not the domain rules. */
  'invalid_input',
  /** The request does not fit the project's quota (Nova's OverQuota); the message is Nova's. */
  'quota_exceeded',
  /** No host can take the request (Nova's NoValidHost); the message says which filter removed which host. */
  'no_valid_host',
  /** The host was reached but refused or failed the operation; the message carries libvirt's reason. */
  'host_error',
  /** A bug: the handler failed unexpectedly or returned data that breaks the contract. */
  'internal',
] as const;

/** An error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failed call, as the renderer sees it: a code and a message, never a stack. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}

/** The outcome of a call. */
export type CallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };
