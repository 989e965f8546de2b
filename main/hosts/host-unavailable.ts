import type { HostRecord } from '../inventory/model';

/** A host cannot be acted on now: it is down, disabled for connections, or still connecting. The message says why. */
export class HostUnavailableError extends Error {
  override readonly name = 'HostUnavailableError';
  constructor(
    readonly host: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The error for a host that has no usable connection, with the reason the inventory recorded for it. */
export function hostUnavailable(host: HostRecord | string, cause?: unknown): HostUnavailableError {
  if (typeof host === 'string') return new HostUnavailableError(host, `Host ${host} is not known`);
  const reason = host.statusReason ?? (host.status === 'unknown' ? 'not connected yet' : host.status);
  const why = cause instanceof Error ? cause.message.split('\n', 1)[0] : reason;
  return new HostUnavailableError(host.name, `Host ${host.name} is not reachable: ${why}`, { cause });
}
