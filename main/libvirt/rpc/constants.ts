/** Program numbers (the `prog` header field). */
export const Program = {
  REMOTE: 0x20008086,
  QEMU: 0x20008087,
  LXC: 0x00068000,
  /** ASCII "keep". */
  KEEPALIVE: 0x6b656570,
} as const;

/** Every program speaks version 1. */
export const PROGRAM_VERSION = 1;

/** Message types (the `type` header field). */
export const MessageType = {
  CALL: 0,
  REPLY: 1,
  MESSAGE: 2,
  STREAM: 3,
  CALL_WITH_FDS: 4,
  REPLY_WITH_FDS: 5,
  STREAM_HOLE: 6,
} as const;

/** Status codes (the `status` header field). */
export const Status = {
  OK: 0,
  ERROR: 1,
  CONTINUE: 2,
} as const;

/** Keepalive procedures (program KEEPALIVE, type MESSAGE, serial 0, empty payload). */
export const KeepaliveProc = {
  PING: 1,
  PONG: 2,
} as const;

/** Size limits from virnetprotocol.x. */
export const Limits = {
  /** The length word in front of every packet. */
  LENGTH_WORD: 4,
  /** Fixed header after the length word. */
  HEADER: 24,
  /** Smallest legal packet: length word + header, empty payload. */
  MIN_PACKET: 28,
  /** Header + payload maximum (32 MiB); the length word is not counted. */
  MAX_MESSAGE: 33_554_432,
  /** Largest legal value of the length word. */
  MAX_PACKET: 4 + 33_554_432,
  /** Payload maximum: message maximum minus header. */
  MAX_PAYLOAD: 33_554_432 - 24,
  /** Stream data chunk size libvirt itself uses (the legacy payload maximum). */
  STREAM_CHUNK: 262_120,
  /** File descriptors per message. */
  MAX_FDS: 32,
} as const;

/** The few remote procedures the RPC core itself calls (procedure modules own the rest). */
export const RemoteProc = {
  CONNECT_OPEN: 1,
  CONNECT_CLOSE: 2,
  CONNECT_SUPPORTS_FEATURE: 60,
  AUTH_LIST: 66,
  AUTH_SASL_INIT: 67,
  AUTH_POLKIT: 70,
  CONNECT_GET_URI: 110,
  CONNECT_REGISTER_CLOSE_CALLBACK: 360,
  CONNECT_UNREGISTER_CLOSE_CALLBACK: 361,
  CONNECT_EVENT_CONNECTION_CLOSED: 362,
} as const;

/** Feature ids for CONNECT_SUPPORTS_FEATURE. */
export const Feature = {
  PROGRAM_KEEPALIVE: 10,
  REMOTE_EVENT_CALLBACK: 14,
  REMOTE_CLOSE_CALLBACK: 15,
} as const;

/** Authentication types returned by AUTH_LIST. */
export const AuthType = {
  NONE: 0,
  SASL: 1,
  POLKIT: 2,
} as const;

/** CONNECT_OPEN flags. */
export const OpenFlags = {
  READ_ONLY: 1,
  NO_ALIASES: 2,
} as const;

/** Reasons carried by CONNECT_EVENT_CONNECTION_CLOSED (virConnectCloseReason). */
export const CloseReason = {
  ERROR: 0,
  EOF: 1,
  KEEPALIVE: 2,
  CLIENT: 3,
} as const;

const messageTypeNames = new Map<number, string>(Object.entries(MessageType).map(([k, v]) => [v, k]));
const programNames = new Map<number, string>(Object.entries(Program).map(([k, v]) => [v, k]));
const remoteProcNames = new Map<number, string>(Object.entries(RemoteProc).map(([k, v]) => [v, k]));

/** Name of a message type for errors and logs ("REPLY", or "type 9" when unknown). */
export function messageTypeName(type: number): string {
  return messageTypeNames.get(type) ?? `type ${type}`;
}

/** Name of a program for errors and logs ("REMOTE", or the number in hex when unknown). */
export function programName(program: number): string {
  return programNames.get(program) ?? `program 0x${(program >>> 0).toString(16)}`;
}

/**
 * Label of a procedure for errors and logs: the caller-supplied name when known, else the RPC
 * core's own name for it, else "remote proc 123".
 */
export function procedureLabel(program: number, proc: number, name?: string): string {
  if (name !== undefined) return name;
  if (program === Program.REMOTE) return remoteProcNames.get(proc) ?? `remote proc ${proc}`;
  if (program === Program.KEEPALIVE) return proc === KeepaliveProc.PING ? 'KEEPALIVE_PING' : proc === KeepaliveProc.PONG ? 'KEEPALIVE_PONG' : `keepalive proc ${proc}`;
  return `${programName(program).toLowerCase()} proc ${proc}`;
}
