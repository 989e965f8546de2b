import { create } from 'zustand';
import type { ArgsOf } from '../../../common/contract/channels';
import type { HostNetwork, StoragePool } from '../../../common/contract/schemas';
import { backend } from '../../shared/backend/current-backend';
import { useHostsStore } from '../../shared/stores/hosts-store';
import { errorMessage } from '../../shared/stores/load-state';

/** What editing a host may change (`hosts.update` without the id). */
export type HostEdit = Omit<ArgsOf<'hosts.update'>, 'id'>;

/** A host's libvirt networks and storage pools, asked of the host itself (so they load, fail and retry per host). */
export interface HostTargets {
  readonly loading: boolean;
  readonly error: string | null;
  readonly networks: readonly HostNetwork[] | null;
  readonly defaultNetwork: string | null;
  readonly pools: readonly StoragePool[] | null;
  readonly defaultPool: string | null;
}

/** The host details panel: which host is open, its networks and pools, and editing it. */
export interface HostDetailsStore {
  /** The host whose details are open, by id; null: none. */
  readonly selectedId: string | null;
  readonly targets: Readonly<Record<string, HostTargets>>;
  /** A `hosts.update` is running. */
  readonly saving: boolean;
  /** Why the last `hosts.update` failed, as main said it; null after a success. */
  readonly saveError: string | null;
  select(hostId: string | null): void;
  /** Ask the host for its networks and pools (both at once; each failure is kept with its reason). */
  loadTargets(hostId: string): Promise<void>;
  /** Change a host; resolves to whether main accepted it (the hosts list shows the new row at once). */
  update(hostId: string, edit: HostEdit): Promise<boolean>;
  clearSaveError(): void;
}

const EMPTY: HostTargets = { loading: false, error: null, networks: null, defaultNetwork: null, pools: null, defaultPool: null };

/** The host details store. */
export const useHostDetailsStore = create<HostDetailsStore>()((set, get) => {
  const patchTargets = (hostId: string, patch: Partial<HostTargets>) =>
    set((s) => ({ targets: { ...s.targets, [hostId]: { ...(s.targets[hostId] ?? EMPTY), ...patch } } }));
  // Per host, the latest loadTargets asked: a slower, older answer (a Refresh, a URI change) must not overwrite a newer one.
  const latest = new Map<string, number>();
  return {
    selectedId: null,
    targets: {},
    saving: false,
    saveError: null,
    select(hostId) {
      set({ selectedId: hostId, saveError: null });
    },
    async loadTargets(hostId) {
      const request = (latest.get(hostId) ?? 0) + 1;
      latest.set(hostId, request);
      patchTargets(hostId, { loading: true });
      const [networks, pools] = await Promise.allSettled([backend().call('networks.list', { host: hostId }), backend().call('pools.list', { host: hostId })]);
      if (latest.get(hostId) !== request) return;
      // Both asked of the same host: one reason is enough (an unreachable host fails both the same way).
      const failure = [networks, pools].find((r) => r.status === 'rejected');
      patchTargets(hostId, {
        loading: false,
        error: failure === undefined ? null : errorMessage(failure.reason),
        ...(networks.status === 'fulfilled' ? { networks: networks.value.networks, defaultNetwork: networks.value.defaultNetwork } : {}),
        ...(pools.status === 'fulfilled' ? { pools: pools.value.pools, defaultPool: pools.value.defaultPool } : {}),
      });
    },
    async update(hostId, edit) {
      set({ saving: true, saveError: null });
      try {
        const host = await backend().call('hosts.update', { id: hostId, ...edit });
        useHostsStore.getState().applyChanges({ instances: [], hosts: [host], removedHosts: [] });
        set({ saving: false });
        // A new URI may reach another libvirtd: what was listed before says nothing about it.
        if (edit.uri !== undefined && get().targets[hostId] !== undefined) void get().loadTargets(hostId);
        return true;
      } catch (error) {
        set({ saving: false, saveError: errorMessage(error) });
        return false;
      }
    },
    clearSaveError() {
      set({ saveError: null });
    },
  };
});

/** A host's networks and pools as loaded so far (nothing asked yet: empty, not loading). */
export const selectTargets =
  (hostId: string) =>
  (store: HostDetailsStore): HostTargets =>
    store.targets[hostId] ?? EMPTY;
