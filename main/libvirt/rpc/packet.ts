import { Limits, MessageType, PROGRAM_VERSION } from './constants';
import { ProtocolError } from '../errors';

/** The fixed packet header (the six words after the length word). */
export interface PacketHeader {
  readonly program: number;
  readonly version: number;
  readonly procedure: number;
  readonly type: number;
  readonly serial: number;
  readonly status: number;
}

/** One decoded packet: its header and a view of its payload (no copy). */
export interface Packet extends PacketHeader {
  /** Total length including the length word, as sent. */
  readonly length: number;
  readonly payload: Uint8Array;
}

/** Header fields of an outgoing packet; `version` defaults to 1. */
export interface OutgoingHeader {
  readonly program: number;
  readonly version?: number;
  readonly procedure: number;
  readonly type: number;
  readonly serial: number;
  readonly status: number;
}

function checkTotal(total: number): void {
  if (total > Limits.MAX_PACKET) {
    throw new ProtocolError(`packet of ${total} bytes exceeds the ${Limits.MAX_MESSAGE}-byte libvirt message limit`);
  }
}

function put32(target: Uint8Array, at: number, v: number): void {
  target[at] = v >>> 24;
  target[at + 1] = v >>> 16;
  target[at + 2] = v >>> 8;
  target[at + 3] = v;
}

function get32(source: Uint8Array, at: number): number {
  return ((source[at]! << 24) | (source[at + 1]! << 16) | (source[at + 2]! << 8) | source[at + 3]!) >>> 0;
}

/** Plain byte stores rather than a DataView: this runs once per call, and a DataView is an allocation. */
function setHeader(target: Uint8Array, offset: number, total: number, header: OutgoingHeader): void {
  put32(target, offset, total);
  put32(target, offset + 4, header.program);
  put32(target, offset + 8, header.version ?? PROGRAM_VERSION);
  put32(target, offset + 12, header.procedure);
  put32(target, offset + 16, header.type);
  put32(target, offset + 20, header.serial);
  put32(target, offset + 24, header.status);
}

/**
 * Write the length word and header into the first 28 bytes of `packet`, whose payload already
 * sits at offset 28. Lets callers encode the payload in place, without a copy.
 */
export function writeHeader(packet: Uint8Array, header: OutgoingHeader): void {
  if (packet.length < Limits.MIN_PACKET) throw new ProtocolError(`packet buffer of ${packet.length} bytes is shorter than a header`);
  checkTotal(packet.length);
  setHeader(packet, 0, packet.length, header);
}

/**
 * Write the length word and header of a packet that starts at `offset` inside `target` and is
 * `total` bytes long (length word included), for packets encoded back to back into one buffer.
 * The payload may lie outside `target` (sent right after it); only the header has to fit.
 */
export function writeHeaderAt(target: Uint8Array, offset: number, total: number, header: OutgoingHeader): void {
  if (total < Limits.MIN_PACKET) throw new ProtocolError(`a packet of ${total} bytes is shorter than a header`);
  if (offset < 0 || offset + Limits.MIN_PACKET > target.length) throw new ProtocolError(`no room for a packet header at offset ${offset} of a ${target.length}-byte buffer`);
  checkTotal(total);
  setHeader(target, offset, total, header);
}

/** Encode a header-only packet, or header + payload into one buffer. */
export function encodePacket(header: OutgoingHeader, payload?: Uint8Array): Uint8Array {
  const packet = new Uint8Array(Limits.MIN_PACKET + (payload?.length ?? 0));
  if (payload !== undefined) packet.set(payload, Limits.MIN_PACKET);
  writeHeader(packet, header);
  return packet;
}

/** Encode just the 28 bytes in front of a payload of `payloadLength` bytes that is written separately. */
export function encodeHeaderFor(header: OutgoingHeader, payloadLength: number): Uint8Array {
  const total = Limits.MIN_PACKET + payloadLength;
  checkTotal(total);
  const head = new Uint8Array(Limits.MIN_PACKET);
  setHeader(head, 0, total, header);
  return head;
}

/**
 * Decode one complete packet as produced by the framer (length word included). The payload is a
 * view into `packet`. Throws ProtocolError when the length word disagrees with the buffer.
 */
export function decodePacket(packet: Uint8Array): Packet {
  if (packet.length < Limits.MIN_PACKET) throw new ProtocolError(`truncated packet: ${packet.length} bytes, a header needs ${Limits.MIN_PACKET}`);
  const length = get32(packet, 0);
  if (length !== packet.length) throw new ProtocolError(`packet length word says ${length} bytes but the packet has ${packet.length}`);
  // Signed fields via `| 0`; the payload as a plain Uint8Array view, which is cheaper to create
  // than a Buffer slice and is what a packet assembled from several chunks already is.
  return {
    length,
    program: get32(packet, 4),
    version: get32(packet, 8),
    procedure: get32(packet, 12) | 0,
    type: get32(packet, 16) | 0,
    serial: get32(packet, 20),
    status: get32(packet, 24) | 0,
    payload: new Uint8Array(packet.buffer, packet.byteOffset + Limits.MIN_PACKET, length - Limits.MIN_PACKET),
  };
}

/** Whether a message type carries a file-descriptor count word after the header. */
export function hasFdCount(type: number): boolean {
  return type === MessageType.CALL_WITH_FDS || type === MessageType.REPLY_WITH_FDS;
}
