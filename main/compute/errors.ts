// Errors of acting on instances, each mapped to one contract code by main/api/errors.ts.

/** An action is refused in the instance's current state (Nova's 409 Conflict); the message is Nova's. */
export class InstanceConflictError extends Error {
  override readonly name = 'InstanceConflictError';
  constructor(
    message: string,
    readonly instanceUuid: string,
  ) {
    super(message);
  }
}

/**
 * The host was reached but the action failed on it (libvirt refused or broke off). The task is cleared and the
 * action log holds the same message; the instance keeps the states the host shows.
 */
export class ActionFailedError extends Error {
  override readonly name = 'ActionFailedError';
  constructor(
    message: string,
    readonly instanceUuid: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
