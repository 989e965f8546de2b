import type { HostTable, UsageState } from './host-table';
import type { NormalizedRequest } from './request';
import type { HostState, SchedulerConfig } from './types';

/** Everything a filter or weigher may read for one attempt (one instance of the request). */
export interface SchedulingContext {
  readonly request: NormalizedRequest;
  readonly hosts: readonly HostState[];
  readonly config: SchedulerConfig;
  readonly table: HostTable;
  readonly usage: UsageState;
  /** Which instance of the request is being placed (0-based). */
  readonly instanceIndex: number;
}

/**
 * A filter prepared for one attempt. Split in two so the hot loop only asks yes/no and the reason text is built
 * for the hosts someone actually looks at.
 */
export interface PreparedFilter {
  /** True when host `i` must not get the instance. */
  rejects(i: number): boolean;
  /** Why host `i` was rejected; only meaningful when `rejects(i)` is true. */
  reason(i: number): string;
}

/** A host filter: one small module per filter, Nova's class name as `name`. */
export interface HostFilter {
  readonly name: string;
  /**
   * Per-attempt setup (precompute sets, requested amounts). Returns undefined when the request gives the filter
   * nothing to check, as Nova's filters return True early — an inactive filter costs nothing per host.
   */
  prepare(ctx: SchedulingContext): PreparedFilter | undefined;
}

/** Run one filter on one host: null when it passes, else the reason. For tests and single-host "why not" views. */
export function checkHost(filter: HostFilter, ctx: SchedulingContext, i: number): string | null {
  const prepared = filter.prepare(ctx);
  if (!prepared || !prepared.rejects(i)) return null;
  return prepared.reason(i);
}
