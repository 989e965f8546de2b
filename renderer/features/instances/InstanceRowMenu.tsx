import { useMemo } from 'react';
import type { Instance } from '../../../common/contract/schemas';
import { ContextMenu } from '../../shared/menu/ContextMenu';
import type { MenuEntry } from '../../shared/menu/menu-model';
import { instanceRowDomId, testIds } from '../../testIds';
import { useInstanceDetailStore } from '../instance-detail/instance-detail-store';
import { useActionsUiStore } from './actions/actions-ui-store';
import { useLifecycleEntries } from './actions/use-lifecycle';
import { useInstancesViewStore, type RowMenu } from './instances-view-store';
import type { ConsoleRequest, InstancesScreenProps } from './InstancesScreen';

/** Why the console items are greyed out while no console viewer is wired in. */
const NO_CONSOLE = 'The console viewer is not available in this window';

/** The console items: VNC and serial, in a tab here or in a window of their own. */
const CONSOLE_ITEMS: readonly { readonly id: string; readonly label: string; readonly request: ConsoleRequest }[] = [
  { id: 'console', label: 'Open console', request: { kind: 'vnc', window: false } },
  { id: 'serial', label: 'Open serial console', request: { kind: 'serial', window: false } },
  { id: 'console-window', label: 'Open console in a new window', request: { kind: 'vnc', window: true } },
  { id: 'serial-window', label: 'Open serial console in a new window', request: { kind: 'serial', window: true } },
];

/** The row menu (right-click, the menu key or Shift+F10): details, consoles, copy, the lifecycle actions, delete. */
export function InstanceRowMenu(props: {
  readonly menu: RowMenu;
  readonly rows: readonly Instance[];
  readonly onOpenConsole: InstancesScreenProps['onOpenConsole'];
  /** Focus back to the list. */
  readonly onClosed: () => void;
}) {
  const { menu, rows, onOpenConsole, onClosed } = props;
  const closeMenu = useInstancesViewStore((s) => s.closeMenu);
  const requestDelete = useInstancesViewStore((s) => s.requestDelete);
  const open = useInstanceDetailStore((s) => s.open);
  const instances = useMemo(() => {
    const wanted = new Set(menu.uuids);
    return rows.filter((instance) => wanted.has(instance.uuid));
  }, [menu.uuids, rows]);
  const single = instances.length === 1 ? instances[0] : undefined;
  const lifecycle = useLifecycleEntries(instances);
  const runAction = useActionsUiStore((s) => s.run);

  const entries = useMemo((): MenuEntry[] => {
    const count = instances.length;
    const deleteReason = lifecycle.find((entry) => entry.action.id === 'delete')?.availability.reason ?? null;
    const copy = (text: string) => void navigator.clipboard?.writeText(text).catch(() => undefined);
    return [
      {
        id: 'details',
        label: 'Open details',
        shortcut: 'Enter',
        ...(single === undefined && { disabledReason: 'Details show one instance: select only one' }),
        onSelect: () => single !== undefined && void open(single.uuid),
      },
      ...CONSOLE_ITEMS.map(
        (item): MenuEntry => ({
          id: item.id,
          label: item.label,
          ...(item.id === 'console' && { shortcut: 'Double-click' }),
          ...(onOpenConsole === undefined ? { disabledReason: NO_CONSOLE } : single === undefined ? { disabledReason: 'A console shows one instance: select only one' } : {}),
          onSelect: () => single !== undefined && onOpenConsole?.(single, item.request),
        }),
      ),
      'separator',
      { id: 'copy-uuid', label: count === 1 ? 'Copy UUID' : `Copy ${count} UUIDs`, onSelect: () => copy(instances.map((i) => i.uuid).join('\n')) },
      { id: 'copy-name', label: count === 1 ? 'Copy name' : `Copy ${count} names`, onSelect: () => copy(instances.map((i) => i.name).join('\n')) },
      'separator',
      // The lifecycle actions, as the toolbar has them (the same guards and reasons); delete has its own item.
      ...lifecycle
        .filter((entry) => entry.action.id !== 'delete')
        .map(
          (entry): MenuEntry => ({
            id: `action-${entry.action.id}`,
            label: count === 1 || !entry.action.bulk ? entry.action.label : `${entry.action.label} ${count} instances`,
            ...(entry.availability.reason !== null && { disabledReason: entry.availability.reason }),
            onSelect: () => void runAction(entry.action, instances),
          }),
        ),
      'separator',
      {
        id: 'delete',
        label: count === 1 ? 'Delete…' : `Delete ${count} instances…`,
        shortcut: 'Delete',
        danger: true,
        // The toolbar Delete's availability: the guard (locked, a task), the connection, an action not answered yet.
        ...(deleteReason !== null && { disabledReason: deleteReason }),
        onSelect: () => requestDelete(instances.map((i) => i.uuid)),
      },
    ];
  }, [instances, single, onOpenConsole, open, requestDelete, lifecycle, runAction]);

  const at = useMemo(() => {
    if (menu.place.kind === 'pointer') return { x: menu.place.x, y: menu.place.y };
    // From the keyboard: under the row's name, where the eye already is.
    const rect = document.getElementById(instanceRowDomId(menu.uuids.at(-1) ?? ''))?.getBoundingClientRect();
    return rect === undefined ? { x: 240, y: 160 } : { x: rect.left + 24, y: rect.bottom };
  }, [menu]);

  if (instances.length === 0) return null;
  return (
    <ContextMenu
      label={single === undefined ? `${instances.length} instances` : `Instance ${single.name}`}
      entries={entries}
      at={at}
      testId={testIds.instanceMenu}
      itemTestId={testIds.instanceMenuItem}
      onClose={() => {
        closeMenu();
        onClosed();
      }}
    />
  );
}
