import type { HostFilter } from '../filter';
import { firstInstanceIn, runsAnyOf } from '../host-instances';
import { DIFFERENT_HOST } from '../uuid-flags';

/** DifferentHostFilter: with the `different_host` hint, the host must run none of the listed instances. */
export const differentHostFilter: HostFilter = {
  name: 'DifferentHostFilter',
  prepare(ctx) {
    const avoid = ctx.request.differentHost;
    if (!avoid) return undefined;
    const { hosts, usage } = ctx;
    return {
      rejects: (i) => runsAnyOf(ctx, i, avoid, DIFFERENT_HOST),
      reason: (i) => `runs instance ${JSON.stringify(firstInstanceIn(hosts[i]!, i, usage, avoid))}, listed in different_host`,
    };
  },
};
