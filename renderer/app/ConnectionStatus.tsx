import type { ConnectionState } from '../shared/backend/backend';
import { useConnectionStore } from '../shared/stores/connection-store';
import { testIds } from '../testIds';

/** One line for a connection state. */
export function describeConnection(state: ConnectionState): string {
  switch (state.status) {
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'reconnecting':
      return `Reconnecting (attempt ${state.attempt}): ${state.error}`;
    case 'failed':
      return `Connection failed: ${state.error}`;
  }
}

/** The header's connection pill. */
export function ConnectionStatus() {
  const state = useConnectionStore((s) => s.state);
  const text = describeConnection(state);
  return (
    <div className={`connection connection--${state.status}`} data-testid={testIds.connectionStatus} data-state={state.status} role="status" title={text}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">{text}</span>
    </div>
  );
}

/** A banner over the content while the connection is down, with the full error and what to do. */
export function ConnectionBanner() {
  const state = useConnectionStore((s) => s.state);
  if (state.status !== 'reconnecting' && state.status !== 'failed') return null;
  return (
    <div className={`banner banner--${state.status === 'failed' ? 'error' : 'warning'}`} data-testid={testIds.connectionBanner} role="alert">
      {state.status === 'failed' ? (
        <>
          <strong>Not connected to Virt Deck.</strong> {state.error}
        </>
      ) : (
        <>
          <strong>Connection lost</strong> ({state.error}). Retrying automatically; what is shown may be out of date.
        </>
      )}
    </div>
  );
}
