import { membersOn } from '../host-instances';
import type { HostWeigher } from '../weigher';

/** ServerGroupSoftAffinityWeigher: under `soft-affinity`, hosts holding more members of the group win. */
export const serverGroupSoftAffinityWeigher: HostWeigher = {
  name: 'ServerGroupSoftAffinityWeigher',
  multiplierOption: 'soft_affinity_weight_multiplier',
  configMultiplier: (c) => c.softAffinityWeightMultiplier,
  prepare(ctx) {
    if (ctx.request.serverGroup?.policy !== 'soft-affinity') return undefined;
    return {
      fill: (candidates, count, out) => {
        for (let j = 0; j < count; j++) out[j] = membersOn(ctx, candidates[j]!);
      },
    };
  },
};
