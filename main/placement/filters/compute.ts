import type { HostFilter } from '../filter';

/** ComputeFilter: the host's compute service must be enabled and alive (Nova: disabled, or not heard from). */
export const computeFilter: HostFilter = {
  name: 'ComputeFilter',
  prepare({ hosts }) {
    return {
      rejects: (i) => {
        const h = hosts[i]!;
        return !h.enabled || !h.up;
      },
      reason: (i) => {
        const h = hosts[i]!;
        if (!h.enabled) return h.disabledReason ? `compute service is disabled (reason: ${h.disabledReason})` : 'compute service is disabled';
        return 'compute service is down: it has not been heard from in a while';
      },
    };
  },
};
