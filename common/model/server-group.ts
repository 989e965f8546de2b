/** Every server group policy, as in Nova's compute API 2.64+. */
export const SERVER_GROUP_POLICIES = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'] as const;

/** A server group policy. */
export type ServerGroupPolicy = (typeof SERVER_GROUP_POLICIES)[number];

/** Rules of a server group; Nova only knows `max_server_per_host`, for anti-affinity. */
export interface ServerGroupRules {
  /** How many members one host may hold under `anti-affinity` (Nova's default: 1). */
  readonly maxServerPerHost?: number;
}

/** A Nova server group: instances placed together (affinity) or apart (anti-affinity). */
export interface ServerGroup {
  readonly id: string;
  readonly name: string;
  readonly policy: ServerGroupPolicy;
  /** Instance uuids of the members (including the ones being scheduled, as Nova adds them before scheduling). */
  readonly members: readonly string[];
  readonly rules?: ServerGroupRules;
  readonly projectId?: string;
}
