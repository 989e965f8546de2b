import { randomUUID } from 'node:crypto';
import { freeText, validateFlavor } from '../../quota/validation';
import { AlreadyExistsError, InvalidInputError } from '../errors';
import type { FlavorRecord } from '../model';
import type { InventoryStore, NewFlavor } from '../repositories';
import { resolveFlavor, resolveProject } from './resolve';
import { valueOrThrow } from './validation';

/** What `flavor create` takes: a new flavor (id defaults to a new UUID, Nova's "auto") plus project access. */
export interface CreateFlavorInput extends NewFlavor {
  /** Projects that may use a private flavor. */
  readonly projects?: readonly string[];
}

/** A flavor with the projects that may use it when private. */
export interface FlavorDetails extends FlavorRecord {
  readonly accessProjects: readonly string[];
}

/** Flavor management. */
export interface FlavorService {
  list(): FlavorRecord[];
  show(ref: string): FlavorDetails;
  create(input: CreateFlavorInput): FlavorDetails;
  /** Deletes the flavor; instances built from it keep their copy (as in Nova). Returns what was deleted. */
  delete(ref: string): FlavorRecord;
}

/** Flavor management over a store. */
export function flavorService(store: InventoryStore): FlavorService {
  const details = (flavor: FlavorRecord): FlavorDetails => {
    const accessProjects = store.flavors
      .projectsWithAccess(flavor.id)
      .map((id) => store.projects.get(id)?.name ?? id)
      .sort();
    return { ...flavor, accessProjects };
  };
  return {
    list: () => store.flavors.list(),
    show: (ref) => store.read((repos) => details(resolveFlavor(repos, ref))),
    create(input) {
      const isPublic = input.isPublic ?? true;
      const flavor = valueOrThrow(
        validateFlavor({
          id: input.id ?? randomUUID(),
          name: input.name,
          vcpus: input.vcpus,
          ramMiB: input.ramMiB,
          diskGiB: input.diskGiB,
          ephemeralGiB: input.ephemeralGiB ?? 0,
          swapMiB: input.swapMiB ?? 0,
          extraSpecs: input.extraSpecs ?? {},
          isPublic,
        }),
      );
      if (input.description) {
        const checked = freeText('description', 65535).safeParse(input.description);
        if (!checked.success) throw new InvalidInputError(`Invalid flavor: ${checked.error.issues.map((i) => i.message).join('; ')}`);
      }
      if (isPublic && input.projects?.length) {
        throw new InvalidInputError('Project access applies to private flavors only: add --private');
      }
      return store.write((repos) => {
        if (repos.flavors.getByName(flavor.name)) throw new AlreadyExistsError('Flavor', flavor.name);
        const projectIds = (input.projects ?? []).map((ref) => resolveProject(repos, ref).id);
        const created = repos.flavors.insert({ ...flavor, description: input.description ?? null });
        for (const projectId of projectIds) repos.flavors.grantAccess(created.id, projectId);
        return details(created);
      });
    },
    delete(ref) {
      return store.write((repos) => {
        const flavor = resolveFlavor(repos, ref);
        repos.flavors.delete(flavor.id);
        return flavor;
      });
    },
  };
}
