import { libvirtErrorFromPayload, ProtocolError, RpcClientError } from '../errors';
import { connectEventConnectionClosed } from '../generated/remote-protocol.gen';
import { KeepaliveProc, Limits, MessageType, Program, PROGRAM_VERSION, Status, messageTypeName, procedureLabel } from './constants';
import type { Packet } from './packet';
import type { StreamEndpoint } from './stream';
import type { SubscriptionTable } from './subscriptions';

/** A call waiting for its reply. */
export interface PendingCall {
  readonly program: number;
  readonly procedure: number;
  readonly name: string;
  readonly resolve: (packet: Packet) => void;
  readonly reject: (error: Error) => void;
}

/** The connection state the router reads, and the actions it may take. */
export interface DispatchTarget {
  readonly pending: ReadonlyMap<number, PendingCall>;
  readonly streams: ReadonlyMap<number, StreamEndpoint>;
  readonly subscriptions: SubscriptionTable;
  /** Drop the next `count` bytes of the stream (dummy bytes that carried file descriptors). */
  skipBytes(count: number): void;
  /** Answer a keepalive PING. */
  pingReceived(): void;
  /** The daemon announced the close (CONNECT_EVENT_CONNECTION_CLOSED). */
  serverClosed(reason: number): void;
  /** A packet nobody wants (late reply, event without subscriber, aborted stream): log it. */
  discard(packet: Packet, why: string): void;
}

/**
 * Route one incoming packet. The message type decides first: events carry serial 1 and
 * keepalive serial 0, so a serial alone would mistake them for replies. Throws ProtocolError for
 * packets that break the protocol; the caller then closes the connection.
 */
export function dispatchPacket(p: Packet, t: DispatchTarget): void {
  if (p.version !== PROGRAM_VERSION) {
    throw new ProtocolError(`packet for ${procedureLabel(p.program, p.procedure)} has program version ${p.version}, expected ${PROGRAM_VERSION}`);
  }
  if (p.status !== Status.OK && p.status !== Status.ERROR && p.status !== Status.CONTINUE) {
    throw new ProtocolError(`packet for ${procedureLabel(p.program, p.procedure)} has unknown status ${p.status}`);
  }
  switch (p.type) {
    case MessageType.REPLY:
      return onReply(p, t);
    case MessageType.REPLY_WITH_FDS:
      return onReplyWithFds(p, t);
    case MessageType.MESSAGE:
      return onMessage(p, t);
    case MessageType.STREAM:
    case MessageType.STREAM_HOLE:
      return onStream(p, t);
    default:
      throw new ProtocolError(`unexpected ${messageTypeName(p.type)} packet from the daemon (${procedureLabel(p.program, p.procedure)}, serial ${p.serial})`);
  }
}

function onReply(p: Packet, t: DispatchTarget): void {
  const call = t.pending.get(p.serial);
  if (call === undefined) {
    // After the opening reply, a REPLY on a stream's serial is the daemon's answer to our finish or abort.
    const stream = t.streams.get(p.serial);
    if (stream !== undefined && stream.id.program === p.program && stream.id.procedure === p.procedure) stream.handleReply(p);
    else t.discard(p, 'reply to a call that is no longer waiting (timed out or aborted)');
    return;
  }
  if (call.program !== p.program || call.procedure !== p.procedure) {
    throw new ProtocolError(`reply with serial ${p.serial} is for ${procedureLabel(p.program, p.procedure)}, but that serial belongs to a call of ${call.name}`);
  }
  if (p.status === Status.OK) call.resolve(p);
  else if (p.status === Status.ERROR) call.reject(libvirtErrorFromPayload(p.payload, { program: p.program, procedure: p.procedure, procedureName: call.name }));
  else throw new ProtocolError(`reply to ${call.name} has status CONTINUE, which only stream packets may carry`);
}

/** Descriptors cannot be received here: the call fails, and the dummy bytes that carried them are skipped. */
function onReplyWithFds(p: Packet, t: DispatchTarget): void {
  if (p.payload.length < 4) throw new ProtocolError(`REPLY_WITH_FDS for ${procedureLabel(p.program, p.procedure)} lacks its descriptor count`);
  const count = new DataView(p.payload.buffer, p.payload.byteOffset, 4).getUint32(0);
  if (count > Limits.MAX_FDS) throw new ProtocolError(`REPLY_WITH_FDS claims ${count} descriptors; the limit is ${Limits.MAX_FDS}`);
  // Each descriptor travels with one dummy byte in the stream (sendmsg + SCM_RIGHTS).
  t.skipBytes(count);
  const call = t.pending.get(p.serial);
  if (call === undefined) return t.discard(p, 'REPLY_WITH_FDS to a call that is no longer waiting');
  call.reject(
    new RpcClientError(
      `${call.name} replied with ${count} file descriptor(s) (REPLY_WITH_FDS); descriptors cannot cross this transport, so this procedure is unusable with this client`,
    ),
  );
}

function onMessage(p: Packet, t: DispatchTarget): void {
  if (p.program === Program.KEEPALIVE) {
    if (p.procedure === KeepaliveProc.PING) t.pingReceived();
    return;
  }
  const delivered = t.subscriptions.deliver(p.program, p.procedure, p.payload);
  if (p.program === Program.REMOTE && p.procedure === connectEventConnectionClosed.proc) {
    t.serverClosed(p.payload.length >= 4 ? new DataView(p.payload.buffer, p.payload.byteOffset, 4).getInt32(0) : -1);
  } else if (!delivered) {
    t.discard(p, 'event nobody subscribed to');
  }
}

function onStream(p: Packet, t: DispatchTarget): void {
  const stream = t.streams.get(p.serial);
  if (stream === undefined || stream.id.program !== p.program || stream.id.procedure !== p.procedure) {
    t.discard(p, 'stream packet for a stream that is not open (aborted or finished)');
    return;
  }
  stream.handleStreamPacket(p);
}
