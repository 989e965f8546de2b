import { useInstanceDetailStore } from '../features/instance-detail/instance-detail-store';
import type { Backend } from '../shared/backend/backend';
import { useHostsStore } from '../shared/stores/hosts-store';
import { useInstancesStore } from '../shared/stores/instances-store';

/** Follow `inventory.changed` (one subscription for the whole UI) into the stores it concerns; returns the unsubscribe. */
export function followInventory(backend: Backend): () => void {
  return backend.subscribe('inventory.changed', (changes) => {
    useHostsStore.getState().applyChanges(changes);
    useInstancesStore.getState().applyChanges(changes);
    useInstanceDetailStore.getState().applyChanges(changes);
  });
}
