import type { Backend } from '../backend/backend';
import { useHostsStore } from './hosts-store';
import { useInstancesStore } from './instances-store';

/** Follow `inventory.changed` (one subscription for the whole UI) into the stores it concerns; returns the unsubscribe. */
export function followInventory(backend: Backend): () => void {
  return backend.subscribe('inventory.changed', (changes) => {
    useHostsStore.getState().applyChanges(changes);
    useInstancesStore.getState().applyChanges(changes);
  });
}
