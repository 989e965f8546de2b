import { ErrorCode, ErrorCodeNames } from './generated/libvirt-api.gen';
import { decodeMessageError, type MessageError } from './generated/virnet-protocol.gen';
import { XdrError, XdrReader } from './xdr';

export { ErrorCode, ErrorDomain, ErrorLevel } from './generated/libvirt-api.gen';

/** Name of an error code ("NO_DOMAIN"), or undefined when libvirt 9.0 has no name for it. */
export function errorCodeName(code: number): string | undefined {
  return ErrorCodeNames[code];
}

/**
 * The error structure of a failed REPLY or a STREAM/ERROR (`virNetMessageError`): `code` is a
 * `virErrorNumber`, `domain` the subsystem (`virErrorDomain`), `dom`/`net` the object concerned,
 * their UUIDs as raw bytes.
 */
export type LibvirtErrorFields = MessageError;

/** The libvirt object named in an error (domain or network). */
export type ErrorObjectRef = NonNullable<MessageError['dom']> | NonNullable<MessageError['net']>;

/** Decode the error structure (section 7 of the protocol notes). Throws XdrError on malformed input. */
export const decodeErrorFields = decodeMessageError;

/** Which call a LibvirtError came from. */
export interface ErrorOrigin {
  readonly program: number;
  readonly procedure: number;
  /** Human label such as "DOMAIN_LOOKUP_BY_NAME" or "remote proc 23". */
  readonly procedureName: string;
}

/** An error reported by libvirt itself (a REPLY or STREAM packet with status ERROR). */
export class LibvirtError extends Error {
  override readonly name = 'LibvirtError';
  readonly code: number;
  /** The error domain (subsystem), not a libvirt domain object: see `dom` for that. */
  readonly domain: number;
  readonly level: number;
  /** The daemon's own message, without our suffix; null if it sent none. */
  readonly serverMessage: string | null;
  readonly str1: string | null;
  readonly str2: string | null;
  readonly str3: string | null;
  readonly int1: number;
  readonly int2: number;
  readonly dom: ErrorObjectRef | null;
  readonly net: ErrorObjectRef | null;
  readonly program: number;
  readonly procedure: number;
  readonly procedureName: string;

  constructor(fields: LibvirtErrorFields, origin: ErrorOrigin) {
    const codeLabel = errorCodeName(fields.code) ?? `code ${fields.code}`;
    const text = fields.message ?? `libvirt error ${codeLabel}`;
    super(`${text} (${origin.procedureName}: ${codeLabel}, error domain ${fields.domain})`);
    this.code = fields.code;
    this.domain = fields.domain;
    this.level = fields.level;
    this.serverMessage = fields.message;
    this.str1 = fields.str1;
    this.str2 = fields.str2;
    this.str3 = fields.str3;
    this.int1 = fields.int1;
    this.int2 = fields.int2;
    this.dom = fields.dom;
    this.net = fields.net;
    this.program = origin.program;
    this.procedure = origin.procedure;
    this.procedureName = origin.procedureName;
  }
}

/** Whether `err` is a LibvirtError, optionally with the given code. */
export function isLibvirtError(err: unknown, code?: number): err is LibvirtError {
  return err instanceof LibvirtError && (code === undefined || err.code === code);
}

/** The driver does not implement this API (NO_SUPPORT, 3). */
export function isNoSupport(err: unknown): err is LibvirtError {
  return isLibvirtError(err, ErrorCode.NO_SUPPORT);
}

/** The daemon does not know this procedure number (RPC error "unknown procedure: N"): it is too old. */
export function isUnknownProcedure(err: unknown): err is LibvirtError {
  return isLibvirtError(err, ErrorCode.RPC) && /unknown procedure/i.test(err.serverMessage ?? '');
}

/** Either the driver or the daemon cannot do this at all (NO_SUPPORT or unknown procedure). */
export function isUnsupported(err: unknown): err is LibvirtError {
  return isNoSupport(err) || isUnknownProcedure(err);
}

/** Domain not found (NO_DOMAIN, 42). */
export function isNoDomain(err: unknown): err is LibvirtError {
  return isLibvirtError(err, ErrorCode.NO_DOMAIN);
}

/** Invalid in the object's current state, e.g. starting a running domain (OPERATION_INVALID, 55). */
export function isOperationInvalid(err: unknown): err is LibvirtError {
  return isLibvirtError(err, ErrorCode.OPERATION_INVALID);
}

/** A write on a read-only connection (OPERATION_DENIED, 29). */
export function isOperationDenied(err: unknown): err is LibvirtError {
  return isLibvirtError(err, ErrorCode.OPERATION_DENIED);
}

/** Base of the errors our client raises itself (as opposed to errors libvirt reports). */
export class RpcClientError extends Error {
  override readonly name: string = 'RpcClientError';
}

/** The peer broke the protocol (bad header, unknown message type, undecodable payload, …). */
export class ProtocolError extends RpcClientError {
  override readonly name: string = 'ProtocolError';
}

/**
 * The byte stream is not libvirt RPC at all (a bad length word). Typically a remote shell
 * start-up file printing text into the SSH channel, or a wrong socket.
 */
export class NonRpcOutputError extends ProtocolError {
  override readonly name = 'NonRpcOutputError';
}

/** Why a connection closed. */
export type CloseCause =
  /** The peer closed the stream (EOF). */
  | 'eof'
  /** The transport reported an error (ECONNRESET, SSH channel failure, …). */
  | 'transport-error'
  /** Nothing arrived from the peer within the keepalive timeout. */
  | 'keepalive-timeout'
  /** The peer broke the protocol; we closed. */
  | 'protocol-error'
  /** We closed it (close() or destroy()). */
  | 'closed-by-client'
  /** The daemon announced the close (CONNECT_EVENT_CONNECTION_CLOSED). */
  | 'closed-by-server';

const closeCauseText: Record<CloseCause, string> = {
  'eof': 'closed by the peer (EOF)',
  'transport-error': 'failed in the transport',
  'keepalive-timeout': 'lost: keepalive timeout',
  'protocol-error': 'closed after a protocol error',
  'closed-by-client': 'closed by us',
  'closed-by-server': 'closed by the daemon',
};

/** The connection is closed; every call pending on it, and every later call, fails with this. */
export class ConnectionClosedError extends RpcClientError {
  override readonly name = 'ConnectionClosedError';

  constructor(
    readonly reason: CloseCause,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(`libvirt connection ${closeCauseText[reason]}${detail ? `: ${detail}` : ''}`, options);
  }
}

/** A call got no reply within its timeout. The connection stays usable; a late reply is discarded. */
export class CallTimeoutError extends RpcClientError {
  override readonly name = 'CallTimeoutError';

  constructor(
    readonly procedureName: string,
    readonly serial: number,
    readonly timeoutMs: number,
  ) {
    super(`libvirt call ${procedureName} (serial ${serial}) got no reply within ${timeoutMs} ms`);
  }
}

/** The caller aborted a call through its AbortSignal. The daemon may still carry it out. */
export class CallAbortedError extends RpcClientError {
  override readonly name = 'CallAbortedError';

  constructor(
    readonly procedureName: string,
    options?: { cause?: unknown },
  ) {
    super(`libvirt call ${procedureName} was aborted by the caller`, options);
  }
}

/** The daemon asks for something this client deliberately does not do (SASL, file-descriptor passing). */
export class UnsupportedByClientError extends RpcClientError {
  override readonly name = 'UnsupportedByClientError';
}

/**
 * Turn the payload of a REPLY/ERROR or STREAM/ERROR packet into a LibvirtError. A payload that
 * does not decode becomes a ProtocolError naming the call, never an exception from the decoder.
 */
export function libvirtErrorFromPayload(payload: Uint8Array, origin: ErrorOrigin): LibvirtError | ProtocolError {
  try {
    // Trailing bytes are tolerated here: losing the daemon's message over them would help nobody.
    return new LibvirtError(decodeErrorFields(new XdrReader(payload)), origin);
  } catch (error) {
    if (!(error instanceof XdrError)) throw error;
    return new ProtocolError(`undecodable error structure from ${origin.procedureName}: ${error.message}`, { cause: error });
  }
}
