import { create } from 'zustand';
import { errorMessage } from './load-state';

/** What an admin screen's commands hold: which ones run, and why each last failed (as main said it). */
export interface ActionStore {
  /** The keys of the commands running (`import`, `delete:<name>`): several can run at once (a long import and a delete). */
  readonly busy: ReadonlySet<string>;
  /** Per command key, why its last run failed; a key is absent when it did not fail. */
  readonly errors: ReadonlyMap<string, string>;
  /** Run one command; resolves to its result, or null when it failed (the reason is in `errors`). Starting it clears only its own error. */
  run<T>(key: string, command: () => Promise<T>): Promise<T | null>;
  /** Forget why the command `key` failed. */
  clearError(key: string): void;
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

function withoutKey(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const next = new Set(set);
  next.delete(key);
  return next;
}

/**
 * A store for one screen's commands. Commands with different keys run side by side, each with its own busy mark and
 * error, so one finishing neither re-enables the other's button nor erases the other's error; a button is disabled
 * while its own key runs.
 */
export function createActionStore() {
  return create<ActionStore>()((set) => ({
    busy: new Set<string>(),
    errors: new Map<string, string>(),
    async run<T>(key: string, command: () => Promise<T>): Promise<T | null> {
      set((s) => ({ busy: new Set(s.busy).add(key), errors: without(s.errors, key) }));
      try {
        const result = await command();
        set((s) => ({ busy: withoutKey(s.busy, key) }));
        return result;
      } catch (error) {
        set((s) => ({ busy: withoutKey(s.busy, key), errors: new Map(s.errors).set(key, errorMessage(error)) }));
        return null;
      }
    },
    clearError(key: string) {
      set((s) => ({ errors: without(s.errors, key) }));
    },
  }));
}

/** A zustand hook over an {@link ActionStore}. */
export type ActionStoreHook = ReturnType<typeof createActionStore>;

/** Whether the command `key` runs, why it last failed (null: it did not), and forgetting that. */
export function useAction(store: ActionStoreHook, key: string): { readonly busy: boolean; readonly error: string | null; readonly clearError: () => void } {
  const busy = store((s) => s.busy.has(key));
  const error = store((s) => s.errors.get(key) ?? null);
  const clearErrorOf = store((s) => s.clearError);
  return { busy, error, clearError: () => clearErrorOf(key) };
}
