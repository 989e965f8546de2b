import { useEffect } from 'react';
import { backend } from '../../../shared/backend/current-backend';
import { ConsoleSession, type ConsoleView } from '../console-session';
import { useConsoleStore, type ConsoleTab } from '../console-store';
import { instanceStatusOf, onInstancesChange } from '../instance-status';

/**
 * Run a console session for a tab on the view `viewOf()` returns (null: not mounted yet), from mount until the tab
 * closes; a new generation of the tab (Reconnect) starts it over. The rest of the tab changes as the session reports.
 */
export function useConsoleSession(tab: ConsoleTab, viewOf: () => ConsoleView | null): void {
  const update = useConsoleStore((s) => s.update);
  const { id, instance, kind, generation, requestedAt } = tab;
  useEffect(() => {
    const view = viewOf();
    if (view === null) return;
    const session = new ConsoleSession(instance, kind, view, {
      backend,
      update: (patch) => update(id, patch),
      instanceStatus: () => instanceStatusOf(instance.uuid),
      onInstanceChange: onInstancesChange,
    }, requestedAt);
    session.start();
    return () => session.dispose();
  }, [id, generation]);
}
