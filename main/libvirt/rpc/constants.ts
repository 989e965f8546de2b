import { KEEPALIVE_PROGRAM, KeepaliveProcNames } from '../generated/keepalive-protocol.gen';
import { LXC_PROGRAM, LxcProcNames } from '../generated/lxc-protocol.gen';
import { QEMU_PROGRAM, QemuProcNames } from '../generated/qemu-protocol.gen';
import { ProcNames, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION } from '../generated/remote-protocol.gen';
import {
  MessageTypeNames,
  VIR_NET_MESSAGE_HEADER_MAX,
  VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX,
  VIR_NET_MESSAGE_LEN_MAX,
  VIR_NET_MESSAGE_MAX,
  VIR_NET_MESSAGE_NUM_FDS_MAX,
  VIR_NET_MESSAGE_PAYLOAD_MAX,
} from '../generated/virnet-protocol.gen';

/**
 * The RPC core's view of the generated protocol constants: program numbers by name, the size
 * limits it enforces, and labels for errors and logs. All values come from libvirt's `.x` files.
 */

export { KeepaliveProc } from '../generated/keepalive-protocol.gen';
export { AuthType } from '../generated/remote-protocol.gen';
export { MessageType, Status } from '../generated/virnet-protocol.gen';
export { CloseReason, ConnectFeature, ConnectFlags } from '../generated/libvirt-api.gen';

/** Program numbers (the `prog` header field). */
export const Program = {
  REMOTE: REMOTE_PROGRAM,
  QEMU: QEMU_PROGRAM,
  LXC: LXC_PROGRAM,
  /** ASCII "keep". */
  KEEPALIVE: KEEPALIVE_PROGRAM,
} as const;

/** Every program speaks version 1. */
export const PROGRAM_VERSION = REMOTE_PROTOCOL_VERSION;

/** Size limits from virnetprotocol.x, in the terms the framer and the outbox check them. */
export const Limits = {
  /** The length word in front of every packet. */
  LENGTH_WORD: VIR_NET_MESSAGE_LEN_MAX,
  /** Fixed header after the length word. */
  HEADER: VIR_NET_MESSAGE_HEADER_MAX,
  /** Smallest legal packet: length word + header, empty payload. */
  MIN_PACKET: VIR_NET_MESSAGE_LEN_MAX + VIR_NET_MESSAGE_HEADER_MAX,
  /** Header + payload maximum (32 MiB); the length word is not counted. */
  MAX_MESSAGE: VIR_NET_MESSAGE_MAX,
  /** Largest legal value of the length word. */
  MAX_PACKET: VIR_NET_MESSAGE_LEN_MAX + VIR_NET_MESSAGE_MAX,
  /** Payload maximum: message maximum minus header. */
  MAX_PAYLOAD: VIR_NET_MESSAGE_PAYLOAD_MAX,
  /** Stream data chunk size libvirt itself uses (the legacy payload maximum). */
  STREAM_CHUNK: VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX,
  /** File descriptors per message. */
  MAX_FDS: VIR_NET_MESSAGE_NUM_FDS_MAX,
} as const;

/** Procedure names per program, and the prefix libvirt gives them outside the remote program. */
const procedureNames = new Map<number, { readonly names: Readonly<Record<number, string>>; readonly prefix: string; readonly unknown: string }>([
  [Program.REMOTE, { names: ProcNames, prefix: '', unknown: 'remote proc' }],
  [Program.KEEPALIVE, { names: KeepaliveProcNames, prefix: 'KEEPALIVE_', unknown: 'keepalive proc' }],
  [Program.QEMU, { names: QemuProcNames, prefix: 'QEMU_', unknown: 'qemu proc' }],
  [Program.LXC, { names: LxcProcNames, prefix: 'LXC_', unknown: 'lxc proc' }],
]);

const programNames = new Map<number, string>(Object.entries(Program).map(([k, v]) => [v, k]));

/** Name of a message type for errors and logs ("REPLY", or "type 9" when unknown). */
export function messageTypeName(type: number): string {
  return MessageTypeNames[type] ?? `type ${type}`;
}

/** Name of a program for errors and logs ("REMOTE", or the number in hex when unknown). */
export function programName(program: number): string {
  return programNames.get(program) ?? `program 0x${(program >>> 0).toString(16)}`;
}

/**
 * Label of a procedure for errors and logs: the caller-supplied name when given, else the name
 * in the generated table ("DOMAIN_GET_INFO", "KEEPALIVE_PING"), else "remote proc 123".
 */
export function procedureLabel(program: number, proc: number, name?: string): string {
  if (name !== undefined) return name;
  // Every call takes this path: the remote program first, without the map lookup.
  if (program === REMOTE_PROGRAM) return ProcNames[proc] ?? `remote proc ${proc}`;
  const table = procedureNames.get(program);
  if (table === undefined) return `${programName(program).toLowerCase()} proc ${proc}`;
  const known = table.names[proc];
  return known === undefined ? `${table.unknown} ${proc}` : table.prefix + known;
}
