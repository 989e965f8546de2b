import type { Duplex } from 'node:stream';
import {
  CallAbortedError,
  CallTimeoutError,
  ConnectionClosedError,
  ProtocolError,
  RpcClientError,
} from '../errors';
import { XdrError, XdrReader, XdrWriter } from '../xdr';
import type { ArgsEncoder, CallOptions, OpenedReadStream, OpenedWriteStream, RetDecoder, RpcChannel } from './channel';
import { KeepaliveProc, Limits, MessageType, Program, RemoteProc, Status, messageTypeName, procedureLabel } from './constants';
import { dispatchPacket, type DispatchTarget, type PendingCall } from './dispatch';
import { PacketFramer } from './framer';
import { KeepaliveMonitor, type KeepaliveOptions } from './keepalive';
import type { RpcLogEntry, RpcLogger } from './log';
import { decodePacket, encodeHeaderFor, encodePacket, writeHeader, type Packet } from './packet';
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
const closeReasonNames = ['error', 'EOF', 'keepalive', 'client'];
/**
 * Bytes we let queue in the transport before a stream writer waits for 'drain'. Above the
 * socket's own 16 KiB mark on purpose: a few stream chunks in flight keep the pipe full instead
 * of stopping after every 256 KiB chunk, while memory stays bounded.
 */
const WRITE_QUEUE_LIMIT = 4 * Limits.STREAM_CHUNK;

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
  private readonly pending = new Map<number, PendingCall>();
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
    this.dispatchTarget = {
      pending: this.pending,
      streams: this.streams,
      subscriptions: this.subscriptions,
      skipBytes: (count) => this.framer.skip(count),
      pingReceived: () => {
        this.log({ kind: 'keepalive', event: 'ping-received', message: 'keepalive: PING received, sending PONG' });
        this.writeQuietly([PONG]);
      },
      serverClosed: (reason) => this.shutdown(new ConnectionClosedError('closed-by-server', `reason: ${closeReasonNames[reason] ?? reason}`)),
      discard: (p, why) => this.discard(p, why),
    };
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onTransportError);
    stream.on('drain', this.onDrain);
    if (stream.destroyed || !stream.readable) this.shutdown(new ConnectionClosedError('eof', 'the stream was already closed when the client started'));
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
  async call<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options: CallOptions = {}): Promise<T> {
    const program = options.program ?? Program.REMOTE;
    const packet = await this.invoke(program, proc, encode, options, null);
    return this.decodeReply(packet, decode, procedureLabel(program, proc, options.name));
  }

  /** Call a procedure that opens a read stream (download, screenshot). `timeoutMs`/`signal` apply to the opening call. */
  async openReadStream<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options: CallOptions = {}): Promise<OpenedReadStream<T>> {
    const program = options.program ?? Program.REMOTE;
    const name = procedureLabel(program, proc, options.name);
    const stream = new RpcReadStream(this.streamHost, { program, procedure: proc, procedureName: name }, this.options.streamHighWaterMark ?? DEFAULT_STREAM_HIGH_WATER_MARK);
    const packet = await this.invoke(program, proc, encode, options, stream);
    return { ret: this.decodeOpening(packet, decode, name, stream), stream };
  }

  /** Call a procedure that opens a write stream (upload). `timeoutMs`/`signal` apply to the opening call. */
  async openWriteStream<T>(proc: number, encode: ArgsEncoder, decode: RetDecoder<T>, options: CallOptions = {}): Promise<OpenedWriteStream<T>> {
    const program = options.program ?? Program.REMOTE;
    const name = procedureLabel(program, proc, options.name);
    const stream = new RpcWriteStream(this.streamHost, { program, procedure: proc, procedureName: name });
    const packet = await this.invoke(program, proc, encode, options, stream);
    return { ret: this.decodeOpening(packet, decode, name, stream), stream };
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
          this.writeQuietly([PING]);
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
          await this.call(RemoteProc.CONNECT_CLOSE, null, null, { timeoutMs: options.timeoutMs ?? 5_000 });
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

  private invoke(program: number, procedure: number, encode: ArgsEncoder, options: CallOptions, endpoint: StreamEndpoint | null): Promise<Packet> {
    const name = procedureLabel(program, procedure, options.name);
    if (this.closeError !== null) return Promise.reject(this.closeError);
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(new CallAbortedError(name, { cause: signal.reason }));
    let packet: Uint8Array;
    try {
      packet = encodeCall(encode, name);
    } catch (error) {
      return Promise.reject(error);
    }
    const serial = this.serials.take((s) => this.pending.has(s) || this.streams.has(s));
    writeHeader(packet, { program, procedure, type: MessageType.CALL, serial, status: Status.OK });
    const timeoutMs = options.timeoutMs ?? this.options.callTimeoutMs;
    const started = Date.now();

    return new Promise<Packet>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => entry.reject(new CallAbortedError(name, { cause: signal?.reason }));
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(serial);
        const durationMs = Date.now() - started;
        this.log({ kind: 'call', program, procedure, name, serial, durationMs, error, message: `${name} #${serial} ${error ? `failed: ${error.message}` : 'ok'} (${durationMs} ms)` });
      };
      const entry: PendingCall = {
        program,
        procedure,
        name,
        resolve: (reply) => {
          finish();
          resolve(reply);
        },
        reject: (error) => {
          finish(error);
          if (endpoint !== null) {
            this.streams.delete(serial);
            endpoint.openFailed();
          }
          reject(error);
        },
      };
      this.pending.set(serial, entry);
      // Register the stream before the CALL goes out: its data may follow the reply in one read.
      if (endpoint !== null) {
        endpoint.bind(serial);
        this.streams.set(serial, endpoint);
      }
      if (timeoutMs !== undefined && timeoutMs > 0) {
        timer = setTimeout(() => entry.reject(new CallTimeoutError(name, serial, timeoutMs)), timeoutMs);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.writeQuietly([packet]);
    });
  }

  /** Write whole packets; false when the transport asks us to wait for 'drain'. Throws once closed. */
  private write(parts: readonly Uint8Array[]): boolean {
    if (this.closeError !== null) throw this.closeError;
    const s = this.stream;
    // One writev for header + payload; JS runs to completion, so packets never interleave.
    if (parts.length > 1) s.cork();
    for (const part of parts) s.write(part);
    if (parts.length > 1) s.uncork();
    return s.writableLength < WRITE_QUEUE_LIMIT;
  }

  /** Write where a failure needs no handling here: a broken transport closes the connection itself. */
  private writeQuietly(parts: readonly Uint8Array[]): void {
    try {
      this.write(parts);
    } catch {
      // Closed: whoever waits is failed by shutdown().
    }
  }

  private makeStreamHost(): StreamHost {
    return {
      sendStream: (id: StreamIdentity, status: number, payload?: Uint8Array) => {
        const header = { program: id.program, procedure: id.procedure, type: MessageType.STREAM, serial: id.serial, status };
        if (payload === undefined || payload.length === 0) return this.write([encodePacket(header)]);
        return this.write([encodeHeaderFor(header, payload.length), payload]);
      },
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

  private decodeReply<T>(packet: Packet, decode: RetDecoder<T>, name: string): T {
    if (decode === null) {
      if (packet.payload.length !== 0) throw new ProtocolError(`reply to ${name} carries ${packet.payload.length} bytes, but its return type is void`);
      return undefined as T;
    }
    const reader = new XdrReader(packet.payload);
    try {
      const value = decode(reader);
      reader.assertEnd(`the reply to ${name}`);
      return value;
    } catch (error) {
      if (error instanceof XdrError) throw new ProtocolError(`could not decode the reply to ${name}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  /** Decode the opening reply of a stream; on failure the stream is aborted, not leaked. */
  private decodeOpening<T>(packet: Packet, decode: RetDecoder<T>, name: string, stream: RpcReadStream | RpcWriteStream): T {
    try {
      const ret = this.decodeReply(packet, decode, name);
      stream.activate();
      return ret;
    } catch (error) {
      stream.destroy();
      throw error;
    }
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
    this.closeError = error;
    this.keepalive?.stop();
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

/** Encode a CALL with room for the header in front, so the header is patched in without a copy. */
function encodeCall(encode: ArgsEncoder, name: string): Uint8Array {
  const w = new XdrWriter(256);
  for (let i = 0; i < Limits.MIN_PACKET / 4; i++) w.uint(0);
  encode?.(w);
  const packet = w.bytes();
  if (packet.length > Limits.MAX_PACKET) {
    throw new RpcClientError(`arguments of ${name} encode to ${packet.length - Limits.MIN_PACKET} bytes, over libvirt's ${Limits.MAX_MESSAGE}-byte message limit`);
  }
  return packet;
}
