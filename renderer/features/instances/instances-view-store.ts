import { create } from 'zustand';
import type { Instance } from '../../../common/contract/schemas';
import { useInstancesStore } from '../../shared/stores/instances-store';
import { storedValue, webStorage } from '../../shared/storage/stored-value';
import type { GridCommand } from '../../shared/table/grid-keys';
import { clearSelection, clickRow, EMPTY_SELECTION, moveCursor, selectAll, selectedInOrder, toggleCursor, type ClickModifiers, type SelectionState } from '../../shared/table/selection';
import { toggleSort, type SortState } from '../../shared/table/sort';
import { useInstanceDetailStore } from '../instance-detail/instance-detail-store';
import { LIFECYCLE_ACTIONS } from './actions/lifecycle';
import { availabilityNow } from './actions/use-lifecycle';
import { createVisibleInstances, DEFAULT_SORT, INSTANCE_SORT_KEYS, NO_FILTERS, type InstanceFilters, type InstanceQuery, type InstanceSortKey } from './instance-query';

/** Where the row menu is: at the pointer (right-click) or beside the row (keyboard). */
export type RowMenuPlace = { readonly kind: 'pointer'; readonly x: number; readonly y: number } | { readonly kind: 'row' };

/** The row menu: for which rows (the selection, or the row clicked), and where. */
export interface RowMenu {
  readonly uuids: readonly string[];
  readonly place: RowMenuPlace;
}

/** How the Instances list is looked at: search, filters, sort, selection; the row menu and the delete question. */
export interface InstancesViewStore extends InstanceQuery {
  readonly selection: SelectionState;
  readonly menu: RowMenu | null;
  /** The instances the delete dialog asks about, or null. */
  readonly deleteRequest: readonly string[] | null;
  /** Why the last request to delete was refused (the toolbar Delete's reason: offline, locked, a task), or null. */
  readonly deleteRefusal: string | null;
  setSearch(search: string): void;
  setFilter(filter: keyof InstanceFilters, value: string | null): void;
  /** Clear the search and every filter. */
  clearFilters(): void;
  /** Sort by a column (again: the other way round). */
  sortBy(column: InstanceSortKey): void;
  /** A click on a row: select it (Shift: range, Ctrl/⌘: toggle); a plain click also opens its details. */
  clickRow(uuid: string, modifiers: ClickModifiers): void;
  /** A key command of the focused list; `pageSize` is how many rows fit on screen. */
  runKey(command: GridCommand, pageSize: number): void;
  /** Open the row menu for `uuid`: for the whole selection when it is part of it, otherwise for it alone (selected). */
  openMenu(uuid: string, place: RowMenuPlace): void;
  closeMenu(): void;
  /**
   * Ask to delete these instances (default: the selection, else the row under the cursor). The toolbar Delete's
   * availability decides (guard table, connection, pending actions): when it refuses, no dialog opens and the reason
   * is kept in `deleteRefusal`.
   */
  requestDelete(uuids?: readonly string[]): void;
  closeDelete(): void;
  dismissDeleteRefusal(): void;
}

const visibleInstances = createVisibleInstances();

/** The rows shown for a view: the instances store's rows, sorted and filtered (memoized on its inputs). */
export function selectVisibleInstances(rows: readonly Instance[] | null, query: InstanceQuery): readonly Instance[] {
  return rows === null ? [] : visibleInstances(rows, query);
}

function shownUuids(query: InstanceQuery): string[] {
  return selectVisibleInstances(useInstancesStore.getState().rows, query).map((instance) => instance.uuid);
}

/** What survives a reload of this tab: search, filters, selection (sessionStorage; the sort is kept longer). */
interface StoredView {
  readonly search: string;
  readonly filters: InstanceFilters;
  readonly selected: readonly string[];
  readonly anchor: string | null;
  readonly cursor: string | null;
}

const isShortString = (value: unknown): value is string => typeof value === 'string' && value.length <= 255;
const stringOrNull = (value: unknown): string | null => (isShortString(value) ? value : null);

/** Read back a stored view; null when it is not one (an older shape, a hand edit). */
export function parseStoredView(raw: unknown): StoredView | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const view = raw as Record<string, unknown>;
  const filters = (typeof view.filters === 'object' && view.filters !== null ? view.filters : {}) as Record<string, unknown>;
  if (!isShortString(view.search) || !Array.isArray(view.selected)) return null;
  return {
    search: view.search,
    filters: { host: stringOrNull(filters.host), project: stringOrNull(filters.project), status: stringOrNull(filters.status) },
    selected: view.selected.filter(isShortString),
    anchor: stringOrNull(view.anchor),
    cursor: stringOrNull(view.cursor),
  };
}

/** Read back a stored sort; null when it is not one. */
export function parseStoredSort(raw: unknown): SortState<InstanceSortKey> | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { column, direction } = raw as Record<string, unknown>;
  if (!INSTANCE_SORT_KEYS.includes(column as InstanceSortKey) || (direction !== 'asc' && direction !== 'desc')) return null;
  return { column: column as InstanceSortKey, direction };
}

/**
 * The search, filters and selection are this tab's work in progress: kept in sessionStorage, so a reload keeps them
 * but a new window starts with every instance shown (a filter forgotten since yesterday must not hide instances).
 * The sort is a preference: kept in localStorage, for every window and the next start.
 */
const storedView = storedValue({ key: 'virt-deck.instances.view', storage: webStorage('session'), parse: parseStoredView });
const storedSort = storedValue({ key: 'virt-deck.instances.sort', storage: webStorage('local'), parse: parseStoredSort });

function initialState(): Pick<InstancesViewStore, 'search' | 'filters' | 'sort' | 'selection'> {
  const view = storedView.read();
  return {
    search: view?.search ?? '',
    filters: view?.filters ?? NO_FILTERS,
    sort: storedSort.read() ?? DEFAULT_SORT,
    selection: view === null ? EMPTY_SELECTION : { selected: new Set(view.selected), anchor: view.anchor, cursor: view.cursor },
  };
}

/** The Instances view store. */
export const useInstancesViewStore = create<InstancesViewStore>()((set, get) => {
  const openDetail = (uuid: string | null): void => void useInstanceDetailStore.getState().open(uuid);
  return {
    ...initialState(),
    menu: null,
    deleteRequest: null,
    deleteRefusal: null,
    setSearch(search) {
      set({ search });
    },
    setFilter(filter, value) {
      set({ filters: { ...get().filters, [filter]: value } });
    },
    clearFilters() {
      set({ search: '', filters: NO_FILTERS });
    },
    sortBy(column) {
      set({ sort: toggleSort(get().sort, column) });
    },
    clickRow(uuid, modifiers) {
      set({ selection: clickRow(get().selection, uuid, shownUuids(get()), modifiers), menu: null });
      if (!modifiers.range && !modifiers.toggle) openDetail(uuid);
    },
    runKey(command, pageSize) {
      const state = get();
      const { selection } = state;
      switch (command.kind) {
        case 'move': {
          const next = moveCursor(selection, command.move, shownUuids(state), pageSize, command.mode);
          set({ selection: next });
          // An open detail panel follows the cursor, as a mail client's preview does.
          const { uuid } = useInstanceDetailStore.getState();
          if (uuid !== null && next.cursor !== null && next.cursor !== uuid && command.mode === 'select') openDetail(next.cursor);
          return;
        }
        case 'toggle':
          set({ selection: toggleCursor(selection) });
          return;
        case 'selectAll':
          set({ selection: selectAll(selection, shownUuids(state)) });
          return;
        case 'open':
          if (selection.cursor !== null) openDetail(selection.cursor);
          return;
        case 'delete':
          state.requestDelete();
          return;
        case 'menu':
          if (selection.cursor !== null) state.openMenu(selection.cursor, { kind: 'row' });
          return;
        case 'escape':
          // One step back at a time: the menu, the detail panel, the selection.
          if (state.menu !== null) set({ menu: null });
          else if (useInstanceDetailStore.getState().uuid !== null) openDetail(null);
          else set({ selection: clearSelection(selection) });
          return;
      }
    },
    openMenu(uuid, place) {
      const { selection } = get();
      const shown = shownUuids(get());
      if (selection.selected.has(uuid)) {
        set({ menu: { uuids: selectedInOrder(selection.selected, shown), place }, selection: { ...selection, cursor: uuid } });
      } else {
        set({ menu: { uuids: [uuid], place }, selection: clickRow(selection, uuid, shown, { range: false, toggle: false }) });
      }
    },
    closeMenu() {
      set({ menu: null });
    },
    requestDelete(uuids) {
      const { selection } = get();
      const targets = uuids ?? selectedInOrder(selection.selected, shownUuids(get()));
      const chosen = targets.length > 0 ? targets : selection.cursor === null ? [] : [selection.cursor];
      if (chosen.length === 0) return;
      const wanted = new Set(chosen);
      const instances = (useInstancesStore.getState().rows ?? []).filter((instance) => wanted.has(instance.uuid));
      const { reason } = availabilityNow(LIFECYCLE_ACTIONS.delete, instances);
      if (reason !== null) set({ deleteRefusal: reason, menu: null });
      else set({ deleteRequest: chosen, deleteRefusal: null, menu: null });
    },
    closeDelete() {
      set({ deleteRequest: null });
    },
    dismissDeleteRefusal() {
      set({ deleteRefusal: null });
    },
  };
});

useInstancesViewStore.subscribe((state, previous) => {
  if (state.search !== previous.search || state.filters !== previous.filters || state.selection !== previous.selection) {
    const { selected, anchor, cursor } = state.selection;
    storedView.write({ search: state.search, filters: state.filters, selected: [...selected], anchor, cursor });
  }
  if (state.sort !== previous.sort) storedSort.write(state.sort);
});
