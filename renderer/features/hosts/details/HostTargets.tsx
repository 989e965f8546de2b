import { useEffect } from 'react';
import type { HostNetwork, StoragePool } from '../../../../common/contract/schemas';
import { formatBytes } from '../../../shared/format/format';
import { DataTable, type Column } from '../../../shared/table/DataTable';
import { selectTargets, useHostDetailsStore } from '../host-details-store';
import { hostDetailIds } from '../test-ids';

const state = (active: boolean) => <span className={`tag${active ? '' : ' tag--off'}`}>{active ? 'active' : 'inactive'}</span>;

function networkColumns(defaultName: string | null): readonly Column<HostNetwork>[] {
  return [
    { title: 'Name', cell: (n) => <strong>{n.name}{n.name === defaultName && <span className="muted"> (default)</span>}</strong> },
    { title: 'State', cell: (n) => state(n.active) },
    { title: 'Bridge', cell: (n) => n.bridge ?? '—' },
    { title: 'Forward', cell: (n) => n.forwardMode ?? 'isolated' },
  ];
}

function poolColumns(defaultName: string | null): readonly Column<StoragePool>[] {
  return [
    { title: 'Name', cell: (p) => <strong>{p.name}{p.name === defaultName && <span className="muted"> (instances&apos; disks)</span>}</strong> },
    { title: 'State', cell: (p) => state(p.active) },
    { title: 'Type', cell: (p) => p.type ?? '—' },
    { title: 'Path', cell: (p) => (p.path === null ? '—' : <code>{p.path}</code>) },
    { title: 'Capacity', cell: (p) => formatBytes(p.capacityBytes), numeric: true },
    { title: 'Allocated', cell: (p) => formatBytes(p.allocationBytes), numeric: true },
    { title: 'Available', cell: (p) => formatBytes(p.availableBytes), numeric: true },
  ];
}

/** The host's libvirt networks and storage pools, asked of the host when the panel opens. */
export function HostTargets({ hostId, hostUp }: { readonly hostId: string; readonly hostUp: boolean }) {
  const targets = useHostDetailsStore(selectTargets(hostId));
  const load = useHostDetailsStore((s) => s.loadTargets);
  // Ask again when the host comes up: a down host answered with its reason only.
  useEffect(() => {
    void load(hostId);
  }, [hostId, hostUp, load]);
  return (
    <>
      {targets.error !== null && (
        <div className="banner banner--error" role="alert" data-testid={hostDetailIds.targetsError}>
          {targets.error}{' '}
          <button type="button" className="link-button" onClick={() => void load(hostId)}>
            Retry
          </button>
        </div>
      )}
      <h3 className="host-details__subtitle">Networks</h3>
      {targets.networks === null ? (
        <p className="muted">{targets.loading ? 'Asking the host…' : 'Not known.'}</p>
      ) : targets.networks.length === 0 ? (
        <p className="muted">No libvirt networks on this host.</p>
      ) : (
        <DataTable rows={targets.networks} columns={networkColumns(targets.defaultNetwork)} rowKey={(n) => n.uuid} rowTestId={(n) => hostDetailIds.networkRow(n.name)} testId={hostDetailIds.networks} label="Networks" />
      )}
      <h3 className="host-details__subtitle">Storage pools</h3>
      {targets.pools === null ? (
        <p className="muted">{targets.loading ? 'Asking the host…' : 'Not known.'}</p>
      ) : targets.pools.length === 0 ? (
        <p className="muted">No storage pools on this host.</p>
      ) : (
        <DataTable rows={targets.pools} columns={poolColumns(targets.defaultPool)} rowKey={(p) => p.uuid} rowTestId={(p) => hostDetailIds.poolRow(p.name)} testId={hostDetailIds.pools} label="Storage pools" />
      )}
    </>
  );
}
