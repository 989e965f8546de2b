import { effectiveQuotaLimits, QUOTA_RESOURCES, type QuotaLimits, type QuotaResource, type QuotaUsage } from '../../quota/limits';
import { projectQuotaSchema } from '../../quota/validation';
import { InvalidInputError } from '../errors';
import type { InstanceUsage, ProjectRecord } from '../model';
import type { InventoryRepositories, InventoryStore } from '../repositories';
import { resolveProject } from './resolve';

/** One line of `quota show`: limit, whether it is the default, and usage counted from instances. */
export interface QuotaLine {
  readonly resource: QuotaResource;
  readonly limit: number;
  readonly isDefault: boolean;
  readonly inUse: number;
}

/** A project's quota with usage. */
export interface QuotaReport {
  readonly project: ProjectRecord;
  readonly lines: readonly QuotaLine[];
}

/** Limits to set; `null` puts a resource back to the default. */
export type QuotaUpdate = Partial<Record<QuotaResource, number | null>>;

/** Quota management. */
export interface QuotaService {
  show(projectRef?: string): QuotaReport;
  set(projectRef: string | undefined, update: QuotaUpdate): QuotaReport;
}

/** Limits in force for a project: its overrides over the defaults. */
export function projectQuotaLimits(repos: InventoryRepositories, projectId: string): QuotaLimits {
  return effectiveQuotaLimits({ quota: repos.quotas.overrides(projectId) });
}

/** A project's usage in the quota module's terms. */
export function quotaUsageOf(usage: InstanceUsage): QuotaUsage {
  return { instances: usage.instances, cores: usage.vcpus, ram: usage.ramMiB, disk: usage.diskGiB };
}

/** Quota management over a store. */
export function quotaService(store: InventoryStore): QuotaService {
  const report = (repos: InventoryRepositories, project: ProjectRecord): QuotaReport => {
    const overrides = repos.quotas.overrides(project.id);
    const limits = projectQuotaLimits(repos, project.id);
    const usage = quotaUsageOf(repos.instances.usageOfProject(project.id));
    const lines = QUOTA_RESOURCES.map((resource) => ({
      resource,
      limit: limits[resource],
      isDefault: overrides[resource] === undefined,
      inUse: usage[resource],
    }));
    return { project, lines };
  };
  return {
    show: (projectRef) => store.read((repos) => report(repos, resolveProject(repos, projectRef))),
    set(projectRef, update) {
      const limits = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== null));
      const parsed = projectQuotaSchema.safeParse(limits);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
        throw new InvalidInputError(`Invalid quota: ${problems.join('; ')}`);
      }
      if (Object.keys(update).length === 0) throw new InvalidInputError(`Nothing to set: give at least one of ${QUOTA_RESOURCES.join(', ')}`);
      return store.write((repos) => {
        const project = resolveProject(repos, projectRef);
        for (const resource of QUOTA_RESOURCES) {
          const value = update[resource];
          if (value === null) repos.quotas.clear(project.id, resource);
          else if (value !== undefined) repos.quotas.set(project.id, resource, value);
        }
        return report(repos, project);
      });
    },
  };
}
