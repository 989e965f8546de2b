import { randomUUID } from 'node:crypto';
import { validateProject } from '../../quota/validation';
import { AlreadyExistsError } from '../errors';
import type { ProjectRecord } from '../model';
import type { InventoryStore } from '../repositories';
import { resolveProject } from './resolve';
import { valueOrThrow } from './validation';

/** What `project create` takes. */
export interface CreateProjectInput {
  readonly name: string;
  readonly description?: string;
}

/** Project management. */
export interface ProjectService {
  list(): ProjectRecord[];
  show(ref: string): ProjectRecord;
  create(input: CreateProjectInput): ProjectRecord;
}

/** Project management over a store. */
export function projectService(store: InventoryStore): ProjectService {
  return {
    list: () => store.projects.list(),
    show: (ref) => store.read((repos) => resolveProject(repos, ref)),
    create(input) {
      const project = valueOrThrow(
        validateProject({ id: randomUUID(), name: input.name, description: input.description ?? '', enabled: true }),
      );
      return store.write((repos) => {
        if (repos.projects.getByName(project.name)) throw new AlreadyExistsError('Project', project.name);
        return repos.projects.insert({ id: project.id, name: project.name, description: project.description ?? '' });
      });
    },
  };
}
