import type { AppInfo } from '../../../common/contract/schemas';
import { testIds } from '../../testIds';
import { Panel } from '../../shared/panel/Panel';

/** What this installation is: version, mode, data directory, platform. */
export function InstallationPanel({ info }: { readonly info: AppInfo }) {
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
