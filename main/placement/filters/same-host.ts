import type { HostFilter } from '../filter';
import { formatList } from '../format';
import { runsAnyOf } from '../host-instances';
import { SAME_HOST } from '../uuid-flags';

/** SameHostFilter: with the `same_host` hint, the host must run at least one of the listed instances. */
export const sameHostFilter: HostFilter = {
  name: 'SameHostFilter',
  prepare(ctx) {
    const wanted = ctx.request.sameHost;
    if (!wanted) return undefined;
    return {
      rejects: (i) => !runsAnyOf(ctx, i, wanted, SAME_HOST),
      reason: () => `runs none of the same_host instances ${formatList([...wanted])}`,
    };
  },
};
