import { create } from 'zustand';
import type { Instance, InventoryChanged } from '../../../common/contract/schemas';
import { backend } from '../../shared/backend/current-backend';
import { followHosts, useInstancesStore } from '../../shared/stores/instances-store';
import { errorMessage } from '../../shared/stores/load-state';
import { storedValue, webStorage } from '../../shared/storage/stored-value';

/** The instance the detail panel shows (`instances.show`), following it live. */
export interface InstanceDetailStore {
  /** The open instance, or null when the panel is closed. */
  readonly uuid: string | null;
  /** Its last known record: the list row, then `instances.show`'s answer, then each change (also its deletion). */
  readonly instance: Instance | null;
  /** Why `instances.show` failed. */
  readonly error: string | null;
  /** Open an instance (null: close the panel) and fetch its current record. */
  open(uuid: string | null): Promise<void>;
  /** Fetch the open instance again (after a reconnect). */
  refresh(): Promise<void>;
  /** Merge a batch of inventory changes. */
  applyChanges(changes: InventoryChanged): void;
}

/** The open instance survives a reload of this tab (with the rest of the Instances view). */
const stored = storedValue<string | null>({
  key: 'virt-deck.instance-detail',
  storage: webStorage('session'),
  parse: (raw) => (typeof raw === 'string' && raw.length <= 255 ? raw : null),
});

/** The instance detail store. */
export const useInstanceDetailStore = create<InstanceDetailStore>()((set, get) => {
  let latest = 0;
  const fetchShown = async (uuid: string): Promise<void> => {
    const request = ++latest;
    try {
      const shown = await backend().call('instances.show', { ref: uuid });
      if (request === latest && get().uuid === uuid) set({ instance: shown, error: null });
    } catch (error) {
      if (request === latest && get().uuid === uuid) set({ error: errorMessage(error) });
    }
  };
  return {
    uuid: stored.read(),
    instance: null,
    error: null,
    async open(uuid) {
      stored.write(uuid);
      if (uuid === null) {
        latest++;
        set({ uuid: null, instance: null, error: null });
        return;
      }
      const row = useInstancesStore.getState().rows?.find((instance) => instance.uuid === uuid) ?? null;
      set({ uuid, instance: row, error: null });
      await fetchShown(uuid);
    },
    async refresh() {
      const { uuid } = get();
      if (uuid !== null) await fetchShown(uuid);
    },
    applyChanges(changes) {
      const { uuid, instance } = get();
      if (uuid === null) return;
      const changed = changes.instances.find((candidate) => candidate.uuid === uuid);
      const current = changed ?? instance;
      const next = current === null ? null : followHosts(changes)(current);
      if (next !== instance) set({ instance: next });
    },
  };
});
