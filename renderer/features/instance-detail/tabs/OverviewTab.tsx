import type { Instance } from '../../../../common/contract/schemas';
import { InstanceStatusBadge } from '../../../shared/badges/InstanceStatusBadge';
import { formatMiB, formatTime, orDash } from '../../../shared/format/format';
import { PropertyTable, type Property } from '../../../shared/table/PropertyTable';
import { testIds } from '../../../testIds';

/** The Overview tab: the instance's properties as `nova show` lists them. */
export function OverviewTab(props: { readonly instance: Instance; readonly imageName: string | null }) {
  return <PropertyTable rows={properties(props.instance, props.imageName)} valueTestId={testIds.instanceDetailValue} />;
}

function properties(i: Instance, imageName: string | null): Property[] {
  const rows: Property[] = [
    { name: 'id', value: <code>{i.uuid}</code> },
    { name: 'name', value: i.name },
    { name: 'status', value: <InstanceStatusBadge instance={i} /> },
    { name: 'vm_state', value: i.vmState },
    { name: 'task_state', value: orDash(i.taskState) },
    { name: 'power_state', value: `${i.powerStateName} (${i.powerState})` },
    { name: 'host', value: orDash(i.hostName) },
    { name: 'host_status', value: i.hostStatus === null ? '-' : `${i.hostStatus} — last seen ${formatTime(i.hostLastSeenAt)}` },
    { name: 'project', value: i.projectName === null ? <code>{i.projectId}</code> : <>{i.projectName} <code className="id">{i.projectId}</code></> },
    { name: 'flavor', value: orDash(i.flavorName) },
    { name: 'vcpus', value: i.vcpus },
    { name: 'ram', value: formatMiB(i.ramMiB) },
    { name: 'disk', value: `${i.diskGiB} GiB` },
    { name: 'image', value: i.imageId === null ? (i.origin === 'adopted' ? '- (adopted: not built from an image here)' : '-') : <>{imageName ?? ''} <code className="id">{i.imageId}</code></> },
    { name: 'networks', value: orDash(i.networks) },
    { name: 'network', value: orDash(i.network) },
    { name: 'key_name', value: orDash(i.keyName) },
    { name: 'description', value: orDash(i.description) },
    { name: 'origin', value: i.origin },
    { name: 'locked', value: i.locked ? 'True' : 'False' },
    { name: 'libvirt_domain_name', value: orDash(i.libvirtDomainName) },
    { name: 'libvirt_domain_uuid', value: i.libvirtDomainUuid === null ? '-' : <code>{i.libvirtDomainUuid}</code> },
    { name: 'created', value: formatTime(i.createdAt) },
    { name: 'updated', value: formatTime(i.updatedAt) },
    { name: 'launched_at', value: formatTime(i.launchedAt, '-') },
  ];
  if (i.deletedAt !== null) rows.push({ name: 'deleted_at', value: formatTime(i.deletedAt) });
  if (i.fault !== null) {
    rows.push({
      name: 'fault',
      value: (
        <span className="fault">
          <strong>{i.fault.message}</strong> <span className="muted">(code {i.fault.code}, {formatTime(i.fault.createdAt)})</span>
          {i.fault.details !== undefined && <span className="fault__details">{i.fault.details}</span>}
        </span>
      ),
    });
  }
  const metadata = Object.entries(i.metadata);
  if (metadata.length > 0) rows.push({ name: 'metadata', value: metadata.map(([k, v]) => `${k}=${v}`).join(', ') });
  return rows;
}
