import { CONSOLE_CLOSE, CONSOLE_SOCKET_PATH, type ConsoleHelloMessage } from '../../../../common/contract/console-wire';
import { WIRE_PROTOCOL_VERSION } from '../../../../common/contract/wire';
import { ConsoleConnectError, type ConsoleClosed, type OpenConsoleChannel } from './console-socket';

/** What a web mode console connect needs: where, the page's secret and contract session, and the token. */
export interface WebConsoleRequest {
  /** `ws://127.0.0.1:PORT` (the page's own host). */
  readonly origin: string;
  readonly secret: string;
  readonly session: string;
  readonly token: string;
  readonly instance: string;
}

/**
 * Web mode: open `/console`, say hello (secret, contract session, token, instance), and resolve with the socket once
 * main answers ready — from then on it carries the console's bytes and is handed to the view as it is.
 */
export function openWebConsole(request: WebConsoleRequest): Promise<OpenConsoleChannel> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${request.origin}${CONSOLE_SOCKET_PATH}`);
    ws.binaryType = 'arraybuffer';
    let ready = false;
    const closed = new Promise<ConsoleClosed>((done) => {
      ws.addEventListener('close', (event) => {
        done({ code: event.code, reason: event.reason || closeText(event.code) });
        if (!ready) reject(new ConsoleConnectError(event.code, event.reason || closeText(event.code)));
      });
    });
    ws.onopen = () => {
      const hello: ConsoleHelloMessage = {
        type: 'hello',
        protocol: WIRE_PROTOCOL_VERSION,
        secret: request.secret,
        session: request.session,
        token: request.token,
        instance: request.instance,
      };
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (event: MessageEvent) => {
      if (ready || typeof event.data !== 'string') return;
      ready = true;
      ws.onopen = null;
      ws.onmessage = null;
      resolve({ socket: ws, closed });
    };
  });
}

function closeText(code: number): string {
  if (code === 1006) return 'Virt Deck is not reachable';
  if (code === CONSOLE_CLOSE.NORMAL) return 'The console closed';
  return `The console closed (code ${code})`;
}
