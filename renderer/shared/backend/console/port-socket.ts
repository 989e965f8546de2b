import { CONSOLE_CLOSE, CONSOLE_WINDOW_BYTES, type ConsolePortControl } from '../../../../common/contract/console-wire';
import { READY_STATE, type ConsoleClosed, type ConsoleSocket } from './console-socket';

/** The part of a MessagePort the adapter needs (the DOM's, or node:worker_threads' in tests). */
export interface PortLike {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  start(): void;
  close(): void;
}

/**
 * An Electron console MessagePort as the WebSocket-like channel noVNC takes. It speaks main's credit protocol
 * (common/contract/console-wire.ts): every data message received is acknowledged once the view has taken it (noVNC
 * copies it into its queue inside `onmessage`), and at most {@link CONSOLE_WINDOW_BYTES} are sent ahead of main's
 * acknowledgements; the rest waits here.
 */
export class PortSocket implements ConsoleSocket {
  binaryType = 'arraybuffer';
  readonly protocol = '';
  readyState: number = READY_STATE.OPEN;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  /** Settles once, when either side closed. */
  readonly closed: Promise<ConsoleClosed>;
  private resolveClosed!: (closed: ConsoleClosed) => void;
  /** Bytes sent and not yet acknowledged by main. */
  private inFlight = 0;
  private readonly waiting: Uint8Array[] = [];

  constructor(
    private readonly port: PortLike,
    private readonly windowBytes = CONSOLE_WINDOW_BYTES,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    port.onmessage = (event) => this.receive(event.data as unknown);
    port.start();
  }

  /** Bytes waiting to be sent (as WebSocket's bufferedAmount). */
  get bufferedAmount(): number {
    return this.inFlight + this.waiting.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  send(data: ArrayBuffer | ArrayBufferView | string): void {
    if (this.readyState !== READY_STATE.OPEN) return;
    // A copy that owns its bytes: noVNC hands a view of a buffer it reuses for the next message.
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof ArrayBuffer ? new Uint8Array(data.slice(0)) : new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    if (bytes.length === 0) return;
    this.waiting.push(bytes);
    this.flush();
  }

  close(code: number = CONSOLE_CLOSE.NORMAL, reason = 'The viewer closed the console'): void {
    if (this.readyState === READY_STATE.CLOSED) return;
    const control: ConsolePortControl = { type: 'close', code, reason };
    this.port.postMessage(control);
    this.port.close();
    // As a WebSocket does: the close event comes after close() returns.
    queueMicrotask(() => this.finish(code, reason));
  }

  private receive(data: unknown): void {
    if (this.readyState === READY_STATE.CLOSED) return;
    if (data instanceof Uint8Array) {
      const buffer = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data.buffer : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
      this.onmessage?.({ data: buffer } as MessageEvent);
      const ack: ConsolePortControl = { type: 'ack', bytes: data.byteLength };
      this.port.postMessage(ack);
      return;
    }
    const control = data as Partial<ConsolePortControl> | null;
    if (control?.type === 'ack' && typeof control.bytes === 'number') {
      this.inFlight = Math.max(0, this.inFlight - control.bytes);
      this.flush();
    } else if (control?.type === 'close') {
      this.port.close();
      this.finish(typeof control.code === 'number' ? control.code : CONSOLE_CLOSE.NORMAL, typeof control.reason === 'string' ? control.reason : '');
    }
  }

  private flush(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      // One message may exceed the window on its own (an idle channel always lets it through).
      if (this.inFlight > 0 && this.inFlight + next.length > this.windowBytes) return;
      this.waiting.shift();
      this.inFlight += next.length;
      this.port.postMessage(next);
    }
  }

  private finish(code: number, reason: string): void {
    if (this.readyState === READY_STATE.CLOSED) return;
    this.readyState = READY_STATE.CLOSED;
    this.waiting.length = 0;
    this.onclose?.({ code, reason, wasClean: true } as CloseEvent);
    this.resolveClosed({ code, reason });
  }
}
