/** A malformed or truncated XDR payload. Never a crash: decoders throw this and callers fail one call. */
export class XdrError extends Error {
  override readonly name = 'XdrError';
}
