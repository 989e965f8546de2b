import { useEffect } from 'react';
import type { AppInfo } from '../../../common/contract/schemas';
import { countHosts, useHostsStore } from '../../shared/stores/hosts-store';
import { useNavigationStore } from '../../app/navigation-store';
import { testIds } from '../../testIds';
import { HostStatusBadge } from '../../shared/badges/HostStatusBadge';
import { Panel } from '../../shared/panel/Panel';

/** The Overview's Hosts panel: the configured hosts by status, or how to add a first one. */
export function OverviewHostsPanel({ info }: { readonly info: AppInfo }) {
  const rows = useHostsStore((s) => s.rows);
  const error = useHostsStore((s) => s.error);
  const load = useHostsStore((s) => s.load);
  const select = useNavigationStore((s) => s.select);
  useEffect(() => {
    if (rows === null) void load();
  }, [rows, load]);
  const socket = info.localLibvirt.socketPath;
  const counts = rows === null ? null : countHosts(rows);
  return (
    <Panel title="Hosts">
      {counts !== null && counts.total > 0 && rows !== null && (
        <div
          className="overview-hosts"
          data-testid={testIds.overviewHosts}
          data-total={counts.total}
          data-up={counts.up}
          data-down={counts.down}
          data-unknown={counts.unknown}
        >
          <p>
            <strong>
              {counts.total} host{counts.total === 1 ? '' : 's'}
            </strong>
            : {counts.up} up, {counts.down} down{counts.unknown > 0 ? `, ${counts.unknown} not reached yet` : ''}.{' '}
            <button type="button" className="link-button" onClick={() => select('hosts')}>
              Manage hosts
            </button>
          </p>
          <ul className="overview-hosts__list">
            {rows.map((host) => (
              <li key={host.id}>
                <HostStatusBadge host={host} /> <strong>{host.name}</strong>{' '}
                <span className="muted">
                  {host.usage.instances} instance{host.usage.instances === 1 ? '' : 's'}
                  {host.status === 'down' && host.statusReason !== null ? ` — ${host.statusReason}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {rows === null && error !== null && <p className="muted">The hosts could not be listed: {error}</p>}
      <p data-testid={testIds.localLibvirt} data-detected={socket !== null}>
        {socket !== null ? (
          <>
            Local libvirtd detected at <code>{socket}</code>.
          </>
        ) : (
          <>
            {counts?.total === 0 ? 'No hosts are configured, and no' : 'No'} local libvirtd was found (looked for{' '}
            {info.localLibvirt.checkedPaths.map((path, i) => (
              <span key={path}>
                {i > 0 && ' and '}
                <code>{path}</code>
              </span>
            ))}
            ).
          </>
        )}
      </p>
      {counts?.total === 0 && (
        <p data-testid={testIds.addHostHelp}>
          Add a host on the{' '}
          <button type="button" className="link-button" onClick={() => select('hosts')}>
            Hosts
          </button>{' '}
          screen with its libvirt URI: <code>qemu:///system</code> for this machine{socket !== null ? ' (the daemon found above)' : ''}, or{' '}
          <code>qemu+ssh://user@host/system</code> for a remote one. Hosts need only libvirtd and sshd; no agent.
        </p>
      )}
    </Panel>
  );
}
