import { randomUUID } from 'node:crypto';
import { validateServerGroup } from '../../quota/validation';
import type { ServerGroupPolicy } from '../../../common/model/server-group';
import { AlreadyExistsError } from '../errors';
import type { ServerGroupRecord } from '../model';
import type { InventoryStore } from '../repositories';
import { resolveProject, resolveServerGroup } from './resolve';
import { valueOrThrow } from './validation';

/** What `server-group create` takes. */
export interface CreateServerGroupInput {
  readonly name: string;
  /** One of Nova's policies; validated, so any string is accepted here. */
  readonly policy: string;
  /** Defaults to the admin project. */
  readonly project?: string;
  readonly maxServerPerHost?: number;
}

/** A server group with its project's name, for display. */
export interface ServerGroupView extends ServerGroupRecord {
  readonly projectName: string;
}

/** Server group management. */
export interface ServerGroupService {
  list(projectRef?: string): ServerGroupView[];
  create(input: CreateServerGroupInput): ServerGroupView;
  /** Members stay as they are (as in Nova); returns what was deleted. */
  delete(ref: string, projectRef?: string): ServerGroupView;
}

/** Server group management over a store. */
export function serverGroupService(store: InventoryStore): ServerGroupService {
  const view = (group: ServerGroupRecord): ServerGroupView => ({
    ...group,
    projectName: store.projects.get(group.projectId)?.name ?? group.projectId,
  });
  return {
    list: (projectRef) =>
      store.read((repos) => {
        const projectId = projectRef === undefined ? undefined : resolveProject(repos, projectRef).id;
        return repos.serverGroups.list(projectId).map(view);
      }),
    create(input) {
      return store.write((repos) => {
        const project = resolveProject(repos, input.project);
        const group = valueOrThrow(
          validateServerGroup({
            id: randomUUID(),
            name: input.name,
            policy: input.policy,
            members: [],
            ...(input.maxServerPerHost === undefined ? {} : { rules: { maxServerPerHost: input.maxServerPerHost } }),
            projectId: project.id,
          }),
        );
        if (repos.serverGroups.list(project.id).some((g) => g.name === group.name)) {
          throw new AlreadyExistsError('Server group', `${group.name} in project ${project.name}`);
        }
        const policy: ServerGroupPolicy = group.policy;
        return view(repos.serverGroups.insert({ id: group.id, name: group.name, projectId: project.id, policy, rules: group.rules ?? {} }));
      });
    },
    delete(ref, projectRef) {
      return store.write((repos) => {
        const group = resolveServerGroup(repos, ref, projectRef);
        repos.serverGroups.delete(group.id);
        return view(group);
      });
    },
  };
}
