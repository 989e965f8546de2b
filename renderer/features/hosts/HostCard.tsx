import type { Host } from '../../../common/contract/schemas';
import { formatMiB, formatTime } from '../../shared/format/format';
import { testIds } from '../../testIds';
import { HostStatusBadge } from '../../shared/badges/HostStatusBadge';
import { RemoveHostAction } from './RemoveHostAction';
import { UsageBar } from '../../shared/meters/UsageBar';
import { useHostDetailsStore } from './host-details-store';
import { hostDetailIds } from './test-ids';

/** One host: status, what it runs, what its instances use of it, how it is reached. */
export function HostCard({ host }: { readonly host: Host }) {
  const { facts, usage } = host;
  const select = useHostDetailsStore((s) => s.select);
  const selected = useHostDetailsStore((s) => s.selectedId === host.id);
  const hypervisor = [facts.hypervisorType, facts.hypervisorVersion].filter((part) => part !== undefined).join(' ');
  return (
    <section className="panel host-card" data-testid={testIds.hostRow(host.name)} data-status={host.status} aria-label={`Host ${host.name}`}>
      <div className="host-card__head">
        <h2 className="host-card__name">{host.name}</h2>
        <HostStatusBadge host={host} />
        <span className={`tag${host.enabled ? '' : ' tag--off'}`} data-testid={testIds.hostEnabled} title={host.disabledReason ?? undefined}>
          {host.enabled ? 'enabled' : 'disabled'}
        </span>
        <button type="button" className="button" data-testid={hostDetailIds.open(host.name)} aria-pressed={selected} onClick={() => select(selected ? null : host.id)}>
          Details
        </button>
      </div>
      <div className="panel__body">
        {host.statusReason !== null && (
          <p className="host-card__reason" data-testid={testIds.hostStatusReason}>
            {host.statusReason}
          </p>
        )}
        <dl className="facts">
          <dt>Hypervisor</dt>
          <dd data-testid={testIds.hostFact('hypervisor')}>{hypervisor || <span className="muted">not reported yet</span>}</dd>
          <dt>libvirt</dt>
          <dd data-testid={testIds.hostFact('libvirt')}>{facts.libvirtVersion ?? <span className="muted">not reported yet</span>}</dd>
          <dt>vCPUs</dt>
          <dd>
            <UsageBar label="vCPUs used" used={usage.vcpus} capacity={facts.cpus} format={String} testId={testIds.hostVcpus} />
          </dd>
          <dt>RAM</dt>
          <dd>
            <UsageBar label="RAM used" used={usage.ramMiB} capacity={facts.memoryMiB} format={formatMiB} testId={testIds.hostRam} />
          </dd>
          <dt>Instances</dt>
          <dd data-testid={testIds.hostFact('instances')}>{usage.instances}</dd>
          <dt>Last seen</dt>
          <dd data-testid={testIds.hostFact('last-seen')}>{formatTime(host.lastSeenAt)}</dd>
          <dt>URI</dt>
          <dd>
            <code data-testid={testIds.hostFact('uri')}>{host.uri}</code>
          </dd>
        </dl>
        <RemoveHostAction host={host} />
      </div>
    </section>
  );
}
