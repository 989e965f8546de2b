import { fillFrom, type HostWeigher } from '../weigher';

/**
 * BuildFailureWeigher: recent failed builds, under the negated multiplier (Nova's 1000000.0 by default), so a
 * host that keeps failing sinks below every healthy host while it stays eligible.
 */
export const buildFailureWeigher: HostWeigher = {
  name: 'BuildFailureWeigher',
  multiplierOption: 'build_failure_weight_multiplier',
  configMultiplier: (c) => c.buildFailureWeightMultiplier,
  multiplierSign: -1,
  prepare({ usage }) {
    return { fill: (candidates, count, out) => fillFrom(usage.buildFailures, 1, candidates, count, out) };
  },
};
