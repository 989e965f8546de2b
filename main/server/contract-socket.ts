// One WebSocket connection speaking the contract: hello with the session secret first, then calls and events.
import { randomBytes } from 'node:crypto';
import { WebSocket, type RawData } from 'ws';
import { WIRE_PROTOCOL_VERSION, WS_CLOSE, type ServerMessage } from '../../common/contract/wire';
import { ClientMessageSchema } from '../../common/contract/wire-messages';
import { describeIssues, type ServiceEndpoint, type ViewerHandle } from '../api/service';
import { truncateUtf8 } from '../text/truncate-utf8';
import { secretsMatch } from './session-secret';
import { TokenBucket } from './token-bucket';

/** Limits of one contract connection. */
export interface SocketLimits {
  /** Largest accepted message; bigger ones close the connection with 1009. */
  readonly maxMessageBytes: number;
  /** Time allowed between connecting and a valid hello. */
  readonly helloTimeoutMs: number;
  /** Calls one connection may have running at once. */
  readonly maxInFlight: number;
  /** Token bucket for calls: burst size and sustained rate. */
  readonly callBurst: number;
  readonly callsPerSecond: number;
  /** Data queued towards a client that does not read; beyond it the connection is closed. */
  readonly maxBufferedBytes: number;
}

/** Defaults: generous for a UI, tight enough that a runaway page cannot exhaust main. */
export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxMessageBytes: 1024 * 1024,
  // The page sends its hello as soon as the socket opens; anything slower than this is not the page.
  helloTimeoutMs: 5_000,
  maxInFlight: 32,
  callBurst: 200,
  callsPerSecond: 100,
  maxBufferedBytes: 16 * 1024 * 1024,
};

/** What a connection needs. */
export interface ContractSocketDeps {
  readonly service: ServiceEndpoint;
  readonly secret: string;
  readonly limits: SocketLimits;
  /**
   * Called once the hello carried the right secret: null admits the connection to the authenticated ones, a
   * string refuses it (closed with 1013 and that reason). Connections count against the server's limit only from here.
   */
  readonly admit?: () => string | null;
  /** Told the session id once the connection is admitted, and told again (`null`) when it closes. */
  readonly session?: (id: string, open: boolean) => void;
}

/** Serve the contract on an upgraded WebSocket (its Origin already checked). */
export function serveContractSocket(ws: WebSocket, deps: ContractSocketDeps): void {
  const { service, secret, limits } = deps;
  const bucket = new TokenBucket(limits.callBurst, limits.callsPerSecond);
  let authenticated = false;
  let inFlight = 0;
  // Identifies this window to main: consoles it opens are bound to it (random, so another page cannot guess it).
  const session = randomBytes(16).toString('base64url');
  let unsubscribe: (() => void) | undefined;
  // This connection is one viewer: what it watches is kept for it and events meant for it alone come here.
  let viewer: ViewerHandle | undefined;

  const helloTimer = setTimeout(() => {
    closeSocket(ws, WS_CLOSE.HELLO_TIMEOUT, 'No hello with the session secret in time');
  }, limits.helloTimeoutMs);

  const send = (message: ServerMessage): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      closeSocket(ws, WS_CLOSE.TRY_AGAIN_LATER, 'The client is not reading its messages');
      return;
    }
    ws.send(JSON.stringify(message));
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    // Closing (evicted, refused, shutting down): what is still in flight is not answered.
    if (ws.readyState !== WebSocket.OPEN) return;
    if (isBinary) return closeSocket(ws, WS_CLOSE.POLICY_VIOLATION, 'Binary messages are not supported: send JSON text');
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      return closeSocket(ws, WS_CLOSE.POLICY_VIOLATION, 'Invalid message: not JSON');
    }
    const parsed = ClientMessageSchema.safeParse(json);
    if (!parsed.success) return closeSocket(ws, WS_CLOSE.POLICY_VIOLATION, `Invalid message: ${describeIssues(parsed.error)}`);
    const message = parsed.data;

    if (!authenticated) {
      if (message.type !== 'hello') {
        return closeSocket(ws, WS_CLOSE.BAD_SECRET, 'The first message must be a hello with the session secret');
      }
      if (!secretsMatch(message.secret, secret)) {
        return closeSocket(ws, WS_CLOSE.BAD_SECRET, 'Wrong session secret: open the URL Virt Deck printed at start (it changes on every start)');
      }
      clearTimeout(helloTimer);
      const refusal = deps.admit?.() ?? null;
      if (refusal !== null) return closeSocket(ws, WS_CLOSE.TRY_AGAIN_LATER, refusal);
      authenticated = true;
      deps.session?.(session, true);
      unsubscribe = service.subscribe((event, payload) => send({ type: 'event', event, payload }));
      viewer = service.openViewer((event, payload) => send({ type: 'event', event, payload }));
      return send({ type: 'welcome', protocol: WIRE_PROTOCOL_VERSION, session });
    }

    if (message.type === 'hello') return closeSocket(ws, WS_CLOSE.POLICY_VIOLATION, 'Invalid message: hello sent twice');

    if (inFlight >= limits.maxInFlight) {
      return send({ type: 'result', id: message.id, result: rateLimited(`Too many calls in flight (limit ${limits.maxInFlight})`) });
    }
    if (!bucket.take()) {
      return send({ type: 'result', id: message.id, result: rateLimited(`Too many calls (limit ${limits.callsPerSecond} per second)`) });
    }
    inFlight += 1;
    void service.call(message.channel, message.args, { transport: 'websocket', viewer: viewer?.id, viewerSession: session }).then((result) => {
      inFlight -= 1;
      send({ type: 'result', id: message.id, result });
    });
  });

  ws.on('close', () => {
    clearTimeout(helloTimer);
    if (authenticated) deps.session?.(session, false);
    unsubscribe?.();
    viewer?.close();
  });
  // ws reports oversized frames and protocol errors here (and closes the socket itself); without a listener they
  // would be thrown as uncaught exceptions.
  ws.on('error', () => undefined);
}

/** Close with a reason, trimmed to the 123 bytes a close frame can carry. */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) return;
  ws.close(code, truncateUtf8(reason, 123));
}

/** The text of a WebSocket message, however ws delivered it. */
export function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function rateLimited(message: string): { ok: false; error: { code: 'rate_limited'; message: string } } {
  return { ok: false, error: { code: 'rate_limited', message } };
}
