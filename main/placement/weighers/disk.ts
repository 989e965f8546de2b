import { fillFree, type HostWeigher } from '../weigher';

/** DiskWeigher: free disk (GiB) under Placement's capacity; more free wins with a positive multiplier. */
export const diskWeigher: HostWeigher = {
  name: 'DiskWeigher',
  multiplierOption: 'disk_weight_multiplier',
  configMultiplier: (c) => c.diskWeightMultiplier,
  minval: 0,
  prepare({ table, usage }) {
    return { fill: (candidates, count, out) => fillFree(table.diskCapacity, usage.diskUsed, candidates, count, out) };
  },
};
