import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import type { ConsoleKind } from '../../../../common/contract/console-wire';
import { useConsoleStore, type ConsoleTab } from '../console-store';
import { consoleTestIds } from '../test-ids';
import '../console.css';

/** A console view component. */
type ConsoleViewComponent = ComponentType<{ readonly tab: ConsoleTab; readonly visible: boolean }>;

// noVNC and xterm.js are most of the renderer's weight: they load with the first console (or ahead of it, when the
// instance list is shown: see preloadConsoleViews), not with the app. A failed load (web mode restarting) is not
// kept, so the next try fetches again.
const loaders: Readonly<Record<ConsoleKind, () => Promise<ConsoleViewComponent>>> = {
  vnc: async () => (await import('./VncConsole')).VncConsole,
  serial: async () => (await import('./SerialConsole')).SerialConsole,
};
const loaded = new Map<ConsoleKind, ConsoleViewComponent>();
const loading = new Map<ConsoleKind, Promise<ConsoleViewComponent>>();

function loadView(kind: ConsoleKind): Promise<ConsoleViewComponent> {
  let promise = loading.get(kind);
  if (promise === undefined) {
    promise = loaders[kind]().then(
      (view) => {
        loaded.set(kind, view);
        return view;
      },
      (error: unknown) => {
        loading.delete(kind);
        throw error;
      },
    );
    loading.set(kind, promise);
  }
  return promise;
}

/** Fetch the console views ahead of the first double-click (the instance list calls this when it is shown). */
export function preloadConsoleViews(): void {
  for (const kind of ['vnc', 'serial'] as const) loadView(kind).catch(() => undefined);
}

/**
 * The content area with console tabs: the app's screen first ("Instances"), then one tab per open console. Every
 * console stays mounted while its tab is open (hidden when not shown), so switching tabs never drops a connection.
 */
export function ConsoleWorkspace({ children, screenLabel }: { readonly children?: ReactNode; readonly screenLabel?: string }) {
  const tabs = useConsoleStore((s) => s.tabs);
  const active = useConsoleStore((s) => s.active);
  const activate = useConsoleStore((s) => s.activate);
  const close = useConsoleStore((s) => s.close);
  const hasScreen = children !== undefined;
  const shown = active ?? (hasScreen ? null : (tabs[0]?.id ?? null));
  return (
    <div className="console-workspace" data-testid={consoleTestIds.workspace}>
      {tabs.length > 0 && (
        <div className="console-tabs" role="tablist" data-testid={consoleTestIds.tabs}>
          {hasScreen && (
            <button type="button" role="tab" className="console-tab" aria-selected={shown === null} data-testid={consoleTestIds.listTab} onClick={() => activate(null)}>
              {screenLabel ?? 'Instances'}
            </button>
          )}
          {tabs.map((tab) => (
            <div key={tab.id} className="console-tab" role="tab" aria-selected={shown === tab.id} data-testid={consoleTestIds.tab(tab.id)}>
              <button type="button" className="console-tab__label" onClick={() => activate(tab.id)} title={tab.reason ?? tab.description ?? undefined}>
                <span className={`console-dot console-dot--${tab.state}`} aria-label={tab.state} />
                {tab.instance.name}
                <span className="console-tab__kind">{tab.kind === 'vnc' ? 'Display' : 'Serial'}</span>
              </button>
              <button type="button" className="console-tab__close" aria-label={`Close the console of ${tab.instance.name}`} data-testid={consoleTestIds.tabClose(tab.id)} onClick={() => close(tab.id)}>
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      {hasScreen && (
        <div className="console-workspace__screen" hidden={shown !== null}>
          {children}
        </div>
      )}
      {tabs.map((tab) => (
        <ConsolePane key={tab.id} tab={tab} visible={shown === tab.id} />
      ))}
    </div>
  );
}

function ConsolePane({ tab, visible }: { readonly tab: ConsoleTab; readonly visible: boolean }) {
  const [View, setView] = useState<ConsoleViewComponent | null>(() => loaded.get(tab.kind) ?? null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (View !== null) return;
    let current = true;
    loadView(tab.kind).then(
      (view) => current && setView(() => view),
      (failure: unknown) => current && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      current = false;
    };
  }, [View, tab.kind, attempt]);
  if (View !== null) return <View tab={tab} visible={visible} />;
  return (
    <div className="console-pane console-window__waiting" hidden={!visible} data-testid={consoleTestIds.view(tab.id)}>
      {error === null ? (
        <p className="muted">Loading the console viewer…</p>
      ) : (
        <p role="alert">
          The console viewer could not be loaded ({error}).{' '}
          <button
            type="button"
            className="button"
            onClick={() => {
              setError(null);
              setAttempt(attempt + 1);
            }}
          >
            Try again
          </button>
        </p>
      )}
    </div>
  );
}
