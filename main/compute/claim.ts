import { randomUUID } from 'node:crypto';
import { InvalidInputError, InventoryError } from '../inventory/errors';
import type { FlavorRecord, HostRecord, InstanceOrigin, InstanceRecord, ProjectRecord, ServerGroupRecord } from '../inventory/model';
import type { ServerGroup } from '../../common/model/server-group';
import type { InventoryRepositories, InventoryStore } from '../inventory/repositories';
import { projectQuotaLimits, quotaUsageOf, resolveFlavor, resolveProject, resolveServerGroup } from '../inventory/services';
import { hostZones, resolveSchedulerConfig, schedule } from '../placement';
import type { ImageProperties, ScheduleSuccess, SchedulerConfig, SchedulerHints } from '../placement/types';
import { checkQuota, type QuotaCheck } from '../quota/check';
import { flavorDiskGiB, quotaDeltaForFlavor } from '../quota/flavor-delta';
import type { QuotaLimits, QuotaUsage } from '../quota/limits';
import { maxInstancesThatFit } from '../quota/multi-create';
import { explainChoice, newAttempt } from './build/attempts';
import { loadHostStates } from './claim-hosts';
import { controlCharacterProblem } from '../text/control-chars';
import { NoValidHostError, QuotaExceededError } from './claim-errors';

export { NoValidHostError, QuotaExceededError } from './claim-errors';

/** The image an instance boots from, as far as placement cares. */
export interface ClaimImage extends ImageProperties {
  readonly id?: string | null;
}

/** A create request (Nova's `POST /servers` with min_count/max_count). */
export interface ClaimRequest {
  /** Project name or id; default: admin. */
  readonly project?: string;
  readonly userId?: string | null;
  /** Instance name; with several instances each gets `name-1`, `name-2`… (Nova's default template). */
  readonly name: string;
  /** Flavor name or id. */
  readonly flavor: string;
  readonly image?: ClaimImage | null;
  /** Default `{ min: 1, max: 1 }`. Nova creates `max` when quota allows, else as many as fit, but at least `min`. */
  readonly count?: { readonly min: number; readonly max: number };
  /** Server group name or id (of the same project). */
  readonly serverGroup?: string | null;
  readonly availabilityZone?: string | null;
  readonly hints?: SchedulerHints;
  /** Admin-forced host name (Nova's `zone:host`). */
  readonly forcedHost?: string | null;
  readonly bootFromVolume?: boolean;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Nova's request id, shared by every instance of the request; default `req-<uuid>`. */
  readonly requestId?: string;
  /** Hosts to leave out (Nova's retry filter: where an earlier attempt failed). */
  readonly ignoreHosts?: readonly string[];
  /** `created` for the create flow; default `adopted` (what host sync inserts). */
  readonly origin?: InstanceOrigin;
  readonly description?: string | null;
  readonly keyName?: string | null;
  /** cloud-init user-data as given (≤ 64 KiB). */
  readonly userData?: string | null;
  /** The libvirt network the request names (null: the host's default, resolved by the build). */
  readonly network?: string | null;
  /** Who runs the build (`pid:starttime@hostname`), written with the `scheduling` task. */
  readonly taskOwner?: string | null;
}

/** Knobs for tests and settings. */
export interface ClaimOptions {
  readonly schedulerConfig?: Partial<SchedulerConfig>;
  /** Random source for the scheduler's pick among the best hosts (tests pin it). */
  readonly random?: () => number;
}

/** One instance that now exists in the inventory, `building`/`scheduling`, with its allocation on `host`. */
export interface InstanceClaim {
  readonly instance: InstanceRecord;
  readonly host: HostRecord;
  /** The instance's `create` action (Nova's instance action), for the build to add events to. */
  readonly actionId: number;
  /** The server group the instance joined, if any (a reschedule keeps its policy). */
  readonly serverGroupId: string | null;
}

/** What a successful claim did and why. */
export interface ClaimResult {
  readonly requestId: string;
  readonly project: ProjectRecord;
  readonly flavor: FlavorRecord;
  readonly claims: readonly InstanceClaim[];
  /** Quota as it was just before the claim. */
  readonly quota: { readonly limits: QuotaLimits; readonly usageBefore: QuotaUsage };
  /** The scheduler's result: hosts chosen and the explanation of every host ("why this host"). */
  readonly schedule: ScheduleSuccess;
}

/**
 * Claim quota and host capacity for new instances, all in ONE write transaction (`BEGIN IMMEDIATE`): count the
 * project's usage from its live instances, check quota (reducing a multi-create to what fits, as Nova does), load
 * every host's capacity and usage, run the scheduler, and insert the instance rows in `building`/`scheduling`
 * with their allocations on the chosen hosts.
 *
 * Because the write lock is taken before the first read, two claims (from any process sharing the file) run one
 * after the other: the second sees the first's instances in its counts, so neither quota nor a host's allocation
 * ratio can be overrun by a race. Nova needs a re-check after create for this; we keep {@link recheckQuota} for
 * writers that bypass claims (adoption of existing domains, an operator lowering a limit meanwhile).
 *
 * Throws QuotaExceededError, NoValidHostError, NotFoundError (project, flavor, group) or InvalidInputError; on any
 * throw nothing is written.
 */
export function claimInstances(store: InventoryStore, request: ClaimRequest, options: ClaimOptions = {}): ClaimResult {
  const min = request.count?.min ?? 1;
  const max = request.count?.max ?? min;
  const requestId = request.requestId ?? `req-${randomUUID()}`;
  if (request.name.trim() === '') throw new InvalidInputError('Instance name must not be empty');
  const nameProblem = controlCharacterProblem('Instance name', request.name);
  if (nameProblem !== null) throw new InvalidInputError(nameProblem);

  return store.write((repos) => {
    const project = resolveProject(repos, request.project);
    if (!project.enabled) throw new InventoryError(`Project ${project.name} is disabled`);
    const flavor = usableFlavor(repos, request.flavor, project);
    const group = request.serverGroup ? groupOfProject(repos, request.serverGroup, project) : null;
    const bootFromVolume = request.bootFromVolume ?? false;

    // Quota, counted from usage as Nova does (no reservations to leak): reduce to what fits, at least `min`.
    const limits = projectQuotaLimits(repos, project.id);
    const usageBefore = quotaUsageOf(repos.instances.usageOfProject(project.id));
    const fit = maxInstancesThatFit(limits, usageBefore, quotaDeltaForFlavor(flavor, 1, bootFromVolume), min, max);
    if (typeof fit !== 'number') throw new QuotaExceededError(fit);

    const uuids = Array.from({ length: fit }, () => randomUUID());
    const { states, byName } = loadHostStates(repos);
    const config = resolveSchedulerConfig(options.schedulerConfig);
    const result = schedule(
      {
        flavor,
        numInstances: fit,
        instanceUuids: uuids,
        availabilityZone: request.availabilityZone ?? null,
        image: request.image ?? null,
        serverGroup: group && schedulerGroup(group),
        ...(request.hints === undefined ? {} : { hints: request.hints }),
        ...(request.ignoreHosts === undefined ? {} : { ignoreHosts: request.ignoreHosts }),
        forcedHost: request.forcedHost ?? null,
        bootFromVolume,
      },
      states,
      config,
      options.random,
    );
    if (!result.ok) throw new NoValidHostError(result);

    const diskGiB = flavorDiskGiB(flavor, bootFromVolume);
    const claims = uuids.map((uuid, index): InstanceClaim => {
      const host = byName.get(result.hosts[index] as string) as HostRecord;
      const state = states.find((h) => h.name === host.name);
      // Like Nova, an instance records the zone it landed in even when none was requested.
      const zone = request.availabilityZone ?? (state ? hostZones(state, config)[0] : undefined) ?? null;
      let instance = repos.instances.insert({
        uuid,
        name: fit > 1 ? `${request.name}-${index + 1}` : request.name,
        projectId: project.id,
        userId: request.userId ?? null,
        hostId: host.id,
        availabilityZone: zone,
        flavorId: flavor.id,
        flavor: flavorSnapshot(flavor),
        imageId: request.image?.id ?? null,
        vmState: 'building',
        taskState: 'scheduling',
        powerState: 0,
        vcpus: flavor.vcpus,
        ramMiB: flavor.ramMiB,
        diskGiB,
        requestId,
        launchIndex: index,
        metadata: request.metadata ?? {},
        origin: request.origin ?? 'adopted',
        description: request.description ?? null,
        keyName: request.keyName ?? null,
        userData: request.userData ?? null,
        network: request.network ?? null,
        taskOwner: request.taskOwner ?? null,
      });
      if (request.origin === 'created') {
        // The first scheduling attempt, with the scheduler's reason: a reschedule appends the next ones.
        const attempt = result.attempts[index] ?? result.attempts[0];
        const explanation = attempt === undefined ? host.name : explainChoice(attempt);
        instance = repos.instances.update(uuid, { buildAttempts: [newAttempt(host.name, explanation, instance.createdAt)] });
      }
      if (group) repos.serverGroups.addMember(group.id, uuid);
      const action = repos.instanceActions.start({ instanceUuid: uuid, requestId, action: 'create', projectId: project.id, userId: request.userId ?? null });
      const event = repos.instanceActions.startEvent(action.id, 'schedule_instances', host.name);
      repos.instanceActions.finishEvent(event.id, 'Success');
      return { instance, host, actionId: action.id, serverGroupId: group?.id ?? null };
    });
    return { requestId, project, flavor, claims, quota: { limits, usageBefore }, schedule: result };
  });
}

/**
 * Nova's quota re-check after the instances exist: usage (which now includes them) must still be within every
 * limit. Returns the check; on failure the caller deletes what it created and reports the QuotaExceededError.
 */
export function recheckQuota(store: InventoryStore, projectId: string): QuotaCheck {
  return store.read((repos) => {
    const limits = projectQuotaLimits(repos, projectId);
    const usage = quotaUsageOf(repos.instances.usageOfProject(projectId));
    // A zero delta for every resource: "is usage itself within the limits?"
    return checkQuota(limits, usage, { instances: 0, cores: 0, ram: 0, disk: 0 });
  });
}

/** The flavor `ref`, refused when it is private and the project has no access to it. */
export function usableFlavor(repos: InventoryRepositories, ref: string, project: ProjectRecord): FlavorRecord {
  const flavor = resolveFlavor(repos, ref);
  if (!flavor.isPublic && !repos.flavors.projectsWithAccess(flavor.id).includes(project.id)) {
    throw new InvalidInputError(`Flavor ${flavor.name} is private and project ${project.name} has no access to it`);
  }
  return flavor;
}

/** The server group `ref` names in `project` (a group of another project is refused, as Nova does). */
export function groupOfProject(repos: InventoryRepositories, ref: string, project: ProjectRecord): ServerGroupRecord {
  const group = resolveServerGroup(repos, ref, project.id);
  if (group.projectId !== project.id) {
    throw new InvalidInputError(`Server group ${group.name} belongs to another project than ${project.name}`);
  }
  return group;
}

/** A server group as the scheduler takes it. */
export function schedulerGroup(group: ServerGroupRecord): ServerGroup {
  return { id: group.id, name: group.name, policy: group.policy, members: group.members, rules: group.rules, projectId: group.projectId };
}

/** What the instance keeps of its flavor: enough to show and resize it after the flavor is gone. */
export function flavorSnapshot(flavor: FlavorRecord): Record<string, unknown> {
  const { id, name, vcpus, ramMiB, diskGiB, ephemeralGiB, swapMiB, extraSpecs } = flavor;
  return { id, name, vcpus, ramMiB, diskGiB, ephemeralGiB, swapMiB, extraSpecs };
}
