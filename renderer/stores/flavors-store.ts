import { createListStore } from './list-store';

/** The flavors (`flavors.list`). */
export const useFlavorsStore = createListStore('flavors.list');
