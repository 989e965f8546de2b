import { ActivityButton } from '../features/activity';
import { useConnectionStore } from '../shared/stores/connection-store';
import { testIds } from '../testIds';
import { ConnectionStatus } from './ConnectionStatus';

/** The top bar: product name, where it runs, connection state, the activity panel, the shortcut list. */
export function Header(props: { readonly onShowShortcuts: () => void }) {
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
      <div className="app-header__end">
        <ConnectionStatus />
        <ActivityButton />
        <button type="button" className="header-button" data-testid={testIds.shortcutHelpOpen} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" onClick={props.onShowShortcuts}>
          ?
        </button>
      </div>
    </header>
  );
}
