import { WebSocket, type RawData } from 'ws';
import { truncateUtf8 } from '../text/truncate-utf8';
import type { ViewerEnd, ViewerEvents } from './proxy';

/**
 * A console viewer on a web mode WebSocket (binary frames both ways). `queuedBytes` counts what was sent but not yet
 * written to the TCP socket (each `send` callback fires once ws handed its frame to the socket), so a browser that
 * stops reading fills the kernel's buffers, then this count, then the proxy pauses the console — main never
 * buffers more than the proxy's bound. Input back-pressure pauses reading the socket.
 */
export class WsViewer implements ViewerEnd {
  private queued = 0;
  private events: ViewerEvents | null = null;
  private closedEmitted = false;

  /** `greeting`: a text message sent when the proxy attaches, before the first byte of the console (web mode's ready). */
  constructor(
    private readonly ws: WebSocket,
    private readonly greeting: string | null = null,
  ) {}

  get queuedBytes(): number {
    return this.queued;
  }

  attach(events: ViewerEvents): void {
    this.events = events;
    if (this.greeting !== null && this.ws.readyState === WebSocket.OPEN) this.ws.send(this.greeting);
    this.ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        this.close(1008, 'Console sockets carry binary frames only after the hello');
        return;
      }
      events.data(toBytes(data));
    });
    this.ws.on('close', (code: number, reason: Buffer) => this.emitClose(code, reason.toString('utf8')));
    if (this.ws.readyState !== WebSocket.OPEN) this.emitClose(1006, 'The viewer went away');
  }

  send(chunk: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const length = chunk.length;
    this.queued += length;
    this.ws.send(chunk, { binary: true }, () => {
      this.queued -= length;
      this.events?.drain();
    });
  }

  pauseInput(): void {
    this.ws.pause();
  }

  resumeInput(): void {
    this.ws.resume();
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, truncateUtf8(reason, 123));
    this.emitClose(code, reason);
  }

  private emitClose(code: number, reason: string): void {
    if (this.closedEmitted) return;
    this.closedEmitted = true;
    this.events?.close(code, reason);
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
