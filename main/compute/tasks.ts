// A task on an instance, as Nova's compute API runs one: the guard (check_instance_state), the task state set by a
// compare-and-swap, and the instance action with its events — all in ONE write transaction, so that of two actions
// racing for one instance (from this process, the CLI, another window) exactly one starts and the other is refused
// with Nova's conflict message. Finishing writes the final states, clears the task and closes the event, again in one
// transaction, and only if the task is still ours: a delete or a recovery that took the instance over meanwhile wins.
import { randomUUID } from 'node:crypto';
import { ACTION_RULES, whyNot, type InstanceAction } from '../../common/compute/instance-actions';
import type { TaskState } from '../../common/model/instance-states';
import { UnexpectedTaskStateError } from '../inventory/errors';
import type { HostRecord, InstanceRecord } from '../inventory/model';
import type { InstancePatch, InventoryRepositories, InventoryStore } from '../inventory/repositories';
import { resolveInstance } from '../inventory/services';
import { InstanceConflictError } from './errors';

/** What starting a task takes. */
export interface TaskSpec {
  /** The action, as the guard table names it. */
  readonly action: InstanceAction;
  /** Task state while it runs; null for actions that change only the inventory (lock, rename, forget). */
  readonly taskState: TaskState | null;
  /** The action's first event (Nova's names: `compute_stop_instance`). */
  readonly event: string;
  /** Nova's request id; default `req-<uuid>`. */
  readonly requestId?: string;
  /**
   * More checks in the same transaction, after the guard passed (a resize's flavor, quota and host capacity). Throw
   * to refuse; the fields returned are written together with the task state.
   */
  readonly prepare?: (instance: InstanceRecord, repos: InventoryRepositories) => InstancePatch | void;
}

/** A task that started: the instance as it left the transaction, and where its action log is. */
export interface Task {
  readonly uuid: string;
  readonly name: string;
  readonly action: InstanceAction;
  readonly taskState: TaskState | null;
  readonly instance: InstanceRecord;
  readonly host: HostRecord | null;
  readonly actionId: number;
  /** The event in progress. */
  readonly eventId: number;
  readonly requestId: string;
  /** Who runs it (`pid:starttime@hostname`), also written to the row. */
  readonly owner: string;
}

/** How a task ended. */
export interface TaskOutcome {
  readonly result: 'Success' | 'Error';
  /** Final fields (states, flavor…); the task state and owner are cleared in any case. */
  readonly patch?: InstancePatch;
  /** Mark the instance deleted (a hard delete): it stops counting against quota and its host. */
  readonly deleteRow?: boolean;
  /** Recorded on the action (and as the event's traceback on an error). */
  readonly message?: string | null;
}

/** What finishing did. */
export interface FinishedTask {
  /** The row now (null when it no longer exists as a live instance). */
  readonly instance: InstanceRecord | null;
  /** True when another action took the instance over meanwhile and the row was left as that one set it. */
  readonly superseded: boolean;
}

/** A refusal because of a lock says why the instance was locked, when the locker said. */
function withLockReason(instance: InstanceRecord, action: InstanceAction, refusal: string): string {
  const lockedOut = instance.vmState !== 'deleted' && instance.locked && !ACTION_RULES[action].whenLocked;
  return lockedOut && instance.lockedReason !== null ? `${refusal} (${instance.lockedReason})` : refusal;
}

/** Nova's refusal for an action whose task-state compare-and-swap lost. */
function lostRace(instance: InstanceRecord, action: InstanceAction, actual: string | null): InstanceConflictError {
  return new InstanceConflictError(`Cannot '${ACTION_RULES[action].verb}' instance ${instance.name} while it is in task_state ${actual ?? 'None'}`, instance.uuid);
}

/**
 * Start a task on the instance `ref` (UUID or unique name): check the guard, run `prepare`, set the task state with
 * a compare-and-swap on the states the guard allows, record the action and its first event. Throws
 * InstanceConflictError (nothing written) when the guard or the swap refuses; NotFoundError for an unknown ref.
 */
export function beginTask(store: InventoryStore, ref: string, spec: TaskSpec, owner: string): Task {
  return store.write((repos) => {
    const instance = resolveInstance(repos, ref);
    const refusal = whyNot(instance, spec.action);
    if (refusal !== null) throw new InstanceConflictError(withLockReason(instance, spec.action, refusal), instance.uuid);
    const patch: InstancePatch = { ...spec.prepare?.(instance, repos), ...(spec.taskState === null ? {} : { taskState: spec.taskState, taskOwner: owner }) };
    const rule = ACTION_RULES[spec.action];
    let updated = instance;
    if (Object.keys(patch).length > 0) {
      try {
        updated = repos.instances.update(instance.uuid, patch, rule.taskStates === null ? undefined : { expectedTaskState: rule.taskStates });
      } catch (error) {
        if (error instanceof UnexpectedTaskStateError) throw lostRace(instance, spec.action, error.actual);
        throw error;
      }
    }
    const host = instance.hostId === null ? null : (repos.hosts.get(instance.hostId) ?? null);
    const requestId = spec.requestId ?? `req-${randomUUID()}`;
    const action = repos.instanceActions.start({ instanceUuid: instance.uuid, requestId, action: rule.verb, projectId: instance.projectId });
    const event = repos.instanceActions.startEvent(action.id, spec.event, host?.name ?? null);
    return {
      uuid: instance.uuid,
      name: instance.name,
      action: spec.action,
      taskState: spec.taskState,
      instance: updated,
      host,
      actionId: action.id,
      eventId: event.id,
      requestId,
      owner,
    };
  });
}

/** Whether the row still carries this task (its state and its owner). */
function stillOurs(task: Task, current: InstanceRecord | undefined): boolean {
  if (current === undefined || current.deletedAt !== null) return false;
  if (task.taskState === null) return true;
  return current.taskState === task.taskState && current.taskOwner === task.owner;
}

/**
 * Move a running task to its next step (a resize: `resize_prep` → `resize_migrating` → `resize_finish`): the task
 * state by compare-and-swap, the current event closed as Success and the next one opened. Throws
 * InstanceConflictError when the instance was taken over meanwhile (the caller stops and finishes with an error).
 */
export function advanceTask(store: InventoryStore, task: Task, next: { readonly taskState: TaskState; readonly event: string; readonly patch?: InstancePatch }): Task {
  return store.write((repos) => {
    const current = repos.instances.get(task.uuid);
    if (!stillOurs(task, current)) throw lostRace(current ?? task.instance, task.action, current?.taskState ?? null);
    const instance = repos.instances.update(task.uuid, { ...next.patch, taskState: next.taskState }, { expectedTaskState: [task.taskState] });
    repos.instanceActions.finishEvent(task.eventId, 'Success');
    const event = repos.instanceActions.startEvent(task.actionId, next.event, task.host?.name ?? null);
    return { ...task, taskState: next.taskState, instance, eventId: event.id };
  });
}

/** Record a change on a running task's row without ending it (e.g. a volume about to be created). */
export function updateTask(store: InventoryStore, task: Task, patch: InstancePatch): Task {
  return store.write((repos) => {
    const current = repos.instances.get(task.uuid);
    if (!stillOurs(task, current)) throw lostRace(current ?? task.instance, task.action, current?.taskState ?? null);
    const instance = repos.instances.update(task.uuid, patch, task.taskState === null ? undefined : { expectedTaskState: [task.taskState] });
    return { ...task, instance };
  });
}

/**
 * End a task: write the final fields and clear the task (only while the row still carries it), close the event with
 * its result and the action with its message, in one transaction.
 */
export function finishTask(store: InventoryStore, task: Task, outcome: TaskOutcome): FinishedTask {
  return store.write((repos) => {
    const current = repos.instances.get(task.uuid);
    let instance: InstanceRecord | null = current !== undefined && current.deletedAt === null ? current : null;
    const superseded = !stillOurs(task, current);
    if (!superseded) {
      const clear: InstancePatch = task.taskState === null ? {} : { taskState: null, taskOwner: null };
      const patch = { ...outcome.patch, ...clear };
      if (Object.keys(patch).length > 0) instance = repos.instances.update(task.uuid, patch, task.taskState === null ? undefined : { expectedTaskState: [task.taskState] });
      if (outcome.deleteRow === true) {
        repos.instances.softDelete(task.uuid);
        instance = null;
      }
    }
    const message = superseded ? joinMessages(outcome.message, 'the instance was taken over by another action meanwhile; its states were left as that one set them') : (outcome.message ?? null);
    repos.instanceActions.finishEvent(task.eventId, outcome.result, outcome.result === 'Error' ? message : null);
    repos.instanceActions.finish(task.actionId, message);
    return { instance, superseded };
  });
}

function joinMessages(first: string | null | undefined, second: string): string {
  return first === null || first === undefined || first === '' ? second : `${first}; ${second}`;
}
