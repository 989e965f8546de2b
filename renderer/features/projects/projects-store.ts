import { createListStore } from '../../shared/stores/list-store';

/** The projects (`projects.list`). */
export const useProjectsStore = createListStore('projects.list');
