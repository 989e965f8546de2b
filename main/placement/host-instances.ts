import type { SchedulingContext } from './filter';
import type { UsageState } from './host-table';
import type { HostState } from './types';

/**
 * The first instance on host `i` that is in `uuids`, counting instances this request already placed there, or
 * undefined (Nova's `instance_uuids_overlap`, which also sees instances consumed earlier in a multi-create).
 */
export function firstInstanceIn(host: HostState, i: number, usage: UsageState, uuids: ReadonlySet<string>): string | undefined {
  const own = host.instanceUuids;
  if (own) for (let u = 0; u < own.length; u++) if (uuids.has(own[u]!)) return own[u];
  const placed = usage.placed.get(i);
  if (placed) for (const uuid of placed) if (uuids.has(uuid)) return uuid;
  return undefined;
}

/** Whether host `i` runs instance `uuid` (its own list, or placed by this request). */
export function hostRuns(host: HostState, i: number, usage: UsageState, uuid: string): boolean {
  if (host.instanceUuids?.includes(uuid)) return true;
  return usage.placed.get(i)?.includes(uuid) ?? false;
}

/**
 * Members of the request's server group on host `i` (Nova: `host_state.instances ∩ group.members`), counting the
 * instances this request already placed there. 0 without a group.
 */
export function membersOn(ctx: SchedulingContext, i: number): number {
  const { members, memberCache } = ctx.table;
  if (!members || !memberCache) return 0;
  let own = memberCache[i]!;
  if (own < 0) {
    own = 0;
    const uuids = ctx.hosts[i]!.instanceUuids;
    if (uuids && members.size > 0) for (let u = 0; u < uuids.length; u++) if (members.has(uuids[u]!)) own++;
    memberCache[i] = own;
  }
  const placed = ctx.usage.placed;
  return placed.size === 0 ? own : own + (placed.get(i)?.length ?? 0);
}

/** Whether any host holds a member of the request's group (Nova: `instance_group.hosts` is not empty). */
export function groupHasHosts(ctx: SchedulingContext): boolean {
  for (let i = 0; i < ctx.hosts.length; i++) if (membersOn(ctx, i) > 0) return true;
  return false;
}
