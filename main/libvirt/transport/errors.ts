import { escapeControlCharacters } from '../../text/control-chars';

/** A libvirt URI we cannot use, with the reason spelled out. */
export class LibvirtUriError extends Error {
  override readonly name = 'LibvirtUriError';
  constructor(
    readonly uri: string,
    reason: string,
  ) {
    // Escaped: the message reaches terminals and logs, and a URI may carry control characters.
    super(`Invalid libvirt URI "${escapeControlCharacters(uri)}": ${reason}`);
  }
}

/** Opening the byte stream to libvirtd failed (socket missing, refused, permission, timeout, abort). */
export class DialError extends Error {
  override readonly name = 'DialError';
  constructor(
    message: string,
    /** The errno code when the OS reported one (ENOENT, ECONNREFUSED, EACCES, ETIMEDOUT…). */
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
