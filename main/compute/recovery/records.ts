// Recovery's inventory writes: taking an abandoned task over (so two recoverers never act on one instance), and the
// final state of each resolution with its record on the instance's action log.
import { randomUUID } from 'node:crypto';
import type { InstanceFault, InstanceRecord } from '../../inventory/model';
import type { InstancePatch, InventoryRepositories, InventoryStore } from '../../inventory/repositories';
import { vanishedFault } from '../states/power-sync';
import type { InstanceResolution } from './plan';

/**
 * Claim an abandoned task: the row must still carry the task and the dead owner recovery saw, and gets `me` as its
 * owner (a CAS in one write transaction). False when someone else moved it meanwhile.
 */
export function takeOver(store: InventoryStore, seen: InstanceRecord, me: string): boolean {
  return store.write((repos) => {
    const row = repos.instances.get(seen.uuid);
    if (row === undefined || row.deletedAt !== null || row.taskState !== seen.taskState || row.taskOwner !== seen.taskOwner) return false;
    repos.instances.update(seen.uuid, { taskOwner: me }, { expectedTaskState: [seen.taskState] });
    return true;
  });
}

/** Give a task back to the owner recovery found (a host-side step failed: the next recovery tries again). */
export function giveBack(store: InventoryStore, seen: InstanceRecord, me: string): void {
  store.write((repos) => {
    const row = repos.instances.get(seen.uuid);
    if (row !== undefined && row.deletedAt === null && row.taskOwner === me) repos.instances.update(seen.uuid, { taskOwner: seen.taskOwner });
  });
}

/** What happened on the host, for the action log and the fault. */
export interface HostOutcome {
  readonly hostName: string | null;
  /** What was removed, in words (`domain web-1`, `volume default/<uuid>_disk`). */
  readonly removed: readonly string[];
  readonly at: string;
}

/**
 * Write the resolution's final state, if `me` still owns the task, and record it on the instance's unfinished
 * action (or a new `recover` action). Returns the one-line summary, or null when the task changed hands.
 */
export function finish(store: InventoryStore, seen: InstanceRecord, me: string, resolution: InstanceResolution, outcome: HostOutcome): string | null {
  return store.write((repos) => {
    const row = repos.instances.get(seen.uuid);
    if (row === undefined || row.deletedAt !== null || row.taskOwner !== me) return null;
    const task = seen.taskState ?? 'unknown';
    const summary = summaryOf(row, task, resolution, outcome);
    const actionId = openAction(repos, row);
    const event = repos.instanceActions.startEvent(actionId, resolution.kind === 'finish-build' ? 'recover_finished_build' : 'interrupted', outcome.hostName);
    repos.instanceActions.finishEvent(event.id, resolution.kind === 'finish-build' ? 'Success' : 'Error', summary);
    repos.instanceActions.finish(actionId, resolution.kind === 'finish-build' ? null : `Error: ${summary}`);
    if (resolution.kind === 'finish-delete' || (resolution.kind === 'vanished' && resolution.origin === 'adopted')) {
      repos.instances.update(row.uuid, { taskOwner: null });
      repos.instances.softDelete(row.uuid);
      return summary;
    }
    repos.instances.update(row.uuid, patchOf(row, resolution, outcome), { expectedTaskState: [seen.taskState] });
    return summary;
  });
}

function patchOf(row: InstanceRecord, resolution: InstanceResolution, outcome: HostOutcome): InstancePatch {
  const cleared = { taskState: null, taskOwner: null } as const;
  switch (resolution.kind) {
    case 'finish-build':
      return { ...cleared, vmState: 'active', powerState: resolution.powerState, fault: null, ...(row.launchedAt === null ? { launchedAt: outcome.at } : {}) };
    case 'roll-back-build':
      // As a build that fails for good: the host allocation is released (host NULL, as Nova nils host and node),
      // nothing is left on the host for the row to point at.
      return {
        ...cleared,
        vmState: 'error',
        powerState: 0,
        fault: resolution.fault,
        hostId: null,
        volumes: [],
        libvirtDomainName: null,
        libvirtDomainUuid: null,
        buildAttempts: failLastAttempt(row, resolution.fault),
      };
    case 'clear-task':
      return { ...cleared, vmState: resolution.vmState, powerState: resolution.powerState };
    case 'vanished':
      return { ...cleared, vmState: 'error', powerState: 0, fault: vanishedFault({ name: row.libvirtDomainName ?? row.name, uuid: row.libvirtDomainUuid ?? row.uuid }, outcome.hostName ?? 'its host', outcome.at) };
    case 'finish-delete':
      return cleared;
  }
}

function failLastAttempt(row: InstanceRecord, fault: InstanceFault): InstanceRecord['buildAttempts'] {
  const last = row.buildAttempts.at(-1);
  if (last === undefined || last.fault !== null) return row.buildAttempts;
  return [...row.buildAttempts.slice(0, -1), { ...last, fault }];
}

function summaryOf(row: InstanceRecord, task: string, resolution: InstanceResolution, outcome: HostOutcome): string {
  const removed = outcome.removed.length === 0 ? '' : `; removed ${outcome.removed.join(', ')}`;
  switch (resolution.kind) {
    case 'finish-build':
      return `The build's process ended at ${task}, after its domain was running: the instance is active`;
    case 'roll-back-build':
      return `${resolution.fault.message}: the process that ran the build ended${removed}; the instance is in ERROR`;
    case 'finish-delete':
      return `Delete interrupted after its domain was removed: finished${removed}`;
    case 'clear-task':
      return `Task ${task} interrupted: its process ended; the host shows the domain ${resolution.powerState === 1 ? 'running' : 'not running'}, vm_state ${resolution.vmState}`;
    case 'vanished':
      return `Task ${task} interrupted: its process ended, and domain ${row.libvirtDomainName ?? row.name} is no longer on its host (${resolution.origin === 'adopted' ? 'adopted: marked deleted' : 'ERROR'})`;
  }
}

/** The instance's action still in progress (the one the dead task belonged to), else a new `recover` action. */
function openAction(repos: InventoryRepositories, row: InstanceRecord): number {
  const open = repos.instanceActions.list(row.uuid).filter((action) => action.finishTime === null).at(-1);
  if (open !== undefined) return open.id;
  return repos.instanceActions.start({ instanceUuid: row.uuid, requestId: `req-${randomUUID()}`, action: 'recover', projectId: row.projectId }).id;
}
