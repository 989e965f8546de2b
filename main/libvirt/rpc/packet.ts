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

function setHeader(target: Uint8Array, total: number, header: OutgoingHeader): void {
  const view = new DataView(target.buffer, target.byteOffset, Limits.MIN_PACKET);
  view.setUint32(0, total);
  view.setUint32(4, header.program >>> 0);
  view.setUint32(8, (header.version ?? PROGRAM_VERSION) >>> 0);
  view.setInt32(12, header.procedure | 0);
  view.setInt32(16, header.type | 0);
  view.setUint32(20, header.serial >>> 0);
  view.setInt32(24, header.status | 0);
}

/**
 * Write the length word and header into the first 28 bytes of `packet`, whose payload already
 * sits at offset 28. Lets callers encode the payload in place, without a copy.
 */
export function writeHeader(packet: Uint8Array, header: OutgoingHeader): void {
  if (packet.length < Limits.MIN_PACKET) throw new ProtocolError(`packet buffer of ${packet.length} bytes is shorter than a header`);
  checkTotal(packet.length);
  setHeader(packet, packet.length, header);
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
  setHeader(head, total, header);
  return head;
}

/**
 * Decode one complete packet as produced by the framer (length word included). The payload is a
 * view into `packet`. Throws ProtocolError when the length word disagrees with the buffer.
 */
export function decodePacket(packet: Uint8Array): Packet {
  if (packet.length < Limits.MIN_PACKET) throw new ProtocolError(`truncated packet: ${packet.length} bytes, a header needs ${Limits.MIN_PACKET}`);
  const view = new DataView(packet.buffer, packet.byteOffset, Limits.MIN_PACKET);
  const length = view.getUint32(0);
  if (length !== packet.length) throw new ProtocolError(`packet length word says ${length} bytes but the packet has ${packet.length}`);
  return {
    length,
    program: view.getUint32(4),
    version: view.getUint32(8),
    procedure: view.getInt32(12),
    type: view.getInt32(16),
    serial: view.getUint32(20),
    status: view.getInt32(24),
    payload: packet.subarray(Limits.MIN_PACKET),
  };
}

/** Whether a message type carries a file-descriptor count word after the header. */
export function hasFdCount(type: number): boolean {
  return type === MessageType.CALL_WITH_FDS || type === MessageType.REPLY_WITH_FDS;
}
