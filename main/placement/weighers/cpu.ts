import { fillFree, type HostWeigher } from '../weigher';

/** CPUWeigher: free vCPUs under Placement's capacity (over-commit included); more free wins with a positive multiplier. */
export const cpuWeigher: HostWeigher = {
  name: 'CPUWeigher',
  multiplierOption: 'cpu_weight_multiplier',
  configMultiplier: (c) => c.cpuWeightMultiplier,
  minval: 0,
  prepare({ table, usage }) {
    return { fill: (candidates, count, out) => fillFree(table.vcpuCapacity, usage.vcpuUsed, candidates, count, out) };
  },
};
