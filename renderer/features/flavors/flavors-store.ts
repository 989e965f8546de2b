import { createListStore } from '../../shared/stores/list-store';

/** The flavors (`flavors.list`). */
export const useFlavorsStore = createListStore('flavors.list');
