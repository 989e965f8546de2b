import { fillFree, type HostWeigher } from '../weigher';

/** RAMWeigher: free RAM (MiB) under Placement's capacity; more free RAM wins (spreading) with a positive multiplier. */
export const ramWeigher: HostWeigher = {
  name: 'RAMWeigher',
  multiplierOption: 'ram_weight_multiplier',
  configMultiplier: (c) => c.ramWeightMultiplier,
  minval: 0,
  prepare({ table, usage }) {
    return { fill: (candidates, count, out) => fillFree(table.ramCapacity, usage.ramUsed, candidates, count, out) };
  },
};
