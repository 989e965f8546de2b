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

/** Build the store for one list channel (every list store has this same shape). */
export function createListStore<C extends ListChannel>(channel: C) {
  type Row = ResultOf<C>[number];
  return create<ListStore<Row>>()((set) => {
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
}
