import type { Instance } from '../../../common/contract/schemas';
import { InstanceStatusBadge } from '../../shared/badges/InstanceStatusBadge';
import { formatMiB } from '../../shared/format/format';
import type { VirtualColumn } from '../../shared/table/VirtualTable';
import { CpuCell } from './CpuCell';
import type { InstanceSortKey } from './instance-query';
import { TaskCell } from './TaskCell';

const dash = <span className="muted">-</span>;

/** The Instances list's columns: `nova list`'s, then where and how big, then the CPU slot. */
export const INSTANCE_COLUMNS: readonly VirtualColumn<Instance, InstanceSortKey>[] = [
  {
    id: 'name',
    title: 'Name',
    width: 110, grow: 1.4,
    sortKey: 'name',
    cell: (i) => (
      <strong className="instances__name" title={i.name}>
        {i.name}
      </strong>
    ),
  },
  {
    id: 'uuid',
    title: 'ID',
    width: 84,
    sortKey: 'uuid',
    description: 'Instance UUID (the first 8 characters; the search box finds the whole UUID)',
    cell: (i) => (
      <code className="id" title={i.uuid}>
        {i.uuid.slice(0, 8)}
      </code>
    ),
  },
  { id: 'status', title: 'Status', width: 100, sortKey: 'status', cell: (i) => <InstanceStatusBadge instance={i} /> },
  { id: 'task', title: 'Task State', width: 104, sortKey: 'task', cell: (i) => <TaskCell instance={i} /> },
  { id: 'power', title: 'Power State', width: 96, sortKey: 'power', cell: (i) => i.powerStateName },
  { id: 'addresses', title: 'Networks', width: 90, grow: 1, sortKey: 'addresses', cell: (i) => (i.networks === '' ? dash : <span title={i.networks}>{i.networks}</span>) },
  { id: 'host', title: 'Host', width: 76, grow: 1, sortKey: 'host', cell: (i) => i.hostName ?? dash },
  {
    id: 'project',
    title: 'Project',
    width: 104, grow: 1,
    sortKey: 'project',
    cell: (i) => (i.projectName === null ? <code className="id">{i.projectId}</code> : i.projectName),
  },
  { id: 'flavor', title: 'Flavor', width: 84, sortKey: 'flavor', cell: (i) => i.flavorName ?? dash },
  {
    id: 'size',
    title: 'vCPU / RAM',
    width: 100,
    sortKey: 'size',
    numeric: true,
    cell: (i) => (
      <>
        {i.vcpus} · {formatMiB(i.ramMiB)}
      </>
    ),
  },
  { id: 'cpu', title: 'CPU', width: 52, description: 'CPU usage (live statistics, not collected yet)', cell: (i) => <CpuCell instance={i} /> },
];
