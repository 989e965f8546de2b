import { CONSOLE_PORT_MESSAGE, type ConsolePortEnvelope } from '../../../../common/contract/console-wire';
import type { VirtDeckBridge } from '../../../../common/contract/bridge';
import { ConsoleConnectError, type OpenConsoleChannel } from './console-socket';
import { PortSocket } from './port-socket';

let nextRequest = 1;

/** How long main may take to open the tunnel before the page gives up waiting for its port. */
const PORT_TIMEOUT_MS = 30_000;

/**
 * Electron: hand the token to main through the preload, and wait for the MessagePort main sends back (posted to this
 * window by the preload, matched by request id). No socket is opened anywhere.
 */
export function openElectronConsole(bridge: VirtDeckBridge, token: string, instance: string): Promise<OpenConsoleChannel> {
  const requestId = `console-${nextRequest++}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      window.removeEventListener('message', onMessage);
      reject(new ConsoleConnectError(4502, 'Virt Deck did not answer the console request in time'));
    }, PORT_TIMEOUT_MS);
    const onMessage = (event: MessageEvent): void => {
      // Only our own preload posts these: this window, our origin.
      if (event.source !== window || event.origin !== window.location.origin) return;
      const envelope = event.data as Partial<ConsolePortEnvelope> | null;
      if (envelope?.type !== CONSOLE_PORT_MESSAGE || envelope.requestId !== requestId) return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      const port = event.ports[0];
      if (envelope.error || port === undefined) {
        reject(new ConsoleConnectError(envelope.error?.code ?? 4502, envelope.error?.reason ?? 'Virt Deck sent no console port'));
        return;
      }
      const socket = new PortSocket(port);
      resolve({ socket, closed: socket.closed });
    };
    window.addEventListener('message', onMessage);
    bridge.connectConsole({ requestId, token, instance });
  });
}
