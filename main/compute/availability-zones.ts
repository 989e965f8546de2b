// The availability zones the create wizard offers: every zone some host is in, by the scheduler's own rule
// (the host's zone, else its aggregates' availability_zone metadata, else the default zone).
import type { AvailabilityZone } from '../../common/contract/create-schemas';
import type { InventoryStore } from '../inventory/repositories';
import { hostZones, resolveSchedulerConfig } from '../placement';
import type { SchedulerConfig } from '../placement/types';
import { loadHostStates } from './claim-hosts';

/** Zones with their hosts, by name; hosts in each zone by name. */
export function listAvailabilityZones(store: InventoryStore, schedulerConfig?: Partial<SchedulerConfig>): AvailabilityZone[] {
  const config = resolveSchedulerConfig(schedulerConfig);
  const zones = new Map<string, string[]>();
  for (const host of store.read((repos) => loadHostStates(repos).states)) {
    for (const zone of hostZones(host, config)) zones.set(zone, [...(zones.get(zone) ?? []), host.name]);
  }
  return [...zones]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, hosts]) => ({ name, hosts: hosts.sort((a, b) => a.localeCompare(b)) }));
}
