import { useEffect, useState } from 'react';
import type { Host } from '../../../../common/contract/schemas';
import { HostStatusBadge } from '../../../shared/badges/HostStatusBadge';
import { connectionText } from '../connection-text';
import { useHostDetailsStore } from '../host-details-store';
import { hostDetailIds } from '../test-ids';
import { CapacityBars } from './CapacityBars';
import { EditHostForm } from './EditHostForm';
import { HostInstances } from './HostInstances';
import { HostTargets } from './HostTargets';
import { PlacementToggle } from './PlacementToggle';

/** The time now, once a second while `ticking` (the retry countdown). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/** One host in full: connection, placement capacity, its instances, networks and pools; enable/disable and edit. */
export function HostDetails({ host }: { readonly host: Host }) {
  const select = useHostDetailsStore((s) => s.select);
  const saveError = useHostDetailsStore((s) => s.saveError);
  const [editing, setEditing] = useState(false);
  const now = useNow(host.status === 'down' && host.nextRetryAt !== null);
  return (
    <section className="panel host-details" data-testid={hostDetailIds.panel} data-host={host.name} aria-label={`Host ${host.name} details`}>
      <div className="host-card__head">
        <h2 className="host-card__name">{host.name}</h2>
        <HostStatusBadge host={host} />
        <span className={`tag${host.enabled ? '' : ' tag--off'}`} data-testid={hostDetailIds.enabled} data-enabled={host.enabled} title={host.disabledReason ?? undefined}>
          {host.enabled ? 'enabled for placement' : `disabled${host.disabledReason === null ? '' : `: ${host.disabledReason}`}`}
        </span>
        <button type="button" className="button" data-testid={hostDetailIds.close} onClick={() => select(null)} aria-label="Close host details">
          Close
        </button>
      </div>
      <div className="panel__body">
        <p className="host-details__connection" data-testid={hostDetailIds.connection} data-next-retry={host.nextRetryAt ?? ''}>
          {connectionText(host, now)}
        </p>
        <div className="host-details__actions">
          <PlacementToggle host={host} />
          {!editing && (
            <button type="button" className="button" data-testid={hostDetailIds.edit} onClick={() => setEditing(true)}>
              Edit…
            </button>
          )}
        </div>
        {!editing && saveError !== null && (
          <div className="banner banner--error" role="alert" data-testid={hostDetailIds.editError}>
            {saveError}
          </div>
        )}
        {editing && <EditHostForm host={host} onDone={() => setEditing(false)} />}
        <h3 className="host-details__subtitle">Capacity and allocation</h3>
        <CapacityBars host={host} />
        <h3 className="host-details__subtitle">Instances</h3>
        <HostInstances hostId={host.id} />
        <HostTargets hostId={host.id} hostUp={host.status === 'up'} />
      </div>
    </section>
  );
}
