import type { HostFilter } from '../filter';
import { SERVICE_DISABLED, SERVICE_DOWN } from '../host-table';

/** ComputeFilter: the host's compute service must be enabled and alive (Nova: disabled, or not heard from). */
export const computeFilter: HostFilter = {
  name: 'ComputeFilter',
  prepare({ hosts, table }) {
    const state = table.state;
    return {
      // From the table: the host record itself is not touched until a filter needs more than numbers.
      rejects: (i) => (state[i]! & (SERVICE_DISABLED | SERVICE_DOWN)) !== 0,
      reason: (i) => {
        const h = hosts[i]!;
        if (!h.enabled) return h.disabledReason ? `compute service is disabled (reason: ${h.disabledReason})` : 'compute service is disabled';
        return 'compute service is down: it has not been heard from in a while';
      },
    };
  },
};
