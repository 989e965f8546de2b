import { create } from 'zustand';
import { errorMessage } from './load-state';

/** What an admin screen's commands hold: which one runs, and why the last one failed (as main said it). */
export interface ActionStore {
  /** The key of the command running (`import`, `delete:<name>`); null when none. */
  readonly busy: string | null;
  readonly error: { readonly key: string; readonly message: string } | null;
  /** Run one command; resolves to its result, or null when it failed (the reason is in `error`). */
  run<T>(key: string, command: () => Promise<T>): Promise<T | null>;
  clearError(): void;
}

/** A store for one screen's commands (one at a time: the buttons are disabled while one runs). */
export function createActionStore() {
  return create<ActionStore>()((set) => ({
    busy: null,
    error: null,
    async run<T>(key: string, command: () => Promise<T>): Promise<T | null> {
      set({ busy: key, error: null });
      try {
        const result = await command();
        set({ busy: null });
        return result;
      } catch (error) {
        set({ busy: null, error: { key, message: errorMessage(error) } });
        return null;
      }
    },
    clearError() {
      set({ error: null });
    },
  }));
}
