import { fillFrom, type HostWeigher } from '../weigher';

/** NumInstancesWeigher: instance count; our default multiplier −1.0 makes fewer instances win (Nova's default 0.0 disables it). */
export const numInstancesWeigher: HostWeigher = {
  name: 'NumInstancesWeigher',
  multiplierOption: 'num_instances_weight_multiplier',
  configMultiplier: (c) => c.numInstancesWeightMultiplier,
  prepare({ usage }) {
    return { fill: (candidates, count, out) => fillFrom(usage.instanceCount, 1, candidates, count, out) };
  },
};
