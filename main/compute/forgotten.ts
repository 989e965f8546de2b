import type { InstanceRecord } from '../inventory/model';
import type { InventoryRepositories } from '../inventory/repositories';

/**
 * Whether a deleted instance was `forget`-ed rather than deleted: forget touches no host, so a domain and volumes it
 * left behind are the host's again — adopted like any stranger's, never swept up by recovery as leftovers of ours.
 */
export function wasForgotten(repos: InventoryRepositories, instance: Pick<InstanceRecord, 'uuid' | 'deletedAt'>): boolean {
  return instance.deletedAt !== null && repos.instanceActions.list(instance.uuid).some((action) => action.action === 'forget');
}
