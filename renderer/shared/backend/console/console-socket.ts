// What a console view talks to: a WebSocket, or something shaped like one (noVNC takes any such "channel").

/** The WebSocket members noVNC's Websock uses on a channel it is given, plus what the serial view needs. */
export interface ConsoleSocket {
  binaryType: string;
  readonly protocol: string;
  /** WebSocket's numbers: 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: ArrayBuffer | ArrayBufferView | string): void;
  close(code?: number, reason?: string): void;
}

/** How a console channel ended. */
export interface ConsoleClosed {
  readonly code: number;
  readonly reason: string;
}

/** An open console channel, with its end as a promise (the view's own handlers may be replaced by noVNC). */
export interface OpenConsoleChannel {
  readonly socket: ConsoleSocket;
  readonly closed: Promise<ConsoleClosed>;
}

/** The console could not be connected: the close code and main's reason. */
export class ConsoleConnectError extends Error {
  override readonly name = 'ConsoleConnectError';
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** WebSocket's readyState values (named here so the adapters do not depend on the DOM's WebSocket). */
export const READY_STATE = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;
