import { create } from 'zustand';
import type { Instance, InventoryChanged } from '../../../common/contract/schemas';
import { backend } from '../backend/current-backend';
import type { ListStore } from './list-store';
import { errorMessage } from './load-state';
import { byNameThen, mergeRows } from './merge-rows';

/** The instances (`instances.list`, deleted ones left out), kept current by `inventory.changed`, and the selection. */
export interface InstancesStore extends ListStore<Instance> {
  /** The instance the detail panel shows, or null. */
  readonly selectedUuid: string | null;
  /** Its last known record: the list row, then `instances.show`'s answer, then each change (also its deletion). */
  readonly selected: Instance | null;
  /** Why `instances.show` failed for the selection. */
  readonly selectedError: string | null;
  load(): Promise<void>;
  /** Select an instance (null: close the panel) and fetch its current record. */
  select(uuid: string | null): Promise<void>;
  /** Merge a batch of inventory changes. */
  applyChanges(changes: InventoryChanged): void;
}

/** Whether an instance is gone (`nova list` leaves these out unless asked for `--deleted`). */
export const isDeleted = (instance: Instance): boolean => instance.vmState === 'deleted';

const compareInstances = byNameThen<Instance>(
  (instance) => instance.name,
  (instance) => instance.uuid,
);

const merge = (rows: readonly Instance[], changed: readonly Instance[]) => mergeRows(rows, changed, { key: (i) => i.uuid, drop: isDeleted, compare: compareInstances });

/** The instances store. */
export const useInstancesStore = create<InstancesStore>()((set, get) => {
  let latest = 0;
  let latestShow = 0;
  return {
    rows: null,
    loading: false,
    error: null,
    selectedUuid: null,
    selected: null,
    selectedError: null,
    async load() {
      const request = ++latest;
      set({ loading: true });
      try {
        const rows = [...(await backend().call('instances.list', {}))].filter((i) => !isDeleted(i)).sort(compareInstances);
        if (request !== latest) return;
        const { selectedUuid } = get();
        const selected = rows.find((instance) => instance.uuid === selectedUuid);
        set({ rows, error: null, loading: false, ...(selected === undefined ? {} : { selected }) });
      } catch (error) {
        if (request === latest) set({ error: errorMessage(error), loading: false });
      }
    },
    async select(uuid) {
      const request = ++latestShow;
      if (uuid === null) {
        set({ selectedUuid: null, selected: null, selectedError: null });
        return;
      }
      set({ selectedUuid: uuid, selected: get().rows?.find((instance) => instance.uuid === uuid) ?? null, selectedError: null });
      try {
        const shown = await backend().call('instances.show', { ref: uuid });
        if (request === latestShow && get().selectedUuid === uuid) set({ selected: shown });
      } catch (error) {
        if (request === latestShow && get().selectedUuid === uuid) set({ selectedError: errorMessage(error) });
      }
    },
    applyChanges(changes) {
      const { rows, selectedUuid } = get();
      const follow = hostFollower(changes);
      const changedSelected = changes.instances.find((instance) => instance.uuid === selectedUuid);
      const current = changedSelected ?? get().selected;
      const selected = current === null ? null : follow.apply(current);
      if (selected !== get().selected) set({ selected });
      // Not loaded yet: the first load brings the current rows.
      if (rows === null) return;
      const merged = merge(rows, changes.instances);
      const followed = merged.map((instance) => follow.apply(instance));
      set({ rows: followed.some((instance, i) => instance !== merged[i]) ? followed : merged });
    },
  };
});

/**
 * Carry host changes over to the instances on that host: name and last seen. (A host going up or down comes with its
 * instances resent by main, their Status derived again; removed hosts have no live instances left.)
 */
function hostFollower(changes: InventoryChanged): { apply(instance: Instance): Instance } {
  const hosts = new Map(changes.hosts.map((host) => [host.id, host]));
  return {
    apply(instance) {
      if (instance.hostId === null || isDeleted(instance)) return instance;
      const host = hosts.get(instance.hostId);
      if (host === undefined || (host.name === instance.hostName && host.lastSeenAt === instance.hostLastSeenAt)) return instance;
      return { ...instance, hostName: host.name, hostLastSeenAt: host.lastSeenAt };
    },
  };
}

/** The instance the detail panel shows. */
export const selectSelectedInstance = (store: InstancesStore): Instance | null => store.selected;
