// What every action runs with, what it returns, and the one shape they share: begin the task, do the host work,
// finish the task with the states the host shows — or, when the host work fails, finish it as an error and say why.
import type { InstanceAction } from '../../../common/compute/instance-actions';
import { HostUnavailableError } from '../../hosts/host-unavailable';
import { InventoryError } from '../../inventory/errors';
import type { InstanceRecord } from '../../inventory/model';
import type { InstancePatch, InventoryStore } from '../../inventory/repositories';
import { isLibvirtError, isNoDomain, type DomainRef, type LibvirtConnection } from '../../libvirt';
import type { HostRecord } from '../../inventory/model';
import { ActionFailedError, InstanceConflictError } from '../errors';
import type { HostConnections } from '../host-access';
import { powerStateFromLibvirt } from '../states/power-state';
import type { TaskState } from '../../../common/model/instance-states';
import { advanceTask, beginTask, finishTask, updateTask, type Task, type TaskSpec } from '../tasks';

/** What actions run with. */
export interface ActionContext {
  readonly store: InventoryStore;
  readonly hosts: HostConnections;
  /** This process as a task owner (`pid:starttime@hostname`). */
  readonly owner: string;
  readonly now: () => Date;
  /** Resolves after `ms`, or early when `signal` aborts (tests pass instant ones). */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A snapshot of an instance, as listed. */
export interface SnapshotInfo {
  readonly name: string;
  readonly description: string | null;
  /** Domain state when it was taken (`running`, `shutoff`, `paused`, …). */
  readonly state: string | null;
  /** ISO time. */
  readonly createdAt: string | null;
  readonly parent: string | null;
  /** The snapshot the domain last was at (libvirt's current snapshot). */
  readonly current: boolean;
}

/** What an action did. */
export interface ActionResult {
  /** The instance afterwards; null when it is gone from the live inventory (deleted, forgotten). */
  readonly instance: InstanceRecord | null;
  /** False when the action stopped short of its goal without failing (a stop that timed out). */
  readonly done: boolean;
  /** What the operator should know (the timeout, a step that was skipped). */
  readonly message: string | null;
  /** What the operator may do next: the "Force off" after a stop that timed out. */
  readonly offer: InstanceAction | null;
  /** The snapshot a `snapshot-create` took. */
  readonly snapshot?: SnapshotInfo;
}

/** What an action's host work hands back to be written when the task finishes. */
export interface StepResult {
  readonly patch?: InstancePatch;
  /** Default Success. */
  readonly result?: 'Success' | 'Error';
  readonly message?: string | null;
  readonly done?: boolean;
  readonly offer?: InstanceAction | null;
  readonly deleteRow?: boolean;
  readonly snapshot?: SnapshotInfo;
}

/** The message of a failure, without the RPC details libvirt's own text does not need. */
export function failureText(error: unknown): string {
  if (isLibvirtError(error)) return error.serverMessage ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Refuse before anything starts when the instance has no domain to act on. */
export function requireDomain(instance: InstanceRecord): void {
  if (instance.hostId === null || instance.libvirtDomainUuid === null) {
    throw new InstanceConflictError(`Instance ${instance.name} has no libvirt domain on a host`, instance.uuid);
  }
}

/** Power and vm_state for a domain state the host reports, as an instance patch. */
export function statesFor(libvirtState: number, vmState: InstancePatch['vmState']): InstancePatch {
  return { powerState: powerStateFromLibvirt(libvirtState), ...(vmState === undefined ? {} : { vmState }) };
}

/**
 * Run `fn` with the instance's host connection and its domain. A domain that is gone fails with a message naming it
 * (the host session will mark the instance as vanished).
 */
export async function onDomain<T>(ctx: ActionContext, task: Pick<Task, 'uuid' | 'name' | 'instance'>, fn: (conn: LibvirtConnection, dom: DomainRef, host: HostRecord) => Promise<T>): Promise<T> {
  const { hostId, libvirtDomainUuid } = task.instance;
  if (hostId === null || libvirtDomainUuid === null) throw new ActionFailedError(`Instance ${task.name} has no libvirt domain on a host`, task.uuid);
  return ctx.hosts.use(hostId, async (conn, host) => {
    let dom: DomainRef;
    try {
      dom = await conn.domains.lookupByUuid(libvirtDomainUuid);
    } catch (error) {
      if (isNoDomain(error)) throw new ActionFailedError(`Domain ${task.instance.libvirtDomainName ?? libvirtDomainUuid} is no longer defined on host ${host.name}`, task.uuid, { cause: error });
      throw error;
    }
    return fn(conn, dom, host);
  });
}

/** The domain's state now, or null when it cannot be read (the host went away): for writing what is true after a failure. */
async function observedPower(ctx: ActionContext, task: Task): Promise<InstancePatch> {
  try {
    const state = await onDomain(ctx, task, async (conn, dom) => (await conn.domains.getState(dom)).state);
    return { powerState: powerStateFromLibvirt(state) };
  } catch {
    return {};
  }
}

/**
 * Thrown by an action that cleaned up after its own failure: the task finishes as an Error with `patch` (the states
 * the clean-up left) instead of the power state read back from the host.
 */
export class FailedStep extends Error {
  override readonly name = 'FailedStep';
  constructor(
    readonly failure: unknown,
    readonly patch: InstancePatch,
  ) {
    super(failureText(failure), { cause: failure });
  }
}

/** The running task of an action: moved on by its steps, finished by {@link runTask}. */
export class TaskHandle {
  constructor(
    private readonly store: InventoryStore,
    private current: Task,
  ) {}

  /** The task as its last step left it. */
  get task(): Task {
    return this.current;
  }

  /** Next step: new task state and event (see `advanceTask`). */
  advance(next: { readonly taskState: TaskState; readonly event: string; readonly patch?: InstancePatch }): Task {
    this.current = advanceTask(this.store, this.current, next);
    return this.current;
  }

  /** Record fields on the row while the task runs (see `updateTask`). */
  update(patch: InstancePatch): Task {
    this.current = updateTask(this.store, this.current, patch);
    return this.current;
  }
}

/**
 * The shape of every action that does host work: begin the task (guard + compare-and-swap + action row), run
 * `work`, and finish the task with what it returns. When `work` throws, the task is finished as an Error with the
 * reason (the instance keeps its vm_state and gets the power state the host shows, or the patch of a FailedStep) and
 * the error is rethrown: a host that cannot be reached, a conflict or an inventory error as it is, anything else as
 * an ActionFailedError naming the action.
 */
export async function runTask(ctx: ActionContext, ref: string, spec: TaskSpec, work: (task: Task, handle: TaskHandle) => Promise<StepResult>): Promise<ActionResult> {
  const handle = new TaskHandle(ctx.store, beginTask(ctx.store, ref, spec, ctx.owner));
  let step: StepResult;
  try {
    step = await work(handle.task, handle);
  } catch (thrown) {
    const error = thrown instanceof FailedStep ? thrown.failure : thrown;
    const reason = failureText(error);
    const task = handle.task;
    const patch = thrown instanceof FailedStep ? thrown.patch : task.taskState === null ? {} : await observedPower(ctx, task);
    finishTask(ctx.store, task, { result: 'Error', patch, message: `${spec.action} failed: ${reason}` });
    if (error instanceof HostUnavailableError || error instanceof InstanceConflictError || error instanceof ActionFailedError || error instanceof InventoryError) throw error;
    throw new ActionFailedError(`Cannot ${spec.action} instance ${task.name}: ${reason}`, task.uuid, { cause: error });
  }
  const finished = finishTask(ctx.store, handle.task, {
    result: step.result ?? 'Success',
    ...(step.patch === undefined ? {} : { patch: step.patch }),
    ...(step.deleteRow === undefined ? {} : { deleteRow: step.deleteRow }),
    message: step.message ?? null,
  });
  return {
    instance: finished.instance,
    done: step.done ?? true,
    message: step.message ?? null,
    offer: step.offer ?? null,
    ...(step.snapshot === undefined ? {} : { snapshot: step.snapshot }),
  };
}

/** Sleep, stopping early on abort (the timer keeps a CLI process alive while it waits for a guest). */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
