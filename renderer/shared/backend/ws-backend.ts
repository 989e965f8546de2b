import { backoffDelay } from '../../../common/backoff';
import type { ArgsOf, Channel, ContractEvent, EventPayload, ResultOf } from '../../../common/contract/channels';
import { FINAL_CLOSE_CODES, WIRE_PROTOCOL_VERSION, WS_CLOSE, type ClientMessage, type ServerMessage } from '../../../common/contract/wire';
import { ConsoleConnectError } from './console/console-socket';
import { openWebConsole } from './console/web-console';
import { BackendError, type Backend, type ConnectionState } from './backend';
import { xhrImageUploader } from './image-upload';

/** Options of the web mode backend. */
export interface WsBackendOptions {
  /** `ws://127.0.0.1:PORT/api`. */
  readonly url: string;
  readonly secret: string;
  /** Called when the server refuses the secret, so it is not tried again after a reload. */
  readonly onSecretRejected?: () => void;
  /** Reconnect delays: doubling from `initialDelayMs` up to `maxDelayMs`, with the shared equal jitter (common/backoff.ts). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A call with no answer after this long fails (the server never drops calls; this guards a half-dead socket). */
  readonly callTimeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: BackendError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** The backend over the web mode WebSocket: hello with the secret, then calls; reconnects with backoff. */
export function wsBackend(options: WsBackendOptions): Backend {
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;

  let state: ConnectionState = { status: 'connecting' };
  let socket: WebSocket | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const send = (ws: WebSocket, message: ClientMessage): void => ws.send(JSON.stringify(message));
  let closedByUs = false;
  let nextId = 1;
  /** The contract session main named in its welcome (console tokens are bound to it). */
  let session: string | null = null;
  const pending = new Map<number, Pending>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of [...connectionListeners]) listener(next);
  };

  const failPending = (message: string): void => {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.reject(new BackendError('disconnected', message));
      pending.delete(id);
    }
  };

  const connect = (): void => {
    retryTimer = undefined;
    const ws = new WebSocket(options.url);
    socket = ws;
    ws.onopen = () => send(ws, { type: 'hello', protocol: WIRE_PROTOCOL_VERSION, secret: options.secret });
    ws.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      let parsed: ServerMessage;
      try {
        parsed = JSON.parse(message.data) as ServerMessage;
      } catch {
        return;
      }
      if (parsed.type === 'welcome') {
        attempt = 0;
        session = parsed.session;
        setState({ status: 'connected' });
      } else if (parsed.type === 'result') {
        const call = pending.get(parsed.id);
        if (!call) return;
        pending.delete(parsed.id);
        clearTimeout(call.timer);
        const result = parsed.result;
        if (result.ok) call.resolve(result.value);
        else call.reject(new BackendError(result.error.code, result.error.message));
      } else if (parsed.type === 'event') {
        for (const listener of [...(eventListeners.get(parsed.event) ?? [])]) listener(parsed.payload);
      }
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return;
      socket = undefined;
      session = null;
      const reason = event.reason || describeCloseCode(event.code);
      failPending(`Connection to Virt Deck lost: ${reason}`);
      if (closedByUs) return;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        if (event.code === WS_CLOSE.BAD_SECRET) options.onSecretRejected?.();
        setState({ status: 'failed', error: reason });
        return;
      }
      attempt += 1;
      const delay = Math.round(backoffDelay(attempt - 1, { initialMs: initialDelayMs, maxMs: maxDelayMs }));
      setState({ status: 'reconnecting', attempt, retryAt: Date.now() + delay, error: reason });
      retryTimer = setTimeout(connect, delay);
    };
  };

  connect();

  return {
    kind: 'web',
    call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
      const ws = socket;
      if (state.status !== 'connected' || ws === undefined || ws.readyState !== WebSocket.OPEN) {
        return Promise.reject(new BackendError('disconnected', 'Not connected to Virt Deck'));
      }
      const id = nextId++;
      return new Promise<ResultOf<C>>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new BackendError('disconnected', `No answer to ${channel} within ${Math.round(callTimeoutMs / 1000)} s`));
        }, callTimeoutMs);
        pending.set(id, { resolve: (value) => resolve(value as ResultOf<C>), reject, timer });
        send(ws, { type: 'call', id, channel, args });
      });
    },
    subscribe<E extends ContractEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = eventListeners.get(event) ?? new Set();
      eventListeners.set(event, set);
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
    openConsole(request) {
      if (session === null) return Promise.reject(new ConsoleConnectError(1006, 'Not connected to Virt Deck'));
      const origin = new URL(options.url);
      return openWebConsole({ origin: `${origin.protocol}//${origin.host}`, secret: options.secret, session, token: request.token, instance: request.instance });
    },
    uploadImage: xhrImageUploader(options.secret),
    uploadCancellable: true,
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      socket?.close(1000, 'closed by the page');
      failPending('The page closed the connection');
    },
  };
}

function describeCloseCode(code: number): string {
  // 1006 is what a browser reports for a refused connection or a server that went away without a close frame.
  if (code === 1006) return 'the server is not reachable';
  return `connection closed (code ${code})`;
}
