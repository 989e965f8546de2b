import { useEffect, useState } from 'react';
import { useHostsStore } from '../../shared/stores/hosts-store';
import { testIds } from '../../testIds';
import { AddHostForm } from './AddHostForm';
import { HostCard } from './HostCard';
import { LoadError } from '../../shared/panel/Panel';
import { HostDetails } from './details/HostDetails';
import { useHostDetailsStore } from './host-details-store';
import './hosts.css';

/** The hypervisor hosts, one card each, live; adding and removing them. */
export function HostsScreen() {
  const rows = useHostsStore((s) => s.rows);
  const error = useHostsStore((s) => s.error);
  const loading = useHostsStore((s) => s.loading);
  const load = useHostsStore((s) => s.load);
  const addWarnings = useHostsStore((s) => s.addWarnings);
  const dismissAddWarnings = useHostsStore((s) => s.dismissAddWarnings);
  const [formOpen, setFormOpen] = useState(false);
  const selectedId = useHostDetailsStore((s) => s.selectedId);
  const selected = rows?.find((host) => host.id === selectedId);
  useEffect(() => {
    if (rows === null) void load();
  }, [rows, load]);
  const noHosts = rows?.length === 0;
  const showForm = formOpen || noHosts;
  return (
    <div className="screen" data-testid={testIds.screen('hosts')}>
      <div className="screen__heading">
        <h1 className="screen__title">Hosts</h1>
        <div className="screen__actions">
          <button type="button" className="button button--primary" data-testid={testIds.addHostOpen} onClick={() => setFormOpen(true)} disabled={showForm}>
            Add host
          </button>
          <button type="button" className="button" onClick={() => void load()} disabled={loading}>
            Refresh
          </button>
        </div>
      </div>
      {error && <LoadError message={error} onRetry={() => void load()} />}
      {addWarnings !== null && (
        <div className="banner banner--warning" role="status" data-testid={testIds.addHostWarnings}>
          <p>
            Host {addWarnings.hostName} was added, with warnings about how it is reached:
          </p>
          <ul>
            {addWarnings.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
          <button type="button" className="button" onClick={dismissAddWarnings}>
            Dismiss
          </button>
        </div>
      )}
      {selected !== undefined && <HostDetails key={selected.id} host={selected} />}
      {showForm && <AddHostForm onAdded={() => setFormOpen(false)} onCancel={noHosts ? undefined : () => setFormOpen(false)} />}
      {rows === null ? (
        !error && <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No hosts yet: add one above. Virt Deck connects to it at once and lists its domains on the Instances screen.</p>
      ) : (
        <div className="host-cards" data-testid={testIds.hostsList}>
          {rows.map((host) => (
            <HostCard key={host.id} host={host} />
          ))}
        </div>
      )}
    </div>
  );
}
