import type { Instance } from '../../../common/contract/schemas';
import { formatMiB, formatTime, orDash } from '../../shared/format/format';
import { testIds } from '../../testIds';
import { InstanceStatusBadge } from '../../shared/badges/InstanceStatusBadge';
import { PropertyTable, type Property } from '../../shared/table/PropertyTable';
import { consoleTestIds, openConsole } from '../console';
import { InstanceActionsBar } from '../instances/actions/InstanceActionsBar';
import { useInstanceDetailStore } from './instance-detail-store';
import './instance-detail.css';

/** The open instance's properties, as `nova show` lists them; follows the instance live. */
export function InstanceDetail() {
  const uuid = useInstanceDetailStore((s) => s.uuid);
  const instance = useInstanceDetailStore((s) => s.instance);
  const error = useInstanceDetailStore((s) => s.error);
  const open = useInstanceDetailStore((s) => s.open);
  if (uuid === null) return null;
  return (
    <section className="panel detail" data-testid={testIds.instanceDetail} aria-label={`Instance ${instance?.name ?? ''}`}>
      <div className="panel__title detail__title">
        <h2 className="detail__heading">{instance === null ? 'Instance' : instance.name}</h2>
        {instance !== null && (
          <span className="screen__actions">
            <button type="button" className="button" data-testid={consoleTestIds.detailConsole} onClick={(event) => openConsole(instance, 'vnc', event.timeStamp)}>
              Console
            </button>
            <button type="button" className="button" data-testid={consoleTestIds.detailSerial} onClick={(event) => openConsole(instance, 'serial', event.timeStamp)}>
              Serial console
            </button>
          </span>
        )}
        <button type="button" className="link-button" data-testid={testIds.instanceDetailClose} onClick={() => void open(null)}>
          Close
        </button>
      </div>
      {instance !== null && <InstanceActionsBar scope="detail" instances={[instance]} />}
      {error !== null && (
        <div className="banner banner--error detail__banner" role="alert">
          {error}
        </div>
      )}
      {instance !== null && <PropertyTable rows={properties(instance)} valueTestId={testIds.instanceDetailValue} />}
      {instance === null && error === null && <p className="muted detail__loading">Loading…</p>}
    </section>
  );
}

function properties(i: Instance): Property[] {
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
    { name: 'networks', value: orDash(i.networks) },
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
