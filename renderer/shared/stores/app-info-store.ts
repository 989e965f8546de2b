import { create } from 'zustand';
import type { AppInfo } from '../../../common/contract/schemas';
import { backend } from '../backend/current-backend';
import { errorMessage, type LoadState } from './load-state';

/** What this installation is (`app.info`). */
export interface AppInfoStore extends LoadState {
  readonly info: AppInfo | null;
  load(): Promise<void>;
}

/** The app info store. */
export const useAppInfoStore = create<AppInfoStore>()((set) => ({
  info: null,
  loading: false,
  error: null,
  async load() {
    set({ loading: true });
    try {
      const info = await backend().call('app.info', {});
      set({ info, error: null, loading: false });
    } catch (error) {
      set({ error: errorMessage(error), loading: false });
    }
  },
}));

/** The local libvirtd socket found by main, or null. */
export const selectLocalLibvirtSocket = (store: AppInfoStore): string | null => store.info?.localLibvirt.socketPath ?? null;
