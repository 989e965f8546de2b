import type { Project } from '../../common/model/project';

/** Resources we count quotas for. Nova counts instances, cores and ram; `disk` (GiB) is our addition. */
export type QuotaResource = 'cores' | 'disk' | 'instances' | 'ram';

/** Every quota resource, alphabetically: Nova reports over-quota resources in this (sorted) order. */
export const QUOTA_RESOURCES: readonly QuotaResource[] = ['cores', 'disk', 'instances', 'ram'];

/** The limit value meaning "no limit", as in Nova. */
export const UNLIMITED = -1;

/** Limits per resource; −1 is unlimited. `ram` is in MiB, `disk` in GiB. */
export type QuotaLimits = Readonly<Record<QuotaResource, number>>;

/** What a project uses now, counted from its instances (Nova counts usage, it does not track reservations). */
export type QuotaUsage = Readonly<Record<QuotaResource, number>>;

/** What a request adds; absent resources add nothing. */
export type QuotaDelta = Readonly<Partial<Record<QuotaResource, number>>>;

/**
 * Default limits: Nova's quota defaults (instances 10, cores 20, ram 51200 MiB).
 * Nova has no disk quota, so disk defaults to unlimited; operators may set one per project.
 */
export const DEFAULT_QUOTA_LIMITS: QuotaLimits = Object.freeze({
  instances: 10,
  cores: 20,
  ram: 51200,
  disk: UNLIMITED,
});

/** Zero usage, for a project with no instances. */
export const EMPTY_QUOTA_USAGE: QuotaUsage = Object.freeze({ instances: 0, cores: 0, ram: 0, disk: 0 });

/** Limits that apply to a project: its overrides on top of the defaults (Nova's project quota over the default class). */
export function effectiveQuotaLimits(project: Pick<Project, 'quota'>, defaults: QuotaLimits = DEFAULT_QUOTA_LIMITS): QuotaLimits {
  const overrides = project.quota ?? {};
  return {
    instances: overrides.instances ?? defaults.instances,
    cores: overrides.cores ?? defaults.cores,
    ram: overrides.ram ?? defaults.ram,
    disk: overrides.disk ?? defaults.disk,
  };
}
