import type { VirtDeckBridge } from '../../../common/contract/bridge';
import { ConsoleConnectError } from './console/console-socket';
import { BackendError, type Backend, type ConnectionState } from './backend';
import { electronBackend } from './electron-backend';
import { forgetSessionSecret, takeSessionSecret } from './session-secret';
import { wsBackend } from './ws-backend';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    readonly virtDeck?: VirtDeckBridge;
  }
}

/** Pick the backend for where the page runs: the preload bridge in Electron, else the web mode WebSocket. */
export function selectBackend(): Backend {
  if (window.virtDeck) return electronBackend(window.virtDeck);
  const secret = takeSessionSecret(window.location, window.history, window.sessionStorage);
  if (secret === null) {
    return unavailableBackend(
      'No session secret: open the full address Virt Deck printed in the terminal (it ends in #secret=…).',
    );
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return wsBackend({
    url: `${scheme}://${window.location.host}/api`,
    secret,
    onSecretRejected: () => forgetSessionSecret(window.sessionStorage),
  });
}

/** A backend that never connects, for when the page cannot even try (no secret). */
function unavailableBackend(error: string): Backend {
  const failed: ConnectionState = { status: 'failed', error };
  return {
    kind: 'web',
    call: () => Promise.reject(new BackendError('forbidden', error)),
    subscribe: () => () => undefined,
    openConsole: () => Promise.reject(new ConsoleConnectError(4401, error)),
    onConnectionChange(listener) {
      listener(failed);
      return () => undefined;
    },
    close: () => undefined,
  };
}
