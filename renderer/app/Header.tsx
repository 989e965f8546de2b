import { useConnectionStore } from '../shared/stores/connection-store';
import { testIds } from '../testIds';
import { ConnectionStatus } from './ConnectionStatus';

/** The top bar: product name, where it runs, connection state. */
export function Header() {
  const kind = useConnectionStore((s) => s.backendKind);
  return (
    <header className="app-header" data-testid={testIds.header}>
      <div className="brand">
        <img className="brand__logo" src="./icon.svg" alt="" width={22} height={22} />
        <span className="brand__name" data-testid={testIds.appName}>
          Virt Deck
        </span>
        {kind && (
          <span className="badge" data-testid={testIds.modeBadge}>
            {kind === 'web' ? 'Web mode' : 'Desktop'}
          </span>
        )}
      </div>
      <ConnectionStatus />
    </header>
  );
}
