import type { ConsoleState, ConsoleTab, ConsoleTimings } from '../console-store';
import { consoleTestIds } from '../test-ids';

const LABEL: Readonly<Record<ConsoleState, string>> = {
  connecting: 'Connecting',
  connected: 'Connected',
  disconnected: 'Disconnected',
  failed: 'Failed',
};

/** The state of a console with its reason, where it is, and how long the steps to the first frame took. */
export function ConsoleStatus({ tab, onReconnect }: { readonly tab: ConsoleTab; readonly onReconnect: () => void }) {
  const { state, reason } = tab;
  return (
    <div className={`console-status console-status--${state}`} role="status" aria-live="polite">
      <span
        className="console-status__state"
        data-testid={consoleTestIds.state}
        data-state={state}
        {...timingAttributes(tab.timings)}
      >
        {LABEL[state]}
      </span>
      {reason !== null && <span className="console-status__reason">{reason}</span>}
      {state === 'connected' && tab.description !== null && (
        <span className="console-status__where">
          {tab.description}
          {tab.via === 'ssh' ? ' · over SSH' : ''}
          {tab.timings.firstFrame !== undefined ? ` · first frame in ${tab.timings.firstFrame} ms` : ''}
        </span>
      )}
      {(state === 'disconnected' || state === 'failed') && (
        <button type="button" className="button console-status__reconnect" data-testid={consoleTestIds.reconnect} onClick={onReconnect}>
          Reconnect
        </button>
      )}
    </div>
  );
}

/** Timings as data attributes (the e2e tests and the bench read them). */
function timingAttributes(timings: ConsoleTimings): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [step, ms] of Object.entries(timings)) if (typeof ms === 'number') out[`data-${step.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-ms`] = ms;
  return out;
}
