import type { SchedulingContext } from './filter';
import type { UsageState } from './host-table';
import type { HostState } from './types';
import { GROUP_MEMBER, type UuidFlags } from './uuid-flags';

/**
 * What each host's own instances (`instanceUuids`) hold of the uuids the request cares about. Filled per host
 * on first use and kept for the request, so multi-create attempts share it: scanning instance lists is the
 * largest cost of a decision, most hosts leave before a check that needs it, and one scan answers the group
 * count and both hints.
 */
export interface OwnInstances {
  readonly flags: UuidFlags;
  /**
   * Per host: 0 until scanned, else 1 + ((group members << 3) | the SAME_HOST and DIFFERENT_HOST bits found).
   * Offset by one so that a fresh (zeroed) array needs no fill.
   */
  readonly summary: Int32Array;
}

// Low bits: the hint flags (GROUP_MEMBER's bit stays clear); above them, the member count.
const MEMBER_SHIFT = 3;
const HINT_BITS = (1 << MEMBER_SHIFT) - 1 - GROUP_MEMBER;

/** An empty summary for `n` hosts, or null when the request cares about no uuid. */
export function ownInstances(flags: UuidFlags | null, n: number): OwnInstances | null {
  return flags ? { flags, summary: new Int32Array(n) } : null;
}

function scan(uuids: readonly string[] | undefined, flags: UuidFlags): number {
  if (!uuids) return 0;
  let members = 0;
  let hints = 0;
  for (let u = 0; u < uuids.length; u++) {
    const f = flags.get(uuids[u]!);
    if (f === 0) continue;
    // Every occurrence counts, as a count over the host's list does.
    if ((f & GROUP_MEMBER) !== 0) members++;
    hints |= f;
  }
  return (members << MEMBER_SHIFT) | (hints & HINT_BITS);
}

function summaryOf(ctx: SchedulingContext, i: number): number {
  const own = ctx.table.ownInstances;
  if (!own) return 0;
  const s = own.summary[i]!;
  if (s !== 0) return s - 1;
  const scanned = scan(ctx.hosts[i]!.instanceUuids, own.flags);
  own.summary[i] = scanned + 1;
  return scanned;
}

/**
 * Whether host `i` runs an instance of `uuids` (the request's hint set tagged `flag`), counting instances this
 * request already placed there (Nova's `instance_uuids_overlap`, which sees instances consumed earlier).
 */
export function runsAnyOf(ctx: SchedulingContext, i: number, uuids: ReadonlySet<string>, flag: number): boolean {
  if ((summaryOf(ctx, i) & flag) !== 0) return true;
  const placed = ctx.usage.placed;
  if (placed.size === 0) return false;
  const list = placed.get(i);
  if (list) for (const uuid of list) if (uuids.has(uuid)) return true;
  return false;
}

/** The first instance on host `i` that is in `uuids`, own ones first, then placed ones; for explanations. */
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
  if (ctx.request.groupMembers === null) return 0;
  const own = summaryOf(ctx, i) >> MEMBER_SHIFT;
  const placed = ctx.usage.placed;
  return placed.size === 0 ? own : own + (placed.get(i)?.length ?? 0);
}

/** Whether any host holds a member of the request's group (Nova: `instance_group.hosts` is not empty). */
export function groupHasHosts(ctx: SchedulingContext): boolean {
  for (let i = 0; i < ctx.hosts.length; i++) if (membersOn(ctx, i) > 0) return true;
  return false;
}
