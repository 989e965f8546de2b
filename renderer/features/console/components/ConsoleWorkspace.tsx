import { lazy, Suspense, type ReactNode } from 'react';
import { useConsoleStore, type ConsoleTab } from '../console-store';
import { consoleTestIds } from '../test-ids';
import '../console.css';

// noVNC and xterm.js are most of the renderer's weight: they load with the first console (or earlier, when idle:
// see preloadConsoleViews), not with the app.
const loadVnc = () => import('./VncConsole');
const loadSerial = () => import('./SerialConsole');
const VncConsole = lazy(async () => ({ default: (await loadVnc()).VncConsole }));
const SerialConsole = lazy(async () => ({ default: (await loadSerial()).SerialConsole }));

/** Fetch the console views ahead of the first double-click (called once the app is idle). */
export function preloadConsoleViews(): void {
  void loadVnc();
  void loadSerial();
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
  return (
    <Suspense fallback={<div className="console-pane console-window__waiting muted" hidden={!visible}>Loading the console viewer…</div>}>
      {tab.kind === 'vnc' ? <VncConsole tab={tab} visible={visible} /> : <SerialConsole tab={tab} visible={visible} />}
    </Suspense>
  );
}
