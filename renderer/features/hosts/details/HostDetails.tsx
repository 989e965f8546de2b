import { useState } from 'react';
import type { Host } from '../../../../common/contract/schemas';
import { HostStatusBadge } from '../../../shared/badges/HostStatusBadge';
import { formatTime } from '../../../shared/format/format';
import { useHostDetailsStore } from '../host-details-store';
import { hostDetailIds } from '../test-ids';
import { CapacityBars } from './CapacityBars';
import { EditHostForm } from './EditHostForm';
import { HostInstances } from './HostInstances';
import { HostTargets } from './HostTargets';
import { PlacementToggle } from './PlacementToggle';

/** Why the host is in its state, in words: a down host's reason and that it is retried (the session backs off). */
function connectionText(host: Host): string {
  switch (host.status) {
    case 'up':
      return `Connected; last heard from ${formatTime(host.lastSeenAt)}.`;
    case 'down':
      return `Not reachable${host.statusReason === null ? '' : `: ${host.statusReason}`}. Virt Deck retries on its own, waiting longer after each failure (up to a minute); last seen ${formatTime(host.lastSeenAt)}.`;
    case 'unknown':
      return 'Not connected yet: the first connection is under way.';
  }
}

/** One host in full: connection, placement capacity, its instances, networks and pools; enable/disable and edit. */
export function HostDetails({ host }: { readonly host: Host }) {
  const select = useHostDetailsStore((s) => s.select);
  const saveError = useHostDetailsStore((s) => s.saveError);
  const [editing, setEditing] = useState(false);
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
        <p className="host-details__connection" data-testid={hostDetailIds.connection}>
          {connectionText(host)}
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
