import { create } from 'zustand';
import type { ArgsOf, Host, InventoryChanged } from '../../main/api/contract';
import { backend } from '../backend/current-backend';
import type { ListStore } from './list-store';
import { errorMessage } from './load-state';
import { byNameThen, mergeRows } from './merge-rows';

/** What the Add host form sends (`hosts.add`). */
export type AddHostInput = ArgsOf<'hosts.add'>;

/** The hypervisor hosts (`hosts.list`), kept current by `inventory.changed`, and adding/removing them. */
export interface HostsStore extends ListStore<Host> {
  /** A `hosts.add` is running. */
  readonly adding: boolean;
  /** Why the last `hosts.add` failed, as the backend said it; null after a success. */
  readonly addError: string | null;
  /** What the backend warned about the host last added (ssh_config settings it ignores); null when nothing. */
  readonly addWarnings: { readonly hostName: string; readonly warnings: readonly string[] } | null;
  /** Id of the host a `hosts.remove` is running for. */
  readonly removing: string | null;
  /** Why the last `hosts.remove` failed, and for which host. */
  readonly removeError: { readonly hostId: string; readonly message: string } | null;
  load(): Promise<void>;
  /** Add a host; resolves to whether it was added (the reason is in `addError` otherwise). */
  add(input: AddHostInput): Promise<boolean>;
  /** Remove a host; `force` also marks its instances deleted. Resolves to whether it was removed. */
  remove(hostId: string, force: boolean): Promise<boolean>;
  clearErrors(): void;
  dismissAddWarnings(): void;
  /** Merge a batch of inventory changes. */
  applyChanges(changes: InventoryChanged): void;
}

const compareHosts = byNameThen<Host>(
  (host) => host.name,
  (host) => host.id,
);

/** The hosts store. */
export const useHostsStore = create<HostsStore>()((set, get) => {
  let latest = 0;
  return {
    rows: null,
    loading: false,
    error: null,
    adding: false,
    addError: null,
    addWarnings: null,
    removing: null,
    removeError: null,
    async load() {
      const request = ++latest;
      set({ loading: true });
      try {
        const rows = [...(await backend().call('hosts.list', {}))].sort(compareHosts);
        // A slower, older request must not overwrite a newer answer.
        if (request === latest) set({ rows, error: null, loading: false });
      } catch (error) {
        if (request === latest) set({ error: errorMessage(error), loading: false });
      }
    },
    async add(input) {
      set({ adding: true, addError: null, addWarnings: null });
      try {
        const { warnings, ...host } = await backend().call('hosts.add', input);
        const rows = get().rows;
        set({
          adding: false,
          addWarnings: warnings.length > 0 ? { hostName: host.name, warnings } : null,
          rows: rows === null ? null : mergeRows(rows, [host], { key: (h) => h.id, compare: compareHosts }),
        });
        return true;
      } catch (error) {
        set({ adding: false, addError: errorMessage(error) });
        return false;
      }
    },
    async remove(hostId, force) {
      set({ removing: hostId, removeError: null });
      try {
        await backend().call('hosts.remove', force ? { ref: hostId, force: true } : { ref: hostId });
        const rows = get().rows;
        set({ removing: null, rows: rows === null ? null : mergeRows(rows, [], { key: (h) => h.id, remove: new Set([hostId]), compare: compareHosts }) });
        return true;
      } catch (error) {
        set({ removing: null, removeError: { hostId, message: errorMessage(error) } });
        return false;
      }
    },
    clearErrors() {
      set({ addError: null, removeError: null });
    },
    dismissAddWarnings() {
      set({ addWarnings: null });
    },
    applyChanges(changes) {
      const rows = get().rows;
      // Not loaded yet: the first load brings the current rows.
      if (rows === null) return;
      // Main resends the hosts whose instances changed, so their usage here is current too.
      set({ rows: mergeRows(rows, changes.hosts, { key: (h) => h.id, remove: new Set(changes.removedHosts), compare: compareHosts }) });
    },
  };
});

/** How many hosts there are, by status. */
export interface HostCounts {
  readonly total: number;
  readonly up: number;
  readonly down: number;
  readonly unknown: number;
}

/** Count hosts by status (a plain function over the rows: call it on `rows`, not as a zustand selector). */
export function countHosts(rows: readonly Host[]): HostCounts {
  return {
    total: rows.length,
    up: rows.filter((host) => host.status === 'up').length,
    down: rows.filter((host) => host.status === 'down').length,
    unknown: rows.filter((host) => host.status === 'unknown').length,
  };
}

/** The host with this id, if loaded. */
export const selectHost =
  (hostId: string) =>
  (store: HostsStore): Host | undefined =>
    store.rows?.find((host) => host.id === hostId);
