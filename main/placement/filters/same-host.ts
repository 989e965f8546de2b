import type { HostFilter } from '../filter';
import { formatList } from '../format';
import { firstInstanceIn } from '../host-instances';

/** SameHostFilter: with the `same_host` hint, the host must run at least one of the listed instances. */
export const sameHostFilter: HostFilter = {
  name: 'SameHostFilter',
  prepare({ request, hosts, usage }) {
    const wanted = request.sameHost;
    if (!wanted) return undefined;
    return {
      rejects: (i) => firstInstanceIn(hosts[i]!, i, usage, wanted) === undefined,
      reason: () => `runs none of the same_host instances ${formatList([...wanted])}`,
    };
  },
};
