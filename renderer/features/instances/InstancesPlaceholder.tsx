import type { ReactNode } from 'react';
import { useNavigationStore } from '../../app/navigation-store';
import { testIds } from '../../testIds';

/** What the list area shows instead of rows: loading, nothing yet, nothing that matches. */
export type PlaceholderKind = 'loading' | 'offline' | 'none' | 'no-match';

/** The list area without rows, each case designed: skeleton rows while loading, what to do when there are none. */
export function InstancesPlaceholder(props: { readonly kind: PlaceholderKind; readonly onClearFilters: () => void }) {
  const select = useNavigationStore((s) => s.select);
  switch (props.kind) {
    case 'loading':
      return (
        <div className="instances__skeleton" data-testid={testIds.instancesLoading} aria-busy="true" aria-label="Loading instances">
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="instances__skeleton-row" style={{ opacity: 1 - i * 0.1 }} />
          ))}
        </div>
      );
    case 'offline':
      return (
        <Empty title="Not connected" kind={props.kind}>
          The instances appear as soon as Virt Deck is reachable again.
        </Empty>
      );
    case 'none':
      return (
        <Empty title="No instances" kind={props.kind}>
          No instances yet. Add a host on the{' '}
          <button type="button" className="link-button" onClick={() => select('hosts')}>
            Hosts
          </button>{' '}
          screen: the domains it runs are listed here, and follow it live.
        </Empty>
      );
    case 'no-match':
      return (
        <Empty title="No instances match" kind={props.kind}>
          Nothing matches the search and filters.{' '}
          <button type="button" className="link-button" onClick={props.onClearFilters}>
            Clear them
          </button>{' '}
          to see every instance.
        </Empty>
      );
  }
}

function Empty(props: { readonly title: string; readonly kind: PlaceholderKind; readonly children: ReactNode }) {
  return (
    <div className="instances__empty" data-testid={testIds.instancesEmpty} data-kind={props.kind}>
      <svg className="instances__empty-icon" viewBox="0 0 48 48" aria-hidden="true">
        <rect x="6" y="10" width="36" height="10" rx="2" />
        <rect x="6" y="26" width="36" height="10" rx="2" />
        <circle cx="12" cy="15" r="1.5" />
        <circle cx="12" cy="31" r="1.5" />
      </svg>
      <h2 className="instances__empty-title">{props.title}</h2>
      <p className="muted">{props.children}</p>
    </div>
  );
}
