import { useEffect, useMemo, useRef } from 'react';
import type { ConsoleKind } from '../../../common/contract/console-wire';
import type { Instance } from '../../../common/contract/schemas';
import { isEditableTarget, isMacPlatform, primaryModifier } from '../../shared/keyboard/keys';
import { useWindowKeyDown } from '../../shared/keyboard/use-window-keydown';
import { LoadError } from '../../shared/panel/Panel';
import { selectIsConnected, useConnectionStore } from '../../shared/stores/connection-store';
import { useInstancesStore } from '../../shared/stores/instances-store';
import { testIds } from '../../testIds';
import { CreateInstanceButton } from '../create/CreateInstanceButton';
import { InstanceDetail } from '../instance-detail/InstanceDetail';
import { useInstanceDetailStore } from '../instance-detail/instance-detail-store';
import { BulkSummaryDialog } from './actions/BulkSummaryDialog';
import { InstanceActionsBar } from './actions/InstanceActionsBar';
import { DeleteInstancesDialog } from './DeleteInstancesDialog';
import { isFiltered, warmSearchKeys, type InstanceQuery } from './instance-query';
import { InstanceRowMenu } from './InstanceRowMenu';
import { InstancesGrid } from './InstancesGrid';
import { InstancesPlaceholder, type PlaceholderKind } from './InstancesPlaceholder';
import { InstancesToolbar } from './InstancesToolbar';
import { selectVisibleInstances, useInstancesViewStore } from './instances-view-store';
import './instances.css';

/** Which console the list asks for, and where. */
export interface ConsoleRequest {
  readonly kind: ConsoleKind;
  /** In a window of its own rather than a tab of this one. */
  readonly window: boolean;
  /** The triggering event's `timeStamp`: the time to the first frame counts from the click itself. */
  readonly eventTime?: number;
}

/** Props of {@link InstancesScreen}. */
export interface InstancesScreenProps {
  /**
   * Open an instance's console: a double-click on its row (VNC, here), or the row menu. The app passes the console
   * feature in; while it is not given, double-click does nothing and the menu items say the viewer is not available.
   */
  readonly onOpenConsole?: (instance: Instance, request: ConsoleRequest) => void;
}

/**
 * The instances, as `nova list` shows them plus where and how big (deleted ones left out), live: a virtual list with
 * search, filters, sort and multi-selection that survive a reload, a row menu, the keyboard, and the details below.
 */
export function InstancesScreen(props: InstancesScreenProps) {
  const rows = useInstancesStore((s) => s.rows);
  const error = useInstancesStore((s) => s.error);
  const loading = useInstancesStore((s) => s.loading);
  const load = useInstancesStore((s) => s.load);
  const connected = useConnectionStore(selectIsConnected);
  const search = useInstancesViewStore((s) => s.search);
  const filters = useInstancesViewStore((s) => s.filters);
  const sort = useInstancesViewStore((s) => s.sort);
  const selected = useInstancesViewStore((s) => s.selection.selected);
  const menu = useInstancesViewStore((s) => s.menu);
  const deleteRequest = useInstancesViewStore((s) => s.deleteRequest);
  const deleteRefusal = useInstancesViewStore((s) => s.deleteRefusal);
  const dismissDeleteRefusal = useInstancesViewStore((s) => s.dismissDeleteRefusal);
  const clearFilters = useInstancesViewStore((s) => s.clearFilters);
  const detailOpen = useInstanceDetailStore((s) => s.uuid !== null);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const mac = useMemo(() => isMacPlatform(), []);

  useEffect(() => {
    if (rows === null && connected) void load();
  }, [rows, connected, load]);

  useEffect(() => (rows === null ? undefined : warmSearchKeys(rows)), [rows]);

  const query: InstanceQuery = useMemo(() => ({ search, filters, sort }), [search, filters, sort]);
  const shown = selectVisibleInstances(rows, query);
  // Actions act on the selected rows that are shown.
  const selectedShown = useMemo(() => (selected.size === 0 ? [] : shown.filter((instance) => selected.has(instance.uuid))), [selected, shown]);
  const selectedCount = selectedShown.length;

  // Ctrl/⌘+F and "/" go to the search box (the browser's own find would only see the rows on screen).
  useWindowKeyDown((event) => {
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isEditableTarget(event.target);
    const find = (event.key === 'f' || event.key === 'F') && primaryModifier(event, mac) && !event.shiftKey && !event.altKey;
    if (!slash && !find) return;
    if (document.querySelector('dialog[open]') !== null) return;
    event.preventDefault();
    searchRef.current?.focus();
    searchRef.current?.select();
  });

  const placeholder: PlaceholderKind | null =
    rows === null ? (error !== null ? null : connected || loading ? 'loading' : 'offline') : rows.length === 0 ? 'none' : shown.length === 0 ? (isFiltered(query) ? 'no-match' : 'none') : null;

  return (
    <div className="screen screen--fill instances" data-testid={testIds.screen('instances')}>
      <div className="screen__heading">
        <h1 className="screen__title">Instances</h1>
        <div className="screen__actions">
          <CreateInstanceButton />
          <button type="button" className="button" data-testid={testIds.instancesRefresh} onClick={() => void load()} disabled={loading || !connected}>
            {loading && rows !== null ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      {error !== null &&
        (rows === null ? (
          <LoadError message={error} onRetry={() => void load()} />
        ) : (
          <div className="banner banner--error" role="alert" data-testid={testIds.screenError}>
            The instances could not be refreshed: {error} Showing the last list.{' '}
            <button type="button" className="link-button" onClick={() => void load()}>
              Retry
            </button>
          </div>
        ))}
      {deleteRefusal !== null && (
        <div className="banner banner--warning" role="status" data-testid={testIds.deleteRefusal}>
          Cannot delete: {deleteRefusal}{' '}
          <button type="button" className="link-button" onClick={dismissDeleteRefusal}>
            Dismiss
          </button>
        </div>
      )}
      {rows !== null && rows.length > 0 && <InstanceActionsBar scope="list" instances={selectedShown} />}
      {rows !== null && rows.length > 0 && (
        <InstancesToolbar rows={rows} shown={shown.length} selected={selectedCount} searchRef={searchRef} onLeaveSearch={() => gridRef.current?.focus()} />
      )}
      <div className={`instances__list${detailOpen ? ' instances__list--split' : ''}`}>
        {placeholder === null ? (
          rows !== null && <InstancesGrid rows={shown} gridRef={gridRef} onOpenConsole={props.onOpenConsole} />
        ) : (
          <InstancesPlaceholder kind={placeholder} onClearFilters={clearFilters} />
        )}
      </div>
      {detailOpen && (
        <div className="instances__detail">
          <InstanceDetail />
        </div>
      )}
      {menu !== null && <InstanceRowMenu menu={menu} rows={rows ?? []} onOpenConsole={props.onOpenConsole} onClosed={() => gridRef.current?.focus()} />}
      {deleteRequest !== null && <DeleteInstancesDialog uuids={deleteRequest} rows={rows ?? []} />}
      <BulkSummaryDialog rows={rows ?? []} />
    </div>
  );
}
