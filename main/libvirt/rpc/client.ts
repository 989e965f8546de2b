import type { Duplex } from 'node:stream';
import {
  CallAbortedError,
  CallTimeoutError,
  ConnectionClosedError,
  ProtocolError,
} from '../errors';
import { XdrError, XdrReader } from '../xdr';
import type { ArgsEncoder, CallOptions, OpenedDuplexStream, OpenedReadStream, OpenedWriteStream, RetDecoder, RpcChannel } from './channel';
import { CloseReasonNames } from '../generated/libvirt-api.gen';
import { connectClose } from '../generated/remote-protocol.gen';
import { KeepaliveProc, Limits, MessageType, Program, Status, messageTypeName, procedureLabel } from './constants';
import { RpcDuplexStream } from './duplex-stream';
import { dispatchPacket, type DispatchTarget, type PendingCall } from './dispatch';
import { PacketFramer } from './framer';
import { KeepaliveMonitor, type KeepaliveOptions } from './keepalive';
import type { RpcLogEntry, RpcLogger } from './log';
import { Outbox } from './outbox';
import { decodePacket, encodePacket, type OutgoingHeader, type Packet } from './packet';
import { DEFAULT_STREAM_HIGH_WATER_MARK, RpcReadStream } from './read-stream';
import { SerialCounter } from './serial';
import type { StreamEndpoint, StreamHost, StreamIdentity } from './stream';
import { SubscriptionTable, type MessageHandler, type SubscribeOptions } from './subscriptions';
import { RpcWriteStream } from './write-stream';

/** Options of the RPC client. */
export interface RpcClientOptions {
  /** Debug log hook (calls, keepalive, discarded packets, overflow, close). */
  readonly log?: RpcLogger;
  /** Timeout for calls that do not pass their own; default: none (keepalive catches dead peers). */
  readonly callTimeoutMs?: number;
  /** Per-subscription event queue bound (drop-oldest beyond it); default 1024. */
  readonly messageQueueLimit?: number;
  /** Bytes a read stream buffers for a slow consumer before the socket is paused; default 1 MiB. */
  readonly streamHighWaterMark?: number;
}

/** What the handshake learned; set once the connection is open. */
export interface SessionInfo {
  readonly driverUri: string;
  readonly readOnly: boolean;
  readonly auth: 'none' | 'polkit';
  readonly features: {
    /** The daemon pings us and answers our pings (PROGRAM_KEEPALIVE, 10). */
    readonly keepalive: boolean;
    /** Callback-style event registration, procedures 316 and later (REMOTE_EVENT_CALLBACK, 14). */
    readonly callbackEvents: boolean;
    /** CONNECT_REGISTER_CLOSE_CALLBACK is available (REMOTE_CLOSE_CALLBACK, 15). */
    readonly closeCallback: boolean;
  };
}


const PING = encodePacket({ program: Program.KEEPALIVE, procedure: KeepaliveProc.PING, type: MessageType.MESSAGE, serial: 0, status: Status.OK });
const PONG = encodePacket({ program: Program.KEEPALIVE, procedure: KeepaliveProc.PONG, type: MessageType.MESSAGE, serial: 0, status: Status.OK });
/**
 * Stream chunks we let queue in the transport before a stream writer waits for 'drain'. Above the
 * socket's own 16 KiB mark on purpose: a few stream chunks in flight keep the pipe full instead
 * of stopping after every 256 KiB chunk, while memory stays bounded. So when a stream write's
 * callback fires, the transport still holds at most this many earlier chunks (payloads are not
 * copied): `uploadFileToVolume` sizes its buffer ring on it.
 */
export const STREAM_WRITE_QUEUE_CHUNKS = 4;
const WRITE_QUEUE_LIMIT = STREAM_WRITE_QUEUE_CHUNKS * Limits.STREAM_CHUNK;

/**
 * libvirt remote-RPC client over an already-connected byte stream (unix socket, TCP, SSH
 * channel). Many calls may be in flight at once; replies are matched by serial. Incoming packets
 * are routed on their type first (events carry serial 1, keepalive serial 0), then by serial or
 * by program/procedure. See docs/libvirt-client.md.
 */
export class LibvirtRpcClient implements RpcChannel {
  /** Resolves (never rejects) once, with the reason, when the connection closes for any reason. */
  readonly closed: Promise<ConnectionClosedError>;
  private resolveClosed!: (error: ConnectionClosedError) => void;
  private closeError: ConnectionClosedError | null = null;
  private closingByUs = false;
  private closing: Promise<void> | null = null;
  private readonly closeListeners = new Set<(error: ConnectionClosedError) => void>();

  private readonly framer = new PacketFramer();
  private readonly serials = new SerialCounter();
  private readonly pending = new Map<number, CallRecord>();
  /** Packets encoded but not yet handed to the transport (flushed at the end of the tick, see `queueFlush`). */
  private readonly outbox = new Outbox();
  private flushQueued = false;
  /** Queued bytes at which a burst is written out before the tick ends (see `invoke`). */
  private earlyFlushAt = EARLY_FLUSH_BYTES;
  /** The one timer behind every call timeout, armed for the earliest deadline (see `sweepTimeouts`). */
  private timeoutTimer: NodeJS.Timeout | null = null;
  /** When `timeoutTimer` fires (ms since the epoch); Infinity while it is not armed. */
  private timeoutTimerAt = Infinity;
  /** Pending calls that have a deadline. */
  private timedCalls = 0;
  private readonly callHost: CallHost;
  private readonly streams = new Map<number, StreamEndpoint>();
  private readonly subscriptions: SubscriptionTable;
  private readonly drainWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private readonly readPausers = new Set<object>();
  private keepalive: KeepaliveMonitor | null = null;
  private sessionInfo: SessionInfo | null = null;
  private readonly streamHost: StreamHost;
  private readonly dispatchTarget: DispatchTarget;

  constructor(
    private readonly stream: Duplex,
    private readonly options: RpcClientOptions = {},
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.subscriptions = new SubscriptionTable({
      handlerFailed: (program, procedure, error) =>
        this.log({ kind: 'handler-error', program, procedure, error, message: `event handler for ${procedureLabel(program, procedure)} threw: ${String(error)}` }),
      dropped: (program, procedure, dropped) =>
        this.log({ kind: 'event-overflow', program, procedure, dropped, message: `event queue for ${procedureLabel(program, procedure)} is full; dropping the oldest (${dropped} dropped so far)` }),
    });
    this.streamHost = this.makeStreamHost();
    this.callHost = {
      log: this.options.log === undefined ? null : (entry) => this.log(entry),
      settled: (call) => this.callSettled(call),
    };
    this.dispatchTarget = {
      pending: this.pending,
      streams: this.streams,
      subscriptions: this.subscriptions,
      skipBytes: (count) => this.framer.skip(count),
      pingReceived: () => {
        this.log({ kind: 'keepalive', event: 'ping-received', message: 'keepalive: PING received, sending PONG' });
        this.writeQuietly(PONG);
      },
      serverClosed: (reason) => this.shutdown(new ConnectionClosedError('closed-by-server', `reason: ${CloseReasonNames[reason]?.toLowerCase() ?? reason}`)),
      discard: (p, why) => this.discard(p, why),
    };
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onTransportError);
    stream.on('drain', this.onDrain);
    // A transport that failed before we arrived keeps its error: report that, not a bare EOF.
    if (stream.errored) this.onTransportError(stream.errored);
    else if (stream.destroyed || !stream.readable) this.shutdown(new ConnectionClosedError('eof', 'the stream was already closed when the client started'));
  }

  /** Handshake result, or null before the handshake completed. */
  get session(): SessionInfo | null {
    return this.sessionInfo;
  }

  /** Whether the connection is closed. */
  get isClosed(): boolean {
    return this.closeError !== null;
  }

  /** Why the connection closed, or null while it is open. */
  get closeReason(): ConnectionClosedError | null {
    return this.closeError;
  }

  /** Calls awaiting a reply and open streams (diagnostics and leak checks). */
  get inFlight(): { readonly calls: number; readonly streams: number; readonly subscriptions: number } {
    return { calls: this.pending.size, streams: this.streams.size, subscriptions: this.subscriptions.size };
  }

  /** Listen for the close (fired once, with the cause). Returns the function that removes the listener. */
  onClose(listener: (error: ConnectionClosedError) => void): () => void {
    if (this.closeError !== null) {
      const error = this.closeError;
      queueMicrotask(() => listener(error));
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Call a procedure and decode its reply: the one chokepoint every hypervisor call goes through. */
  call<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options: CallOptions = {}): Promise<T> {
    // The reply is decoded in the reader, straight into this promise: no second promise per call.
    return this.invoke(options.program ?? Program.REMOTE, proc, encode, options, decode, null) as Promise<T>;
  }

  /** Call a procedure that opens a read stream (download, screenshot). `timeoutMs`/`signal` apply to the opening call. */
  async openReadStream<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options: CallOptions = {}): Promise<OpenedReadStream<T>> {
    const program = options.program ?? Program.REMOTE;
    const name = procedureLabel(program, proc, options.name);
    const stream = new RpcReadStream(this.streamHost, { program, procedure: proc, procedureName: name }, this.options.streamHighWaterMark ?? DEFAULT_STREAM_HIGH_WATER_MARK);
    const packet = (await this.invoke(program, proc, encode, options, RAW_REPLY, stream)) as Packet;
    return { ret: decodeOpening(packet, decode, name, stream), stream };
  }

  /** Call a procedure that opens a write stream (upload). `timeoutMs`/`signal` apply to the opening call. */
  async openWriteStream<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options: CallOptions = {}): Promise<OpenedWriteStream<T>> {
    const program = options.program ?? Program.REMOTE;
    const name = procedureLabel(program, proc, options.name);
    const stream = new RpcWriteStream(this.streamHost, { program, procedure: proc, procedureName: name });
    const packet = (await this.invoke(program, proc, encode, options, RAW_REPLY, stream)) as Packet;
    return { ret: decodeOpening(packet, decode, name, stream), stream };
  }

  /**
   * Call a procedure that opens a stream carrying data both ways (a domain console). Its reading
   * pauses this whole connection when the consumer falls behind, so give it a connection of its own.
   */
  async openDuplexStream<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options: CallOptions = {}): Promise<OpenedDuplexStream<T>> {
    const program = options.program ?? Program.REMOTE;
    const name = procedureLabel(program, proc, options.name);
    const stream = new RpcDuplexStream(this.streamHost, { program, procedure: proc, procedureName: name }, this.options.streamHighWaterMark ?? DEFAULT_STREAM_HIGH_WATER_MARK);
    const packet = (await this.invoke(program, proc, encode, options, RAW_REPLY, stream)) as Packet;
    return { ret: decodeOpening(packet, decode, name, stream), stream };
  }

  /** Subscribe to MESSAGE packets (events) of one program/procedure; see SubscribeOptions for the queue policy. */
  onMessage(program: number, proc: number, handler: MessageHandler, options: SubscribeOptions = {}): () => void {
    return this.subscriptions.subscribe(program, proc, handler, { queueLimit: this.options.messageQueueLimit, ...options });
  }

  /**
   * Start our side of keepalive. Only after CONNECT_SUPPORTS_FEATURE(10) returned 1: before
   * that, neither side may send keepalive packets. (PINGs from the daemon are always answered.)
   */
  startKeepalive(options: KeepaliveOptions = {}): void {
    if (this.closeError !== null || this.keepalive !== null) return;
    this.keepalive = new KeepaliveMonitor(
      {
        sendPing: () => {
          this.log({ kind: 'keepalive', event: 'ping-sent', message: 'keepalive: sent PING' });
          this.writeQuietly(PING);
        },
        onDead: (silentMs) => {
          this.log({ kind: 'keepalive', event: 'dead', message: `keepalive: nothing received for ${silentMs} ms` });
          this.shutdown(new ConnectionClosedError('keepalive-timeout', `nothing received from the peer for ${silentMs} ms`));
        },
        isReadingPaused: () => this.readPausers.size > 0,
      },
      options,
    );
  }

  /** Record the handshake result (called by the handshake). */
  setSession(info: SessionInfo): void {
    this.sessionInfo = info;
  }

  /**
   * Orderly close: CONNECT_CLOSE (when the connection was opened), then end the stream. Calls
   * still pending fail with ConnectionClosedError('closed-by-client'). Never throws.
   */
  close(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    if (this.closeError !== null) return Promise.resolve();
    this.closing ??= (async () => {
      this.closingByUs = true;
      if (this.sessionInfo !== null) {
        try {
          await this.call(connectClose.proc, null, null, { timeoutMs: options.timeoutMs ?? 5_000 });
        } catch {
          // The daemon may be gone already; we close either way.
        }
      }
      this.shutdown(new ConnectionClosedError('closed-by-client'), true);
    })();
    return this.closing;
  }

  /** Abrupt close: fail everything pending and destroy the stream at once. */
  destroy(detail?: string): void {
    this.closingByUs = true;
    this.shutdown(new ConnectionClosedError('closed-by-client', detail));
  }

  // ---- sending -------------------------------------------------------------------------------

  /**
   * Start a call: encode it into the outbox, register it, and return the promise of its reply,
   * decoded with `decode`, or the raw reply packet for `RAW_REPLY` (stream openers decode it
   * themselves once the caller holds the stream).
   */
  private invoke(program: number, procedure: number, encode: ArgsEncoder, options: CallOptions, decode: RetDecoder<unknown> | typeof RAW_REPLY, endpoint: StreamEndpoint | null): Promise<unknown> {
    const name = procedureLabel(program, procedure, options.name);
    if (this.closeError !== null) return Promise.reject(this.closeError);
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(new CallAbortedError(name, { cause: signal.reason }));
    let serial: number;
    try {
      serial = this.outbox.appendCall(program, procedure, encode, name, this.takeSerial);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeoutMs = options.timeoutMs ?? this.options.callTimeoutMs;
    const timed = timeoutMs !== undefined && timeoutMs > 0;
    const now = timed || this.callHost.log !== null ? Date.now() : 0;
    return new Promise((resolve, reject) => {
      const call = new CallRecord(this.callHost, program, procedure, name, serial, decode, endpoint, signal, timed ? timeoutMs : 0, now, resolve, reject);
      this.pending.set(serial, call);
      // Register the stream before the CALL goes out: its data may follow the reply in one read.
      if (endpoint !== null) {
        endpoint.bind(serial);
        this.streams.set(serial, endpoint);
      }
      if (timed) this.addDeadline(call.deadline);
      // The record is its own listener object: no closure per call.
      signal?.addEventListener('abort', call, { once: true });
      if (this.outbox.length >= this.earlyFlushAt) {
        // A long burst (a thousand calls take a millisecond or two to encode): hand over what
        // is queued now, so the daemon starts on it while we encode the rest. The threshold
        // doubles, so the burst still costs only a handful of writes.
        this.earlyFlushAt = Math.min(this.earlyFlushAt * 2, EARLY_FLUSH_MAX_BYTES);
        this.writeOutbox();
      }
      this.queueFlush();
    });
  }

  private readonly takeSerial = (): number => this.serials.take(this.serialInUse);
  private readonly serialInUse = (serial: number): boolean => this.pending.has(serial) || this.streams.has(serial);

  /** A call left `pending` (reply, error, timeout, abort or close): forget it. */
  private callSettled(call: CallRecord): void {
    this.pending.delete(call.serial);
    if (call.deadline !== 0 && --this.timedCalls === 0) this.timeoutTimer?.unref();
    if (call.endpoint !== null && call.failed) {
      this.streams.delete(call.serial);
      call.endpoint.openFailed();
    }
  }

  /**
   * Calls go out at the end of the tick: everything queued by the code running now becomes one
   * transport write (a `Promise.all` over a thousand domains: a few writes, see `invoke`, instead
   * of a thousand). The microtask runs before any I/O, so no call waits for anything but the
   * current synchronous code.
   */
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(this.flushOutbox);
  }

  private readonly flushOutbox = (): void => {
    this.flushQueued = false;
    this.earlyFlushAt = EARLY_FLUSH_BYTES;
    this.writeOutbox();
  };

  /** Hand everything queued to the transport as one write. */
  private writeOutbox(): void {
    const bytes = this.outbox.take();
    if (bytes === null || this.closeError !== null) return;
    try {
      this.stream.write(bytes);
    } catch (error) {
      // Usually runs from a microtask, where a throw would be an uncaught exception.
      this.shutdown(new ConnectionClosedError('transport-error', error instanceof Error ? error.message : String(error), { cause: error }));
    }
  }

  /**
   * Write one packet after everything already queued, at once; false when the transport asks
   * us to wait for 'drain'. A payload goes out as its own buffer (no copy), corked together
   * with the queued bytes into one writev. Throws once closed.
   */
  private write(header: OutgoingHeader, payload?: Uint8Array): boolean {
    if (this.closeError !== null) throw this.closeError;
    const length = payload?.length ?? 0;
    this.outbox.appendHeader(header, length);
    const bytes = this.outbox.take()!;
    const s = this.stream;
    // JS runs to completion, so packets never interleave.
    if (length === 0) {
      s.write(bytes);
    } else {
      s.cork();
      s.write(bytes);
      s.write(payload);
      s.uncork();
    }
    return s.writableLength < WRITE_QUEUE_LIMIT;
  }

  /** Write a ready-made packet (keepalive) where a failure needs no handling: a broken transport closes the connection itself. */
  private writeQuietly(packet: Uint8Array): void {
    if (this.closeError !== null) return;
    this.outbox.appendRaw(packet);
    this.writeOutbox();
  }

  // ---- timeouts ------------------------------------------------------------------------------

  /**
   * One timer serves every call timeout instead of a setTimeout/clearTimeout pair per call. It
   * stays armed for the earliest deadline it knows; a call that completes leaves it alone, and
   * when it fires it fails the calls that are due and re-arms for the next deadline. Deadlines of
   * calls with the same timeout only grow, so busy connections re-arm it only once per timeout
   * period. While no timed call is pending the timer is unref()ed, as the per-call timers it
   * replaces were gone by then.
   */
  private addDeadline(deadline: number): void {
    if (this.timedCalls++ === 0) this.timeoutTimer?.ref();
    if (deadline >= this.timeoutTimerAt) return;
    if (this.timeoutTimer !== null) clearTimeout(this.timeoutTimer);
    this.timeoutTimerAt = deadline;
    this.timeoutTimer = setTimeout(this.sweepTimeouts, Math.min(MAX_TIMER_MS, Math.max(0, deadline - Date.now())));
  }

  private readonly sweepTimeouts = (): void => {
    this.timeoutTimer = null;
    this.timeoutTimerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    let due: CallRecord[] | null = null;
    for (const call of this.pending.values()) {
      if (call.deadline === 0) continue;
      if (call.deadline <= now) (due ??= []).push(call);
      else if (call.deadline < next) next = call.deadline;
    }
    if (next !== Infinity) {
      this.timeoutTimerAt = next;
      this.timeoutTimer = setTimeout(this.sweepTimeouts, Math.min(MAX_TIMER_MS, next - now));
    }
    if (due !== null) for (const call of due) call.timedOut();
  };

  private makeStreamHost(): StreamHost {
    return {
      sendStream: (id: StreamIdentity, status: number, payload?: Uint8Array) =>
        this.write({ program: id.program, procedure: id.procedure, type: MessageType.STREAM, serial: id.serial, status }, payload),
      waitForDrain: () => this.waitForDrain(),
      pauseReading: (owner) => {
        if (this.readPausers.size === 0 && this.closeError === null) this.stream.pause();
        this.readPausers.add(owner);
      },
      resumeReading: (owner) => {
        if (!this.readPausers.delete(owner) || this.readPausers.size > 0 || this.closeError !== null) return;
        this.stream.resume();
      },
      release: (serial) => void this.streams.delete(serial),
      isClosed: () => this.closeError !== null,
    };
  }

  private waitForDrain(): Promise<void> {
    if (this.closeError !== null) return Promise.reject(this.closeError);
    if (this.stream.writableLength < WRITE_QUEUE_LIMIT) return Promise.resolve();
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  private readonly onDrain = (): void => {
    for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
  };

  // ---- receiving -----------------------------------------------------------------------------

  private readonly onData = (chunk: Buffer): void => {
    if (this.closeError !== null) return;
    this.keepalive?.touch();
    this.framer.push(chunk);
    try {
      while (this.closeError === null) {
        const bytes = this.framer.next();
        if (bytes === null) return;
        dispatchPacket(decodePacket(bytes), this.dispatchTarget);
      }
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.shutdown(new ConnectionClosedError('protocol-error', detail, { cause: error }));
    }
  };

  private discard(p: Packet, why: string): void {
    if (this.options.log === undefined) return;
    this.log({ kind: 'discarded', packet: p, message: `discarded ${messageTypeName(p.type)} ${procedureLabel(p.program, p.procedure)} serial ${p.serial}: ${why}` });
  }

  // ---- closing -------------------------------------------------------------------------------

  private readonly onEnd = (): void => {
    this.shutdown(new ConnectionClosedError(this.closingByUs ? 'closed-by-client' : 'eof'));
  };

  private readonly onTransportError = (error: Error): void => {
    this.shutdown(new ConnectionClosedError(this.closingByUs ? 'closed-by-client' : 'transport-error', error.message, { cause: error }));
  };

  private shutdown(error: ConnectionClosedError, graceful = false): void {
    if (this.closeError !== null) return;
    // Calls queued in this tick still go out first, as they did when every call wrote at once.
    if (this.stream.writable) this.writeOutbox();
    this.closeError = error;
    this.keepalive?.stop();
    if (this.timeoutTimer !== null) clearTimeout(this.timeoutTimer);
    this.timeoutTimer = null;
    this.timeoutTimerAt = Infinity;
    for (const call of [...this.pending.values()]) call.reject(error);
    for (const stream of [...this.streams.values()]) stream.connectionClosed(error);
    this.streams.clear();
    for (const waiter of this.drainWaiters.splice(0)) waiter.reject(error);
    this.readPausers.clear();
    this.stream.off('data', this.onData);
    this.stream.off('drain', this.onDrain);
    if (graceful) {
      this.stream.end();
      // Give the FIN a moment to go out, then release the descriptor whatever the peer does.
      setTimeout(() => this.stream.destroy(), 1_000).unref();
    } else {
      this.stream.destroy();
    }
    this.log({ kind: 'closed', error, message: error.message });
    this.resolveClosed(error);
    for (const listener of this.closeListeners) {
      try {
        listener(error);
      } catch {
        // A listener's failure must not stop the others.
      }
    }
    this.closeListeners.clear();
  }

  private log(entry: RpcLogEntry): void {
    const log = this.options.log;
    if (log === undefined) return;
    try {
      log(entry);
    } catch {
      // Logging must never break the connection.
    }
  }
}

/**
 * Queued bytes at which a burst of calls is first written out within the tick: about six
 * ordinary calls, enough to occupy the daemon's five workers (`max_client_requests`) at once.
 */
const EARLY_FLUSH_BYTES = 512;
/** The early-flush threshold doubles per write up to this. */
const EARLY_FLUSH_MAX_BYTES = 64 * 1024;

/** Longest delay setTimeout takes; later deadlines are reached by re-arming. */
const MAX_TIMER_MS = 0x7fffffff;

/** Marks a call whose reply packet is handed over undecoded (stream openers). */
const RAW_REPLY: unique symbol = Symbol('raw reply');

/** What a pending call needs from its client. */
interface CallHost {
  /** The client's log hook, or null when logging is off (then no log entry is even built). */
  readonly log: ((entry: RpcLogEntry) => void) | null;
  /** The call is settled: remove it from the pending table (and clean up a stream that never opened). */
  settled(call: CallRecord): void;
}

/**
 * One call waiting for its reply. A single object per call carries everything the closures of a
 * promise executor used to: it is the pending-table entry, the AbortSignal listener and the
 * timeout target at once.
 */
class CallRecord implements PendingCall {
  /** When the call times out (ms since the epoch), or 0 for no timeout. */
  readonly deadline: number;
  /** Set once the call failed (used to release a stream whose opening call failed). */
  failed = false;
  private settled = false;

  constructor(
    private readonly host: CallHost,
    readonly program: number,
    readonly procedure: number,
    readonly name: string,
    readonly serial: number,
    private readonly decode: RetDecoder<unknown> | typeof RAW_REPLY,
    readonly endpoint: StreamEndpoint | null,
    private readonly signal: AbortSignal | undefined,
    private readonly timeoutMs: number,
    private readonly started: number,
    private readonly onResolve: (value: unknown) => void,
    private readonly onReject: (error: Error) => void,
  ) {
    this.deadline = timeoutMs > 0 ? started + timeoutMs : 0;
  }

  /** The reply arrived with status OK: decode it here, in the reader, and settle the caller's promise. */
  resolve(packet: Packet): void {
    if (!this.finish(undefined)) return;
    if (this.decode === RAW_REPLY) {
      this.onResolve(packet);
      return;
    }
    let value: unknown;
    try {
      value = decodeReply(packet, this.decode, this.name);
    } catch (error) {
      this.onReject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onResolve(value);
  }

  reject(error: Error): void {
    if (this.settled) return;
    this.failed = true;
    this.finish(error);
    this.onReject(error);
  }

  timedOut(): void {
    this.reject(new CallTimeoutError(this.name, this.serial, this.timeoutMs));
  }

  /** The AbortSignal fired (the record is registered as the listener object itself). */
  handleEvent(): void {
    this.reject(new CallAbortedError(this.name, { cause: this.signal?.reason }));
  }

  /** Leave the pending table and log; false if the call was settled already. */
  private finish(error: Error | undefined): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.signal?.removeEventListener('abort', this);
    this.host.settled(this);
    const log = this.host.log;
    if (log !== null) {
      const durationMs = Date.now() - this.started;
      const { program, procedure, name, serial } = this;
      log({ kind: 'call', program, procedure, name, serial, durationMs, error, message: `${name} #${serial} ${error ? `failed: ${error.message}` : 'ok'} (${durationMs} ms)` });
    }
    return true;
  }
}

/** Decode a reply payload; anything that does not decode exactly becomes a ProtocolError for that call. */
function decodeReply<T>(packet: Packet, decode: RetDecoder<T>, name: string): T {
  if (decode === null) {
    if (packet.payload.length !== 0) throw new ProtocolError(`reply to ${name} carries ${packet.payload.length} bytes, but its return type is void`);
    return undefined as T;
  }
  const reader = new XdrReader(packet.payload);
  try {
    const value = decode(reader);
    // Build the message only on failure: this runs for every reply.
    if (reader.remaining !== 0) reader.assertEnd(`the reply to ${name}`);
    return value;
  } catch (error) {
    if (error instanceof XdrError) throw new ProtocolError(`could not decode the reply to ${name}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Decode the opening reply of a stream; on failure the stream is aborted, not leaked. */
function decodeOpening<T>(packet: Packet, decode: RetDecoder<T>, name: string, stream: RpcReadStream | RpcWriteStream | RpcDuplexStream): T {
  try {
    const ret = decodeReply(packet, decode, name);
    stream.activate();
    return ret;
  } catch (error) {
    stream.destroy();
    throw error;
  }
}
