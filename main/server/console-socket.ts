// One console WebSocket (`/console`): a hello carrying the session secret, the contract session and the one-time
// token, then binary frames both ways through the console proxy.
import type { RawData, WebSocket } from 'ws';
import { CONSOLE_CLOSE, type ConsoleReadyMessage } from '../../common/contract/console-wire';
import { ConsoleHelloSchema } from '../../common/contract/console-wire-messages';
import { describeIssues } from '../api/service';
import { refusalOf, WsViewer, type ConsoleService } from '../console';
import { closeSocket, rawText } from './contract-socket';
import { secretsMatch } from './session-secret';

/** What a console connection needs. */
export interface ConsoleSocketDeps {
  readonly consoles: () => ConsoleService;
  readonly secret: string;
  readonly helloTimeoutMs: number;
  /** Whether a contract session id belongs to an open page (tokens are bound to one). */
  readonly isLiveSession: (session: string) => boolean;
  /** Called once the hello carried the right secret: null admits, a string refuses (1013 with that reason). */
  readonly admit?: () => string | null;
  readonly log?: (message: string) => void;
}

/** Serve one console on an upgraded WebSocket (Origin already checked). */
export function serveConsoleSocket(ws: WebSocket, deps: ConsoleSocketDeps): void {
  const helloTimer = setTimeout(() => closeSocket(ws, CONSOLE_CLOSE.HELLO_TIMEOUT, 'No console hello in time'), deps.helloTimeoutMs);
  ws.on('close', () => clearTimeout(helloTimer));
  ws.on('error', () => undefined);

  const onMessage = (data: RawData, isBinary: boolean): void => {
    if (isBinary) return closeSocket(ws, CONSOLE_CLOSE.POLICY_VIOLATION, 'The first message must be the console hello (JSON text)');
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      return closeSocket(ws, CONSOLE_CLOSE.POLICY_VIOLATION, 'Invalid console hello: not JSON');
    }
    const parsed = ConsoleHelloSchema.safeParse(json);
    if (!parsed.success) return closeSocket(ws, CONSOLE_CLOSE.POLICY_VIOLATION, `Invalid console hello: ${describeIssues(parsed.error)}`);
    const hello = parsed.data;
    if (!secretsMatch(hello.secret, deps.secret)) {
      return closeSocket(ws, CONSOLE_CLOSE.BAD_SECRET, 'Wrong session secret: open the URL Virt Deck printed at start');
    }
    clearTimeout(helloTimer);
    const refusal = deps.admit?.() ?? null;
    if (refusal !== null) return closeSocket(ws, CONSOLE_CLOSE.TRY_AGAIN_LATER, refusal);
    if (!deps.isLiveSession(hello.session)) {
      deps.log?.(`virt-deck: console refused: the window that asked for it is gone (instance ${hello.instance})`);
      return closeSocket(ws, CONSOLE_CLOSE.TOKEN_REFUSED, 'Console refused: the window that opened it is no longer connected; open the console again');
    }
    ws.off('message', onMessage);
    // Until ready, the viewer has nothing to say; once the proxy attaches it takes the messages. (The ready goes out
    // when it attaches, and this listener is gone before any reply can arrive.)
    ws.on('message', onEarlyData);
    void connect(ws, deps, { token: hello.token, instance: hello.instance, session: hello.session }).finally(() => ws.off('message', onEarlyData));
  };
  const onEarlyData = (): void => closeSocket(ws, CONSOLE_CLOSE.POLICY_VIOLATION, 'Wait for ready before sending console data');
  ws.on('message', onMessage);
}

async function connect(ws: WebSocket, deps: ConsoleSocketDeps, hello: { token: string; instance: string; session: string }): Promise<void> {
  // The viewer may have gone while the tunnel opened; ready goes out before the first byte of the console.
  const ready: ConsoleReadyMessage = { type: 'ready' };
  const viewer = new WsViewer(ws, JSON.stringify(ready));
  try {
    await deps.consoles().connect({ token: hello.token, instance: hello.instance, viewerSession: hello.session, transport: 'web mode' }, viewer);
  } catch (error) {
    const { code, reason } = refusalOf(error);
    if (code === CONSOLE_CLOSE.UNREACHABLE || code === CONSOLE_CLOSE.INTERNAL) deps.log?.(`virt-deck: console of instance ${hello.instance} failed: ${reason}`);
    closeSocket(ws, code, reason);
  }
}
