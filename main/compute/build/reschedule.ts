// A new host for an instance whose build failed on the last one (Nova's reschedule with the retry filter): in ONE
// write transaction the old host's allocation is released, the scheduler runs over every other host not yet
// tried, and the instance is placed on the one it picks.
import type { FlavorRecord, HostRecord } from '../../inventory/model';
import type { InventoryStore } from '../../inventory/repositories';
import { hostZones, resolveSchedulerConfig, schedule } from '../../placement';
import type { SchedulerConfig } from '../../placement/types';
import type { ClaimImage } from '../claim';
import { loadHostStates } from '../claim-hosts';
import { explainChoice, newAttempt } from './attempts';

/** What a reschedule needs to know of the original request. */
export interface RescheduleInput {
  readonly uuid: string;
  readonly actionId: number;
  readonly flavor: FlavorRecord;
  readonly image: ClaimImage;
  readonly serverGroupId: string | null;
  /** The zone the request asked for (null: any, the instance records where it lands). */
  readonly availabilityZone: string | null;
  /** Host names already tried. */
  readonly tried: readonly string[];
  readonly schedulerConfig?: Partial<SchedulerConfig>;
  readonly random?: () => number;
}

/** Where the instance goes next, or why nowhere. */
export type RescheduleResult = { readonly ok: true; readonly host: HostRecord } | { readonly ok: false; readonly message: string };

/** Release the instance's current host and place it on another (see the file comment). Expects task `scheduling`. */
export function rescheduleInstance(store: InventoryStore, input: RescheduleInput): RescheduleResult {
  return store.write((repos): RescheduleResult => {
    const released = repos.instances.update(input.uuid, { hostId: null }, { expectedTaskState: ['scheduling'] });
    const { states, byName } = loadHostStates(repos);
    const config = resolveSchedulerConfig(input.schedulerConfig);
    const group = input.serverGroupId === null ? undefined : repos.serverGroups.get(input.serverGroupId);
    const result = schedule(
      {
        flavor: input.flavor,
        numInstances: 1,
        instanceUuids: [input.uuid],
        availabilityZone: input.availabilityZone,
        image: input.image,
        serverGroup: group && { id: group.id, name: group.name, policy: group.policy, members: group.members, rules: group.rules, projectId: group.projectId },
        ignoreHosts: input.tried,
      },
      states,
      config,
      input.random,
    );
    if (!result.ok) {
      // Only the retry filter said no: every host that could take it was tried already.
      const ignored = result.error.filterCounts.find((f) => f.filter === 'IgnoreHosts');
      if (ignored !== undefined && ignored.end === 0 && ignored.start > 0) return { ok: false, message: `every host that could take it was tried (${input.tried.join(', ')})` };
      return { ok: false, message: `${result.error.message} ${result.error.detail}`.trim() };
    }
    const host = byName.get(result.hosts[0] as string) as HostRecord;
    const state = states.find((h) => h.name === host.name);
    const zone = input.availabilityZone ?? (state ? hostZones(state, config)[0] : undefined) ?? null;
    const attempt = result.attempts[0];
    const explanation = attempt === undefined ? host.name : explainChoice(attempt);
    repos.instances.update(input.uuid, {
      hostId: host.id,
      availabilityZone: zone,
      buildAttempts: [...released.buildAttempts, newAttempt(host.name, explanation, new Date().toISOString())],
    });
    const event = repos.instanceActions.startEvent(input.actionId, 'schedule_instances', host.name);
    repos.instanceActions.finishEvent(event.id, 'Success');
    return { ok: true, host };
  });
}
