import { InvalidInputError, NotFoundError } from '../errors';
import type { FlavorRecord, HostRecord, InstanceRecord, ProjectRecord, ServerGroupRecord } from '../model';
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

/** The host named or identified by `ref`. */
export function resolveHost(repos: InventoryRepositories, ref: string): HostRecord {
  const host = repos.hosts.getByName(ref) ?? repos.hosts.get(ref);
  if (!host) throw new NotFoundError('Host', ref);
  return host;
}

/**
 * The instance with UUID `ref`, else the one live instance named `ref`. Names need not be unique (as in Nova): a name
 * several instances share is refused with a hint, like novaclient's "Multiple server matches found".
 */
export function resolveInstance(repos: InventoryRepositories, ref: string): InstanceRecord {
  const byUuid = repos.instances.get(ref);
  if (byUuid) return byUuid;
  const matches = repos.instances.list().filter((instance) => instance.name === ref);
  const [first, second] = matches;
  if (!first) throw new NotFoundError('Instance', ref);
  if (second) throw new InvalidInputError(`Multiple instances are named ${ref} (${matches.map((m) => m.uuid).join(', ')}): use the UUID`);
  return first;
}
