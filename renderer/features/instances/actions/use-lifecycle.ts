import { useMemo } from 'react';
import type { Instance } from '../../../../common/contract/schemas';
import { selectIsConnected, useConnectionStore } from '../../../shared/stores/connection-store';
import { useInstanceActionsStore } from '../../../shared/stores/instance-actions-store';
import { availability, availabilityTitle, lifecycleSlots, type Availability, type LifecycleAction } from './lifecycle';

/** A button of the bar or menu as shown now. */
export interface LifecycleEntry {
  readonly action: LifecycleAction;
  readonly availability: Availability;
  readonly tooltip: string;
}

/** The lifecycle buttons for these instances with whether each may be pressed and why not (live: connection, pending). */
export function useLifecycleEntries(instances: readonly Instance[]): LifecycleEntry[] {
  const connected = useConnectionStore(selectIsConnected);
  const pending = useInstanceActionsStore((s) => s.pending);
  return useMemo(
    () =>
      lifecycleSlots(instances).map((action) => {
        const a = availability(action, instances, { connected, pending });
        return { action, availability: a, tooltip: availabilityTitle(action, a) };
      }),
    [instances, connected, pending],
  );
}

/** Whether `action` may be pressed for `instances` now, read from the stores (for handlers: a second click sees the first's pending mark). */
export function availabilityNow(action: LifecycleAction, instances: readonly Instance[]): Availability {
  return availability(action, instances, { connected: selectIsConnected(useConnectionStore.getState()), pending: useInstanceActionsStore.getState().pending });
}

/** Whether `action` may be pressed for `instances` (live: connection, pending). */
export function useAvailability(action: LifecycleAction, instances: readonly Instance[]): Availability {
  const connected = useConnectionStore(selectIsConnected);
  const pending = useInstanceActionsStore((s) => s.pending);
  return useMemo(() => availability(action, instances, { connected, pending }), [action, instances, connected, pending]);
}
