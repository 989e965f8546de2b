import { create } from 'zustand';
import type { InstanceActionLog } from '../../../common/contract/compute-schemas';
import type { Instance, InventoryChanged } from '../../../common/contract/schemas';
import { backend } from '../../shared/backend/current-backend';
import { followHosts, useInstancesStore } from '../../shared/stores/instances-store';
import { errorMessage } from '../../shared/stores/load-state';
import { storedValue, webStorage } from '../../shared/storage/stored-value';
import { isDetailTab, type DetailTabId } from './detail-tabs';

/** Something a tab loads from main when it is shown: absent until asked, then its value or why it failed. */
export interface Loaded<T> {
  readonly loading: boolean;
  readonly value: T | null;
  readonly error: string | null;
}

const NOT_LOADED: Loaded<never> = { loading: false, value: null, error: null };

/** The instance the detail panel shows (`instances.show`), following it live, and what its tabs load. */
export interface InstanceDetailStore {
  /** The open instance, or null when the panel is closed. */
  readonly uuid: string | null;
  /** Its last known record: the list row, then `instances.show`'s answer, then each change (also its deletion). */
  readonly instance: Instance | null;
  /** Why `instances.show` failed. */
  readonly error: string | null;
  /** The tab shown (kept for the next instance opened, and across a reload). */
  readonly tab: DetailTabId;
  /** The name of the instance's image (`images.show`), null while unknown or when it has none. */
  readonly imageName: string | null;
  /** The live domain XML (`instances.xml`), loaded when the Hardware tab is shown. */
  readonly xml: Loaded<string>;
  /** The action log (`instances.actions`), loaded when the Action log tab is shown. */
  readonly actionLog: Loaded<InstanceActionLog[]>;
  /** Open an instance (null: close the panel) and fetch its current record, and what the shown tab needs. */
  open(uuid: string | null): Promise<void>;
  /** Show a tab, fetching what it needs. */
  selectTab(tab: DetailTabId): Promise<void>;
  /** Fetch the open instance again, and what the shown tab needs (after a reconnect, or asked by the operator). */
  refresh(): Promise<void>;
  /** Merge a batch of inventory changes; a change to the open instance also reloads the shown tab's data. */
  applyChanges(changes: InventoryChanged): void;
}

/** The open instance survives a reload of this tab (with the rest of the Instances view). */
const stored = storedValue<string | null>({
  key: 'virt-deck.instance-detail',
  storage: webStorage('session'),
  parse: (raw) => (typeof raw === 'string' && raw.length <= 255 ? raw : null),
});

/** So does the tab shown. */
const storedTab = storedValue<DetailTabId>({
  key: 'virt-deck.instance-detail-tab',
  storage: webStorage('session'),
  parse: (raw) => (isDetailTab(raw) ? raw : 'overview'),
});

/** The instance detail store. */
export const useInstanceDetailStore = create<InstanceDetailStore>()((set, get) => {
  // One counter per kind of request: an answer is applied only if it is the latest of its kind and still about the
  // open instance (a slow answer for the previous instance must not land on this one).
  const latest = { show: 0, xml: 0, actions: 0, image: 0 };
  const current = (kind: keyof typeof latest, request: number, uuid: string) => request === latest[kind] && get().uuid === uuid;

  const fetchShown = async (uuid: string): Promise<void> => {
    const request = ++latest.show;
    try {
      const shown = await backend().call('instances.show', { ref: uuid });
      if (current('show', request, uuid)) set({ instance: shown, error: null });
      if (current('show', request, uuid)) await fetchImageName(uuid, shown.imageId);
    } catch (error) {
      if (current('show', request, uuid)) set({ error: errorMessage(error) });
    }
  };
  const fetchImageName = async (uuid: string, imageId: string | null): Promise<void> => {
    const request = ++latest.image;
    if (imageId === null) {
      set({ imageName: null });
      return;
    }
    try {
      const image = await backend().call('images.show', { ref: imageId });
      if (current('image', request, uuid)) set({ imageName: image.name });
    } catch {
      // A deleted image: the overview shows its id alone.
      if (current('image', request, uuid)) set({ imageName: null });
    }
  };
  /** Load one tab's data into `key`: the last value stays while reloading, so a refresh does not blank the tab. */
  const loadInto = async <K extends 'xml' | 'actionLog'>(key: K, uuid: string, fetch: () => Promise<NonNullable<InstanceDetailStore[K]['value']>>): Promise<void> => {
    const kind = key === 'xml' ? 'xml' : 'actions';
    const request = ++latest[kind];
    set((s) => ({ [key]: { ...s[key], loading: true } }) as Pick<InstanceDetailStore, K>);
    try {
      const value = await fetch();
      if (current(kind, request, uuid)) set({ [key]: { loading: false, value, error: null } } as Pick<InstanceDetailStore, K>);
    } catch (error) {
      if (current(kind, request, uuid)) set((s) => ({ [key]: { loading: false, value: s[key].value, error: errorMessage(error) } }) as Pick<InstanceDetailStore, K>);
    }
  };
  /** Load what a tab needs (only the Hardware and Action log tabs read anything beyond the instance). */
  const fetchForTab = async (uuid: string, tab: DetailTabId): Promise<void> => {
    if (tab === 'hardware') await loadInto('xml', uuid, () => backend().call('instances.xml', { ref: uuid }));
    else if (tab === 'actions') await loadInto('actionLog', uuid, () => backend().call('instances.actions', { ref: uuid }));
  };

  return {
    uuid: stored.read(),
    instance: null,
    error: null,
    tab: storedTab.read() ?? 'overview',
    imageName: null,
    xml: NOT_LOADED,
    actionLog: NOT_LOADED,
    async open(uuid) {
      stored.write(uuid);
      if (uuid === null) {
        for (const kind of Object.keys(latest) as (keyof typeof latest)[]) latest[kind]++;
        set({ uuid: null, instance: null, error: null, imageName: null, xml: NOT_LOADED, actionLog: NOT_LOADED });
        return;
      }
      const same = uuid === get().uuid && get().instance !== null;
      const row = useInstancesStore.getState().rows?.find((instance) => instance.uuid === uuid) ?? null;
      if (!same) set({ uuid, instance: row, error: null, imageName: null, xml: NOT_LOADED, actionLog: NOT_LOADED });
      await Promise.all([fetchShown(uuid), fetchForTab(uuid, get().tab)]);
    },
    async selectTab(tab) {
      storedTab.write(tab);
      set({ tab });
      const { uuid } = get();
      if (uuid !== null) await fetchForTab(uuid, tab);
    },
    async refresh() {
      const { uuid, tab } = get();
      if (uuid !== null) await Promise.all([fetchShown(uuid), fetchForTab(uuid, tab)]);
    },
    applyChanges(changes) {
      const { uuid, instance, tab } = get();
      if (uuid === null) return;
      const changed = changes.instances.find((candidate) => candidate.uuid === uuid);
      const base = changed ?? instance;
      const next = base === null ? null : followHosts(changes)(base);
      if (next !== instance) set({ instance: next });
      // The instance itself changed (an action ran, its domain changed state): the log and the live XML moved too.
      if (changed !== undefined && changed.vmState !== 'deleted') void fetchForTab(uuid, tab);
    },
  };
});
