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

/** A zustand hook over an {@link ActionStore}. */
export type ActionStoreHook = ReturnType<typeof createActionStore>;

/** Whether the command `key` runs, why it last failed (null: it did not), and forgetting that. */
export function useAction(store: ActionStoreHook, key: string): { readonly busy: boolean; readonly error: string | null; readonly clearError: () => void } {
  const busy = store((s) => s.busy === key);
  const error = store((s) => (s.error?.key === key ? s.error.message : null));
  const clearError = store((s) => s.clearError);
  return { busy, error, clearError };
}
