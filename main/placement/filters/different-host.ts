import type { HostFilter } from '../filter';
import { firstInstanceIn } from '../host-instances';

/** DifferentHostFilter: with the `different_host` hint, the host must run none of the listed instances. */
export const differentHostFilter: HostFilter = {
  name: 'DifferentHostFilter',
  prepare({ request, hosts, usage }) {
    const avoid = request.differentHost;
    if (!avoid) return undefined;
    return {
      rejects: (i) => firstInstanceIn(hosts[i]!, i, usage, avoid) !== undefined,
      reason: (i) => `runs instance ${JSON.stringify(firstInstanceIn(hosts[i]!, i, usage, avoid))}, listed in different_host`,
    };
  },
};
