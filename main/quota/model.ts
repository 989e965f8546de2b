/** Nova-style flavor: the size of an instance. Sizes use Nova's units (MiB of RAM, GiB of disk, MiB of swap). */
export interface Flavor {
  readonly id: string;
  readonly name: string;
  readonly vcpus: number;
  readonly ramMiB: number;
  /** Root disk in GiB; 0 means "the image's size" in Nova (and nothing to claim when booting from volume). */
  readonly diskGiB: number;
  readonly ephemeralGiB: number;
  readonly swapMiB: number;
  /** Free-form key/value specs; the scheduler reads `aggregate_instance_extra_specs:*` and unscoped keys. */
  readonly extraSpecs: Readonly<Record<string, string>>;
  readonly isPublic: boolean;
}

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

/** A tenant: owns instances and has quota limits (unset limits fall back to the defaults). */
export interface Project {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly enabled: boolean;
  /** Per-project overrides of DEFAULT_QUOTA_LIMITS (Nova's `nova quota-update`). */
  readonly quota?: Readonly<Partial<Record<'instances' | 'cores' | 'ram' | 'disk', number>>>;
}
