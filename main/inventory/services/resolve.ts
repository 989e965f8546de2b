import { InvalidInputError, NotFoundError } from '../errors';
import type { FlavorRecord, ProjectRecord, ServerGroupRecord } from '../model';
import type { InventoryRepositories } from '../repositories';
import { ADMIN_PROJECT_NAME } from '../sqlite/seed';

// Users name things; ids are for scripts. Every lookup accepts either, as the nova and openstack clients do.

/** The project named or identified by `ref`; `undefined` means the default project (admin). */
export function resolveProject(repos: InventoryRepositories, ref: string | undefined): ProjectRecord {
  const wanted = ref ?? ADMIN_PROJECT_NAME;
  const project = repos.projects.getByName(wanted) ?? repos.projects.get(wanted);
  if (!project) throw new NotFoundError('Project', wanted);
  return project;
}

/** The flavor named or identified by `ref` (ids first, like novaclient's find). */
export function resolveFlavor(repos: InventoryRepositories, ref: string): FlavorRecord {
  const flavor = repos.flavors.get(ref) ?? repos.flavors.getByName(ref);
  if (!flavor) throw new NotFoundError('Flavor', ref);
  return flavor;
}

/** The server group `ref` (id, or name within `projectRef` when given, else a name that is unique across projects). */
export function resolveServerGroup(repos: InventoryRepositories, ref: string, projectRef?: string): ServerGroupRecord {
  const byId = repos.serverGroups.get(ref);
  if (byId) return byId;
  let matches = repos.serverGroups.findByName(ref);
  if (projectRef !== undefined) {
    const project = resolveProject(repos, projectRef);
    matches = matches.filter((g) => g.projectId === project.id);
  }
  const [first, second] = matches;
  if (!first) throw new NotFoundError('Server group', ref);
  if (second) throw new InvalidInputError(`Several server groups are named ${ref}: give its id or --project`);
  return first;
}
