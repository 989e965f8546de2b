/** Why a document or a value was refused; stable words that callers and tests can match on. */
export type XmlErrorReason =
  /** The document is longer than `XmlLimits.maxLength`. */
  | 'too-large'
  /** Elements nest deeper than `XmlLimits.maxDepth`. */
  | 'too-deep'
  /** One element carries more attributes than `XmlLimits.maxAttributes`. */
  | 'too-many-attributes'
  /** The document holds more nodes than `XmlLimits.maxNodes`. */
  | 'too-many-nodes'
  /** A DOCTYPE or ENTITY declaration: refused outright (entity expansion, external entities). */
  | 'doctype'
  /** Not well-formed XML (the parser's own message follows). */
  | 'malformed'
  /** A character XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF). */
  | 'invalid-character'
  /** The document's root element is not the one the model reads. */
  | 'unexpected-root'
  /** A value given to a field or builder is not acceptable (bad name, negative size, unknown unit…). */
  | 'invalid-value';

/** An XML document or value the XML layer refuses, with the reason in words and as a stable code. */
export class XmlError extends Error {
  override readonly name = 'XmlError';

  constructor(
    readonly reason: XmlErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether `error` is an `XmlError` (optionally with one given reason). */
export function isXmlError(error: unknown, reason?: XmlErrorReason): error is XmlError {
  return error instanceof XmlError && (reason === undefined || error.reason === reason);
}
