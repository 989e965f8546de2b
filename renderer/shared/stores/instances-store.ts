import { create } from 'zustand';
import type { Instance, InventoryChanged } from '../../../common/contract/schemas';
import { backend } from '../backend/current-backend';
import type { ListStore } from './list-store';
import { errorMessage } from './load-state';
import { byNameThen, mergeRows } from './merge-rows';

/** The instances (`instances.list`, deleted ones left out), kept current by `inventory.changed`. */
export interface InstancesStore extends ListStore<Instance> {
  /** When the rows were last known to be current (epoch ms): the last load, or a change merged while connected. */
  readonly syncedAt: number | null;
  /** The rows may be out of date: the connection dropped since `syncedAt`; the next load clears it. */
  readonly stale: boolean;
  load(): Promise<void>;
  /** Merge a batch of inventory changes. */
  applyChanges(changes: InventoryChanged): void;
  /** The connection dropped: keep the rows, but say they may be out of date. */
  markStale(): void;
}

/** Whether an instance is gone (`nova list` leaves these out unless asked for `--deleted`). */
export const isDeleted = (instance: Instance): boolean => instance.vmState === 'deleted';

/** The list's own order: by name (case-insensitive, numbers in order), then UUID. Screens sort from here. */
export const compareInstances = byNameThen<Instance>(
  (instance) => instance.name,
  (instance) => instance.uuid,
);

const merge = (rows: readonly Instance[], changed: readonly Instance[]) => mergeRows(rows, changed, { key: (i) => i.uuid, drop: isDeleted, compare: compareInstances });

/** The instances store. */
export const useInstancesStore = create<InstancesStore>()((set, get) => {
  let latest = 0;
  return {
    rows: null,
    loading: false,
    error: null,
    syncedAt: null,
    stale: false,
    async load() {
      const request = ++latest;
      set({ loading: true });
      try {
        const rows = (await backend().call('instances.list', {})).filter((i) => !isDeleted(i)).sort(compareInstances);
        if (request !== latest) return;
        set({ rows, error: null, loading: false, syncedAt: Date.now(), stale: false });
      } catch (error) {
        if (request === latest) set({ error: errorMessage(error), loading: false });
      }
    },
    applyChanges(changes) {
      const { rows, stale } = get();
      // Not loaded yet: the first load brings the current rows.
      if (rows === null) return;
      const follow = followHosts(changes);
      const merged = merge(rows, changes.instances);
      const followed = merged.map((instance) => follow(instance));
      const next = followed.some((instance, i) => instance !== merged[i]) ? followed : merged;
      // Changes arrive only while connected; while stale, the reload that follows the reconnect brings the rest.
      if (next !== rows) set(stale ? { rows: next } : { rows: next, syncedAt: Date.now() });
    },
    markStale() {
      if (!get().stale) set({ stale: true });
    },
  };
});

/**
 * Carry host changes over to the instances on that host: name and last seen. (A host going up or down comes with its
 * instances resent by main, their Status derived again; removed hosts have no live instances left.) Returns the
 * instance itself when nothing changed, so unchanged rows keep their identity.
 */
export function followHosts(changes: InventoryChanged): (instance: Instance) => Instance {
  const hosts = new Map(changes.hosts.map((host) => [host.id, host]));
  return (instance) => {
    if (instance.hostId === null || isDeleted(instance)) return instance;
    const host = hosts.get(instance.hostId);
    if (host === undefined || (host.name === instance.hostName && host.lastSeenAt === instance.hostLastSeenAt)) return instance;
    return { ...instance, hostName: host.name, hostLastSeenAt: host.lastSeenAt };
  };
}
