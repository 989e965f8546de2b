import { useEffect, useState } from 'react';
import type { Instance } from '../../common/contract/schemas';
import { InstanceConsoleMenu, openConsole, preloadConsoleViews, type ConsoleMenuAt } from '../features/console';
import { orDash } from '../format';
import { useInstancesStore } from '../stores/instances-store';
import { testIds } from '../testIds';
import { InstanceDetail } from './InstanceDetail';
import { InstanceStatusBadge } from './InstanceStatusBadge';
import { ListScreen, type Column } from './ListScreen';

const COLUMNS: readonly Column<Instance>[] = [
  { title: 'ID', cell: (i) => <code className="id">{i.uuid}</code> },
  { title: 'Name', cell: (i) => <strong>{i.name}</strong> },
  { title: 'Status', cell: (i) => <InstanceStatusBadge instance={i} /> },
  { title: 'Task State', cell: (i) => orDash(i.taskState) },
  { title: 'Power State', cell: (i) => i.powerStateName },
  { title: 'Networks', cell: (i) => (i.networks === '' ? <span className="muted">-</span> : i.networks) },
  { title: 'Host', cell: (i) => i.hostName ?? <span className="muted">-</span> },
  { title: 'Project', cell: (i) => i.projectName ?? <code className="id">{i.projectId}</code> },
];

/** The instances, as `nova list` shows them (deleted ones left out), live; a click opens `nova show` below. */
export function InstancesScreen() {
  const store = useInstancesStore();
  const { selectedUuid, select } = store;
  const [menu, setMenu] = useState<ConsoleMenuAt | null>(null);
  // Where consoles are opened: fetch their viewers now, so a double-click does not wait for them.
  useEffect(preloadConsoleViews, []);
  return (
    <ListScreen
      section="instances"
      title="Instances"
      store={store}
      columns={COLUMNS}
      rowKey={(i) => i.uuid}
      rowTestId={(i) => testIds.instanceRow(i.uuid)}
      tableTestId={testIds.instancesTable}
      selection={{
        selectedKey: selectedUuid,
        onSelect: (i) => void select(i.uuid),
        // Double-click: the console, as in virt-manager; the event's time starts the time-to-first-frame clock.
        onActivate: (i, event) => openConsole(i, 'vnc', event.timeStamp),
        onContextMenu: (i, event) => setMenu({ instance: i, x: event.clientX, y: event.clientY }),
      }}
      empty={
        <>
          No instances. Add a host on the Hosts screen: the domains it runs are listed here, and follow it live.
        </>
      }
    >
      <InstanceDetail />
      {menu !== null && <InstanceConsoleMenu at={menu} onClose={() => setMenu(null)} />}
    </ListScreen>
  );
}
