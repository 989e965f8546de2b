import { create } from 'zustand';
import type { ActivityChanged, ActivityItem } from '../../../common/contract/schemas';
import type { Backend } from '../../shared/backend/backend';
import { backend } from '../../shared/backend/current-backend';
import { useConnectionStore } from '../../shared/stores/connection-store';
import { errorMessage, type LoadState } from '../../shared/stores/load-state';
import { mergeActivities, orderActivities } from './activity-model';

/** Running and recent activities (`activity.list`, then `activity.changed`), and whether the panel is open. */
export interface ActivityStore extends LoadState {
  /** Null until loaded. */
  readonly items: readonly ActivityItem[] | null;
  readonly open: boolean;
  load(): Promise<void>;
  applyChanges(change: ActivityChanged): void;
  setOpen(open: boolean): void;
}

/** The activity store. */
export const useActivityStore = create<ActivityStore>()((set, get) => {
  let loads = 0;
  return {
    items: null,
    open: false,
    loading: false,
    error: null,
    async load() {
      const mine = ++loads;
      set({ loading: true });
      try {
        const listed = await backend().call('activity.list', {});
        // A later load wins; changes pushed while this one was on its way are in main's answer already.
        if (mine === loads) set({ items: orderActivities(listed), loading: false, error: null });
      } catch (error) {
        if (mine === loads) set({ loading: false, error: errorMessage(error) });
      }
    },
    applyChanges(change) {
      set({ items: mergeActivities(get().items ?? [], change) });
    },
    setOpen: (open) => set({ open }),
  };
});

/**
 * Follow `activity.changed` into the store, and load the list each time the connection comes up (main may have
 * restarted; what changed while the connection was down comes with the load). Returns the unsubscribe.
 */
export function followActivity(source: Backend): () => void {
  const unsubscribe = source.subscribe('activity.changed', (change) => useActivityStore.getState().applyChanges(change));
  let wasConnected = useConnectionStore.getState().state.status === 'connected';
  if (wasConnected) void useActivityStore.getState().load();
  const unwatch = useConnectionStore.subscribe((store) => {
    const connected = store.state.status === 'connected';
    if (connected && !wasConnected) void useActivityStore.getState().load();
    wasConnected = connected;
  });
  return () => {
    unwatch();
    unsubscribe();
  };
}
