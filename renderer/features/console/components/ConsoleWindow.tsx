import { useEffect } from 'react';
import type { ConsoleKind } from '../../../../common/contract/console-wire';
import { useConnectionStore } from '../../../shared/stores/connection-store';
import { useInstancesStore } from '../../../shared/stores/instances-store';
import { useConsoleStore } from '../console-store';
import { ensureInstancesLoaded } from '../instance-status';
import { ConsoleWorkspace } from './ConsoleWorkspace';

/**
 * A pop-out window showing one console (`#console=<uuid>&kind=…`): no sidebar, the console fills the window. It has its
 * own connection to main (its own contract session, so its own tokens) and loads the instance list to follow the
 * instance's status for reconnects.
 */
export function ConsoleWindow({ uuid, kind }: { readonly uuid: string; readonly kind: ConsoleKind }) {
  const connected = useConnectionStore((s) => s.state.status === 'connected');
  const instance = useInstancesStore((s) => s.rows?.find((row) => row.uuid === uuid));
  const error = useInstancesStore((s) => s.error);
  const opened = useConsoleStore((s) => s.tabs.length > 0);

  useEffect(() => {
    if (connected) ensureInstancesLoaded();
  }, [connected]);
  useEffect(() => {
    if (instance !== undefined && !opened) useConsoleStore.getState().open({ uuid, name: instance.name }, kind);
    if (instance !== undefined) document.title = `${instance.name} — Virt Deck console`;
  }, [instance, opened, uuid, kind]);

  return (
    <div className="console-window">
      {!opened && <p className="console-window__waiting muted">{error ?? (connected ? 'Looking up the instance…' : 'Connecting to Virt Deck…')}</p>}
      <ConsoleWorkspace />
    </div>
  );
}
