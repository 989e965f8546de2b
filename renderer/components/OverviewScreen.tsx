import type { AppInfo } from '../../main/api/contract';
import { useAppInfoStore } from '../stores/app-info-store';
import { testIds } from '../testIds';
import { LoadError, Panel } from './Panel';

/** The first screen: what this installation is, and how to get to a first host. */
export function OverviewScreen() {
  const info = useAppInfoStore((s) => s.info);
  const error = useAppInfoStore((s) => s.error);
  const load = useAppInfoStore((s) => s.load);
  return (
    <div className="screen" data-testid={testIds.screen('overview')}>
      <h1 className="screen__title">Overview</h1>
      {error && <LoadError message={error} onRetry={() => void load()} />}
      {info === null ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <div className="panels">
          <InstallationPanel info={info} />
          <HostsPanel info={info} />
          <LabPanel />
        </div>
      )}
    </div>
  );
}

function InstallationPanel({ info }: { readonly info: AppInfo }) {
  const runtime = info.versions.electron ? `Electron ${info.versions.electron} (Node ${info.versions.node})` : `Node ${info.versions.node}`;
  return (
    <Panel title="This installation">
      <dl className="facts">
        <dt>Version</dt>
        <dd data-testid={testIds.appVersion}>{info.version}</dd>
        <dt>Mode</dt>
        <dd data-testid={testIds.appMode} data-mode={info.mode}>
          {info.mode === 'web' ? 'Web mode — a browser tab served on 127.0.0.1' : 'Desktop (Electron)'}
        </dd>
        <dt>Data directory</dt>
        <dd>
          <code data-testid={testIds.dataDir}>{info.dataDir}</code>
        </dd>
        <dt>Platform</dt>
        <dd data-testid={testIds.platform}>
          {info.platform} {info.arch}, {runtime}
        </dd>
      </dl>
    </Panel>
  );
}

function HostsPanel({ info }: { readonly info: AppInfo }) {
  const socket = info.localLibvirt.socketPath;
  return (
    <Panel title="Hosts">
      <p data-testid={testIds.localLibvirt} data-detected={socket !== null}>
        {socket !== null ? (
          <>
            Local libvirtd detected at <code>{socket}</code>.
          </>
        ) : (
          <>
            No hosts are configured, and no local libvirtd was found (looked for{' '}
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
      <p data-testid={testIds.addHostHelp}>
        Adding hosts is not built yet — it is the next step. Virt Deck will reach a host through its libvirt URI:{' '}
        <code>qemu:///system</code> for this machine{socket !== null ? ' (the daemon found above)' : ''}, or{' '}
        <code>qemu+ssh://user@host/system</code> for a remote one. Hosts need only libvirtd and sshd; no agent.
      </p>
    </Panel>
  );
}

function LabPanel() {
  return (
    <Panel title="Try it with the demo lab" testId={testIds.labHelp}>
      <p>
        From a source checkout, <code>npm run lab -- up</code> starts a private libvirtd and sshd on loopback (state in{' '}
        <code>.lab/</code>) with a small QEMU guest, and prints the libvirt URIs of its hosts. <code>npm run lab -- status</code>{' '}
        checks it; <code>npm run lab -- down</code> stops everything.
      </p>
    </Panel>
  );
}
