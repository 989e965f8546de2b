import { createListStore } from './list-store';

/** The projects (`projects.list`). */
export const useProjectsStore = createListStore('projects.list');
