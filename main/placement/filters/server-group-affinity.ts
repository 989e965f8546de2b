import type { HostFilter } from '../filter';
import { groupHasHosts, membersOn } from '../host-instances';
import { describeGroup, formatGroupHosts } from './server-group';

/**
 * ServerGroupAffinityFilter: under the `affinity` policy, once any member has a host, only hosts holding members
 * pass (Nova: `host in instance_group.hosts`). The first member may go anywhere.
 */
export const serverGroupAffinityFilter: HostFilter = {
  name: 'ServerGroupAffinityFilter',
  prepare(ctx) {
    if (ctx.request.serverGroup?.policy !== 'affinity' || !groupHasHosts(ctx)) return undefined;
    return {
      rejects: (i) => membersOn(ctx, i) === 0,
      reason: () => `${describeGroup(ctx)} has members only on ${formatGroupHosts(ctx)}; this host has none`,
    };
  },
};
