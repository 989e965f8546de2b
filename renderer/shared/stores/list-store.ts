import { create } from 'zustand';
import type { ArgsOf, ResultOf } from '../../../common/contract/channels';
import { backend } from '../backend/current-backend';
import { errorMessage, type LoadState } from './load-state';

/** Channels that list rows and take no arguments. */
export type ListChannel = 'flavors.list' | 'projects.list' | 'images.list' | 'keypairs.list';

/** A store holding one list from main. */
export interface ListStore<Row> extends LoadState {
  /** Null until the first successful load. */
  readonly rows: readonly Row[] | null;
  load(): Promise<void>;
}

/** Every list store made, so a reconnect can reload those that were loaded (see {@link reloadLoadedLists}). */
const listStores = new Set<{ getState(): ListStore<unknown> }>();

/**
 * Reload every list store that has been loaded or tried (rows, or an error shown): after a reconnect main may have
 * changed anything, and a screen whose load failed while offline should recover on its own.
 */
export async function reloadLoadedLists(): Promise<void> {
  await Promise.all([...listStores].map((store) => store.getState()).filter((list) => list.rows !== null || list.error !== null).map((list) => list.load()));
}

/** Build the store for one list channel (every list store has this same shape). */
export function createListStore<C extends ListChannel>(channel: C) {
  type Row = ResultOf<C>[number];
  const store = create<ListStore<Row>>()((set) => {
    let latest = 0;
    return {
      rows: null,
      loading: false,
      error: null,
      async load() {
        const request = ++latest;
        set({ loading: true });
        try {
          const rows = (await backend().call(channel, {} as ArgsOf<C>)) as readonly Row[];
          // A slower, older request must not overwrite a newer answer.
          if (request === latest) set({ rows, error: null, loading: false });
        } catch (error) {
          if (request === latest) set({ error: errorMessage(error), loading: false });
        }
      },
    };
  });
  listStores.add(store);
  return store;
}
