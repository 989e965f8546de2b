import type { InventoryStore } from '../repositories';
import { flavorService, type FlavorService } from './flavors';
import { projectService, type ProjectService } from './projects';
import { quotaService, type QuotaService } from './quotas';
import { serverGroupService, type ServerGroupService } from './server-groups';

export type { CreateFlavorInput, FlavorDetails, FlavorService } from './flavors';
export type { CreateProjectInput, ProjectService } from './projects';
export { projectQuotaLimits, quotaUsageOf } from './quotas';
export type { QuotaLine, QuotaReport, QuotaService, QuotaUpdate } from './quotas';
export { resolveFlavor, resolveHost, resolveInstance, resolveProject, resolveServerGroup } from './resolve';
export type { CreateServerGroupInput, ServerGroupService, ServerGroupView } from './server-groups';

/** Every inventory service over one store. */
export interface InventoryServices {
  readonly flavors: FlavorService;
  readonly projects: ProjectService;
  readonly quotas: QuotaService;
  readonly serverGroups: ServerGroupService;
}

/** Build the services over a store. */
export function inventoryServices(store: InventoryStore): InventoryServices {
  return {
    flavors: flavorService(store),
    projects: projectService(store),
    quotas: quotaService(store),
    serverGroups: serverGroupService(store),
  };
}
