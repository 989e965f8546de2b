import { CONSOLE_CLOSE, CONSOLE_WINDOW_BYTES, type ConsolePortControl } from '../../common/contract/console-wire';
import { ConsolePortControlSchema } from '../../common/contract/console-wire-messages';
import type { ViewerEnd, ViewerEvents } from './proxy';

/**
 * The part of a message port the console needs. Electron's MessagePortMain and node:worker_threads' MessagePort
 * differ in how they deliver messages (`{data}` events vs the data itself); the shell adapts either to this.
 */
export interface ConsolePort {
  postMessage(message: unknown): void;
  /** Receive each message's data. */
  onMessage(listener: (data: unknown) => void): void;
  /** The other end closed (or the port was closed). */
  onClose(listener: () => void): void;
  start(): void;
  close(): void;
}

/**
 * A console viewer on a message port (Electron: no listening socket at all). A port has no back-pressure of its own,
 * so both sides count credit: data travels as Uint8Array messages, and each side sends `{type:'ack', bytes}` for
 * what it consumed. Main sends at most {@link CONSOLE_WINDOW_BYTES} ahead of the viewer's acks (the proxy pauses the
 * console at that bound); the viewer may send at most as much ahead of main's acks, and main holds its acks back
 * while the console side is not taking input. A viewer that overruns its window is cut off.
 */
export class PortViewer implements ViewerEnd {
  private queued = 0;
  /** Bytes received from the viewer and not acknowledged yet. */
  private unackedIn = 0;
  private inputPaused = false;
  private events: ViewerEvents | null = null;
  private closed = false;

  constructor(
    private readonly port: ConsolePort,
    private readonly windowBytes = CONSOLE_WINDOW_BYTES,
  ) {}

  get queuedBytes(): number {
    return this.queued;
  }

  attach(events: ViewerEvents): void {
    this.events = events;
    this.port.onMessage((data) => this.onMessage(data));
    this.port.onClose(() => this.emitClose(CONSOLE_CLOSE.NORMAL, 'The viewer closed the console'));
    this.port.start();
  }

  send(chunk: Uint8Array): void {
    if (this.closed) return;
    // A copy that owns exactly its bytes: cloning a view would carry its whole (pooled) buffer across.
    this.port.postMessage(new Uint8Array(chunk));
    this.queued += chunk.length;
  }

  pauseInput(): void {
    this.inputPaused = true;
  }

  resumeInput(): void {
    this.inputPaused = false;
    this.ackInput();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    const control: ConsolePortControl = { type: 'close', code, reason };
    this.port.postMessage(control);
    this.port.close();
    this.emitClose(code, reason);
  }

  private onMessage(data: unknown): void {
    if (this.closed) return;
    if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
      this.unackedIn += bytes.length;
      if (this.unackedIn > this.windowBytes) {
        this.close(CONSOLE_CLOSE.POLICY_VIOLATION, `The viewer sent more than ${this.windowBytes} bytes without waiting for acknowledgements`);
        return;
      }
      this.events?.data(bytes);
      if (!this.inputPaused) this.ackInput();
      return;
    }
    const parsed = ConsolePortControlSchema.safeParse(data);
    if (!parsed.success) {
      this.close(CONSOLE_CLOSE.POLICY_VIOLATION, 'Invalid console message: expected bytes, an ack or a close');
      return;
    }
    const message = parsed.data;
    if (message.type === 'close') {
      this.port.close();
      this.emitClose(message.code, message.reason);
      return;
    }
    if (message.bytes > this.queued) {
      this.close(CONSOLE_CLOSE.POLICY_VIOLATION, `The viewer acknowledged ${message.bytes} bytes, but only ${this.queued} were in flight`);
      return;
    }
    this.queued -= message.bytes;
    this.events?.drain();
  }

  private ackInput(): void {
    if (this.unackedIn === 0 || this.closed) return;
    const control: ConsolePortControl = { type: 'ack', bytes: this.unackedIn };
    this.unackedIn = 0;
    this.port.postMessage(control);
  }

  private emitClose(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.events?.close(code, reason);
  }
}
