import type { ConsoleKind } from '../../../common/contract/console-wire';
import { useConsoleStore } from './console-store';

/** An instance as the console entry points know it. */
export interface ConsoleTarget {
  readonly uuid: string;
  readonly name: string;
}

/**
 * Open an instance's console in a tab of this window (double-click on its row, the detail panel, the row menu).
 * `eventTime` is the triggering event's `timeStamp`, so the time to the first frame counts from the click itself.
 */
export function openConsole(instance: ConsoleTarget, kind: ConsoleKind = 'vnc', eventTime?: number): void {
  useConsoleStore.getState().open(instance, kind, eventTime ?? performance.now());
}

/** The address of a pop-out window showing one console (the Electron shell only opens windows for these). */
export function consoleWindowUrl(uuid: string, kind: ConsoleKind): string {
  return `${window.location.origin}/index.html#console=${encodeURIComponent(uuid)}&kind=${kind}`;
}

/** Open an instance's console in a window of its own; closes its tab here, if any. */
export function popOutConsole(instance: ConsoleTarget, kind: ConsoleKind = 'vnc'): void {
  // Not noopener: web mode's pop-out inherits this tab's session storage (the session secret) through its opener.
  window.open(consoleWindowUrl(instance.uuid, kind), `virt-deck-console-${instance.uuid}-${kind}`, 'popup,width=1024,height=800');
  const store = useConsoleStore.getState();
  const tab = store.tabs.find((t) => t.instance.uuid === instance.uuid && t.kind === kind);
  if (tab !== undefined) store.close(tab.id);
}

/** The console a pop-out window shows, from its address (`#console=<uuid>&kind=vnc|serial`), or null. */
export function consoleWindowRoute(hash: string): { readonly uuid: string; readonly kind: ConsoleKind } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const uuid = params.get('console');
  if (uuid === null || uuid === '') return null;
  return { uuid, kind: params.get('kind') === 'serial' ? 'serial' : 'vnc' };
}
