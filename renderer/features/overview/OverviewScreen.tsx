import { useAppInfoStore } from '../../shared/stores/app-info-store';
import { useHostsStore } from '../../shared/stores/hosts-store';
import { testIds } from '../../testIds';
import { InstallationPanel } from './InstallationPanel';
import { LabPanel } from './LabPanel';
import { OverviewHostsPanel } from './OverviewHostsPanel';
import { LoadError } from '../../shared/panel/Panel';
import './overview.css';

/** The first screen: what this installation is, and how to get to a first host. */
export function OverviewScreen() {
  const info = useAppInfoStore((s) => s.info);
  const error = useAppInfoStore((s) => s.error);
  const load = useAppInfoStore((s) => s.load);
  // The lab hint is for a first start: it goes once a host is configured.
  const noHosts = useHostsStore((s) => s.rows === null || s.rows.length === 0);
  return (
    <div className="screen" data-testid={testIds.screen('overview')}>
      <h1 className="screen__title">Overview</h1>
      {error && <LoadError message={error} onRetry={() => void load()} />}
      {info === null ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <div className="panels">
          <InstallationPanel info={info} />
          <OverviewHostsPanel info={info} />
          {noHosts && <LabPanel />}
        </div>
      )}
    </div>
  );
}
