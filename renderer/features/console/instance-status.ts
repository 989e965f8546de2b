import { useInstancesStore } from '../../shared/stores/instances-store';

/** An instance's status as the instances store knows it (ACTIVE, SHUTOFF, …), or null when not loaded. */
export function instanceStatusOf(uuid: string): string | null {
  return useInstancesStore.getState().rows?.find((instance) => instance.uuid === uuid)?.status ?? null;
}

/** Call `listener` whenever the instances store changes; returns the unsubscribe function. */
export function onInstancesChange(listener: () => void): () => void {
  return useInstancesStore.subscribe(listener);
}

/** Load the instance list if nobody has (a pop-out window): reconnects follow the instance's status. */
export function ensureInstancesLoaded(): void {
  const state = useInstancesStore.getState();
  if (state.rows === null && !state.loading) void state.load();
}
