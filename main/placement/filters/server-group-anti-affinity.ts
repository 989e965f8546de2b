import type { HostFilter } from '../filter';
import { hostRuns, membersOn } from '../host-instances';
import { describeGroup } from './server-group';

/**
 * ServerGroupAntiAffinityFilter: under the `anti-affinity` policy a host may hold fewer than
 * `max_server_per_host` (default 1) members. As in Nova, the host already running the instance being placed
 * passes (a move may land back on its source).
 */
export const serverGroupAntiAffinityFilter: HostFilter = {
  name: 'ServerGroupAntiAffinityFilter',
  prepare(ctx) {
    const group = ctx.request.serverGroup;
    if (group?.policy !== 'anti-affinity') return undefined;
    const max = group.rules?.maxServerPerHost ?? 1;
    const self = ctx.request.instanceUuids[ctx.instanceIndex]!;
    return {
      rejects: (i) => membersOn(ctx, i) >= max && !hostRuns(ctx.hosts[i]!, i, ctx.usage, self),
      reason: (i) => `host already runs ${membersOn(ctx, i)} member(s) of ${describeGroup(ctx)}; at most ${max} per host`,
    };
  },
};
