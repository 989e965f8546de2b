import type { Instance } from '../../../common/contract/schemas';
import { InstanceStatusBadge } from '../../shared/badges/InstanceStatusBadge';
import { formatMiB } from '../../shared/format/format';
import type { VirtualColumn } from '../../shared/table/VirtualTable';
import { CpuSparkline } from '../stats';
import type { InstanceSortKey } from './instance-query';
import { TaskCell } from './TaskCell';

/**
 * The Instances list's columns: `nova list`'s, then where and how big, then the last minute of CPU. Cells are text where they can
 * be (nova's `-` for nothing), styled and titled by their column: fewer elements per row is what keeps a jump across
 * 10 000 rows cheap.
 */
export const INSTANCE_COLUMNS: readonly VirtualColumn<Instance, InstanceSortKey>[] = [
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
  { id: 'status', title: 'Status', width: 100, sortKey: 'status', cell: (i) => <InstanceStatusBadge instance={i} /> },
  { id: 'task', title: 'Task State', width: 98, sortKey: 'task', cell: (i) => <TaskCell instance={i} /> },
  { id: 'power', title: 'Power State', width: 96, sortKey: 'power', cell: (i) => i.powerStateName },
  { id: 'addresses', title: 'Networks', width: 84, grow: 1, sortKey: 'addresses', cellTitle: (i) => i.networks || undefined, cell: (i) => i.networks || '-' },
  { id: 'host', title: 'Host', width: 70, grow: 1, sortKey: 'host', cellTitle: (i) => i.hostName ?? undefined, cell: (i) => i.hostName ?? '-' },
  { id: 'project', title: 'Project', width: 104, grow: 1, sortKey: 'project', cellTitle: (i) => i.projectId, cell: (i) => i.projectName ?? i.projectId },
  { id: 'flavor', title: 'Flavor', width: 76, sortKey: 'flavor', cell: (i) => i.flavorName ?? '-' },
  { id: 'size', title: 'vCPU / RAM', width: 100, sortKey: 'size', numeric: true, cell: (i) => `${i.vcpus} · ${formatMiB(i.ramMiB)}` },
  // Each row on screen watches its instance (summary level) while shown: rows scrolled away stop being sampled.
  { id: 'cpu', title: 'CPU', width: 60, description: 'CPU usage over the last minute (the latest figure in the tooltip)', cell: (i) => <CpuSparkline uuid={i.uuid} /> },
];
