import type { Packet } from './packet';

/** Which call opened a stream: every packet of the stream repeats its program, procedure and serial. */
export interface StreamIdentity {
  readonly program: number;
  readonly procedure: number;
  readonly procedureName: string;
  readonly serial: number;
}

/** What a stream needs from the connection that carries it. */
export interface StreamHost {
  /** Send one STREAM packet; false when the transport wants us to wait for `waitForDrain()`. Throws once closed. */
  sendStream(id: StreamIdentity, status: number, payload?: Uint8Array): boolean;
  /** Resolves when the transport can take more; rejects when the connection closes. */
  waitForDrain(): Promise<void>;
  /** Stop reading the socket for this owner (read-stream consumer is behind). */
  pauseReading(owner: object): void;
  resumeReading(owner: object): void;
  /** Forget the stream: later packets with its serial are discarded. */
  release(serial: number): void;
  /** Whether the connection is closed (then nothing may be sent). */
  isClosed(): boolean;
}

/**
 * The client's side of an open stream: it routes the stream's packets here. Registered under the
 * serial of the opening CALL before that CALL is written, because data may follow the reply in
 * the same read.
 */
export interface StreamEndpoint {
  /** The opening call's program, procedure and serial: every packet of the stream repeats them. */
  readonly id: StreamIdentity;
  /** Called with the serial chosen for the opening call, before it is sent. */
  bind(serial: number): void;
  /** STREAM or STREAM_HOLE packet. */
  handleStreamPacket(packet: Packet): void;
  /** A REPLY with the stream's serial after the opening reply: the daemon's answer to our finish or abort. */
  handleReply(packet: Packet): void;
  /** The opening call failed: go away quietly (nobody holds the stream yet). */
  openFailed(): void;
  /** The opening call succeeded and the stream is about to be handed to the caller. */
  activate(): void;
  /** The connection closed under the stream. */
  connectionClosed(error: Error): void;
}

/** Lifecycle shared by both directions. */
export type StreamState = 'open' | 'finishing' | 'done';

/**
 * Holds an error that happened before the caller received the stream, so it is raised only once
 * someone can listen for it (an 'error' event with no listener would crash the process).
 */
export class DeferredError {
  private active = false;
  private error: Error | null = null;

  /** Raise `error` now if the stream is in the caller's hands, else keep it for `activate()`. */
  raise(error: Error, destroy: (e: Error) => void): void {
    if (this.active) destroy(error);
    else this.error ??= error;
  }

  activate(destroy: (e: Error) => void): void {
    this.active = true;
    const error = this.error;
    this.error = null;
    // After the caller's continuation has run and attached its listeners.
    if (error !== null) setImmediate(() => destroy(error));
  }
}

/**
 * Send a control packet without data (finish: STREAM/OK, abort: STREAM/ERROR) while the connection is open. A
 * failure means the connection is going away, and it fails the stream itself.
 */
export function sendControl(host: StreamHost, id: StreamIdentity, status: number): void {
  if (host.isClosed()) return;
  try {
    host.sendStream(id, status);
  } catch {
    // Closing anyway.
  }
}

/**
 * Stops reading the connection's socket while one stream's reader is behind, and lets it go once (libvirt has no
 * stream window: pausing the socket is the only brake). Read and duplex streams hold one each.
 */
export class ReaderPause {
  private paused = false;

  constructor(
    private readonly host: StreamHost,
    private readonly owner: object,
  ) {}

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.host.pauseReading(this.owner);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.host.resumeReading(this.owner);
  }
}
