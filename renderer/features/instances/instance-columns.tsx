import type { Instance } from '../../../common/contract/schemas';
import { instanceStatusBadge } from '../../shared/badges/InstanceStatusBadge';
import { formatMiB } from '../../shared/format/format';
import type { PendingAction } from '../../shared/stores/instance-actions-store';
import type { VirtualColumn } from '../../shared/table/VirtualTable';
import { CpuSparkline } from '../stats';
import type { InstanceSortKey } from './instance-query';
import { taskCell } from './task-cell';

const sizes = new WeakMap<Instance, string>();

/** The vCPU / RAM cell's text, built once per instance record (records are replaced, never changed, on a merge). */
function sizeText(instance: Instance): string {
  let text = sizes.get(instance);
  if (text === undefined) {
    text = `${instance.vcpus} · ${formatMiB(instance.ramMiB)}`;
    sizes.set(instance, text);
  }
  return text;
}

const NO_PENDING: ReadonlyMap<string, PendingAction> = new Map();
let built: { readonly pending: ReadonlyMap<string, PendingAction>; readonly columns: readonly VirtualColumn<Instance, InstanceSortKey>[] } | undefined;

/**
 * The Instances list's columns: `nova list`'s, then where and how big, then the last minute of CPU. Cells are text where
 * they can be (nova's `-` for nothing), styled and titled by their column, and plain elements where they cannot (no
 * component, hook or store subscription per cell): fewer elements and fibers per row is what keeps a jump across
 * 10 000 rows cheap. `pending`: the actions this window asked for (the Task State column shows them); the columns are
 * built again only when it changes.
 */
export function instanceColumns(pending: ReadonlyMap<string, PendingAction> = NO_PENDING): readonly VirtualColumn<Instance, InstanceSortKey>[] {
  if (built?.pending === pending) return built.columns;
  const columns: readonly VirtualColumn<Instance, InstanceSortKey>[] = [
    { id: 'name', title: 'Name', width: 130, grow: 2, sortKey: 'name', cellClass: 'vtable__cell--strong', cellTitle: (i) => i.name, cell: (i) => i.name },
    {
      id: 'uuid',
      title: 'ID',
      width: 84,
      sortKey: 'uuid',
      description: 'Instance UUID (the first 8 characters; the search box finds the whole UUID)',
      cellClass: 'vtable__cell--mono',
      cellTitle: (i) => i.uuid,
      cell: (i) => i.uuid.slice(0, 8),
    },
    { id: 'status', title: 'Status', width: 100, sortKey: 'status', cell: instanceStatusBadge },
    { id: 'task', title: 'Task State', width: 98, sortKey: 'task', cell: (i) => taskCell(i, pending.size === 0 ? undefined : pending.get(i.uuid)) },
    { id: 'power', title: 'Power State', width: 96, sortKey: 'power', cell: (i) => i.powerStateName },
    { id: 'addresses', title: 'Networks', width: 84, grow: 1, sortKey: 'addresses', cellTitle: (i) => i.networks || undefined, cell: (i) => i.networks || '-' },
    { id: 'host', title: 'Host', width: 70, grow: 1, sortKey: 'host', cellTitle: (i) => i.hostName ?? undefined, cell: (i) => i.hostName ?? '-' },
    { id: 'project', title: 'Project', width: 104, grow: 1, sortKey: 'project', cellTitle: (i) => i.projectId, cell: (i) => i.projectName ?? i.projectId },
    { id: 'flavor', title: 'Flavor', width: 76, sortKey: 'flavor', cell: (i) => i.flavorName ?? '-' },
    { id: 'size', title: 'vCPU / RAM', width: 100, sortKey: 'size', numeric: true, cell: sizeText },
    // The rows in the window are watched once for the window (the grid's `onWindow`), not by each sparkline.
    { id: 'cpu', title: 'CPU', width: 60, description: 'CPU usage over the last minute (the latest figure in the tooltip)', cell: (i) => <CpuSparkline uuid={i.uuid} watch={false} /> },
  ];
  built = { pending, columns };
  return columns;
}
