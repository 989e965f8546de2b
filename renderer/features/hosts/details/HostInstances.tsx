import { useEffect, useMemo } from 'react';
import type { Instance } from '../../../../common/contract/schemas';
import { InstanceStatusBadge } from '../../../shared/badges/InstanceStatusBadge';
import { formatMiB } from '../../../shared/format/format';
import { useInstancesStore } from '../../../shared/stores/instances-store';
import { DataTable, type Column } from '../../../shared/table/DataTable';
import { hostDetailIds } from '../test-ids';

const COLUMNS: readonly Column<Instance>[] = [
  { title: 'Name', cell: (i) => <strong>{i.name}</strong> },
  { title: 'Status', cell: (i) => <InstanceStatusBadge instance={i} /> },
  { title: 'Project', cell: (i) => i.projectName ?? i.projectId },
  { title: 'Flavor', cell: (i) => i.flavorName ?? '—' },
  { title: 'vCPUs', cell: (i) => i.vcpus, numeric: true },
  { title: 'RAM', cell: (i) => formatMiB(i.ramMiB), numeric: true },
  { title: 'Disk', cell: (i) => `${i.diskGiB} GiB`, numeric: true },
];

/** The live instances placed on the host (the instances list, kept current by the change feed). */
export function HostInstances({ hostId }: { readonly hostId: string }) {
  const rows = useInstancesStore((s) => s.rows);
  const load = useInstancesStore((s) => s.load);
  useEffect(() => {
    if (rows === null) void load();
  }, [rows, load]);
  const mine = useMemo(() => rows?.filter((i) => i.hostId === hostId) ?? null, [rows, hostId]);
  if (mine === null) return <p className="muted">Loading…</p>;
  if (mine.length === 0) return <p className="muted">No instances on this host.</p>;
  return <DataTable rows={mine} columns={COLUMNS} rowKey={(i) => i.uuid} rowTestId={(i) => hostDetailIds.instanceRow(i.name)} testId={hostDetailIds.instances} label="Instances on this host" />;
}
