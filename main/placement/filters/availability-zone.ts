import { aggregateMetadataValues } from '../aggregates';
import type { HostFilter } from '../filter';
import { formatList } from '../format';
import type { HostState, SchedulerConfig } from '../types';

/**
 * Zones a host is in: its own `availabilityZone` when the inventory set one, else its aggregates'
 * `availability_zone` metadata (Nova's source), else the default zone.
 */
export function hostZones(host: HostState, config: SchedulerConfig): readonly string[] {
  if (host.availabilityZone) return [host.availabilityZone];
  const fromAggregates = aggregateMetadataValues(host, 'availability_zone');
  return fromAggregates.length > 0 ? fromAggregates : [config.defaultAvailabilityZone];
}

/** AvailabilityZoneFilter: with a requested zone, the host must be in it. */
export const availabilityZoneFilter: HostFilter = {
  name: 'AvailabilityZoneFilter',
  prepare({ request, hosts, config }) {
    const zone = request.availabilityZone;
    if (!zone) return undefined;
    return {
      rejects: (i) => {
        const h = hosts[i]!;
        // Fast path: an explicit zone needs no aggregate scan.
        if (h.availabilityZone) return h.availabilityZone !== zone;
        return !hostZones(h, config).includes(zone);
      },
      reason: (i) => `availability zone ${JSON.stringify(zone)} requested; host is in ${formatList(hostZones(hosts[i]!, config))}`,
    };
  },
};
