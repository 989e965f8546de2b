import { create } from 'zustand';
import type { Backend, ConnectionState } from '../backend/backend';

/** The connection to main, as the header shows it. */
export interface ConnectionStore {
  readonly state: ConnectionState;
  readonly backendKind: Backend['kind'] | null;
  /** Follow a backend's connection state; returns the function that stops following. */
  attach(backend: Backend): () => void;
}

/** The connection store. */
export const useConnectionStore = create<ConnectionStore>()((set) => ({
  state: { status: 'connecting' },
  backendKind: null,
  attach(backend) {
    set({ backendKind: backend.kind });
    return backend.onConnectionChange((state) => set({ state }));
  },
}));

/** Whether calls can be made now. */
export const selectIsConnected = (store: ConnectionStore): boolean => store.state.status === 'connected';
