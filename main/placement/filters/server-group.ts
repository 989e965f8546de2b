import type { SchedulingContext } from '../filter';
import { formatList } from '../format';
import { membersOn } from '../host-instances';

/** Group description for explanations: `server group "web" (anti-affinity)`. */
export function describeGroup(ctx: SchedulingContext): string {
  const g = ctx.request.serverGroup;
  return g ? `server group ${JSON.stringify(g.name)} (${g.policy})` : 'no server group';
}

/** Names of hosts that hold members of the request's server group (Nova's `instance_group.hosts`). */
export function groupHostNames(ctx: SchedulingContext): string[] {
  const names: string[] = [];
  for (let i = 0; i < ctx.hosts.length; i++) if (membersOn(ctx, i) > 0) names.push(ctx.hosts[i]!.name);
  return names;
}

/** `"a", "b" and 3 more` for the group's hosts. */
export function formatGroupHosts(ctx: SchedulingContext): string {
  return formatList(groupHostNames(ctx));
}
