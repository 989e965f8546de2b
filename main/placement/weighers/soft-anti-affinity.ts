import { membersOn } from '../host-instances';
import type { HostWeigher } from '../weigher';

/** ServerGroupSoftAntiAffinityWeigher: under `soft-anti-affinity`, the raw value is minus the members on the host, so fewer wins. */
export const serverGroupSoftAntiAffinityWeigher: HostWeigher = {
  name: 'ServerGroupSoftAntiAffinityWeigher',
  multiplierOption: 'soft_anti_affinity_weight_multiplier',
  configMultiplier: (c) => c.softAntiAffinityWeightMultiplier,
  prepare(ctx) {
    if (ctx.request.serverGroup?.policy !== 'soft-anti-affinity') return undefined;
    return {
      fill: (candidates, count, out) => {
        for (let j = 0; j < count; j++) out[j] = 0 - membersOn(ctx, candidates[j]!); // 0 − x, not −x: no −0 in explanations
      },
    };
  },
};
