// Which actions an instance allows, from its states: Nova's `check_instance_state` as one table, so main (which
// refuses with a conflict) and the renderer (which disables buttons and says why in the tooltip) never disagree.
import type { TaskState, VmState } from '../model/instance-states';

/** Every action an operator can take on an instance. */
export const INSTANCE_ACTIONS = [
  'start',
  'stop',
  'force-stop',
  'reboot',
  'reboot-hard',
  'pause',
  'unpause',
  'suspend',
  'resume',
  'rename',
  'lock',
  'unlock',
  'resize',
  'confirm-resize',
  'revert-resize',
  'snapshot-create',
  'snapshot-revert',
  'snapshot-delete',
  'delete',
  'force-delete',
  'restore',
  'forget',
] as const;

/** An action on an instance. */
export type InstanceAction = (typeof INSTANCE_ACTIONS)[number];

/** What an action requires of an instance. */
export interface ActionRule {
  /** Nova's name of the action in its messages ("Cannot 'start' instance …"). */
  readonly verb: string;
  /** vm_states it may start from; null = any. */
  readonly vmStates: readonly VmState[] | null;
  /** task_states it may start during (null in the list = no task in progress); null = any. */
  readonly taskStates: readonly (TaskState | null)[] | null;
  /** Whether a locked instance allows it. */
  readonly whenLocked: boolean;
}

const IDLE: readonly (TaskState | null)[] = [null];
/** Nova's ALLOW_REBOOT: a hard reboot is the operator's way out of these stuck tasks. */
const HARD_REBOOT_TASKS: readonly (TaskState | null)[] = [null, 'rebooting', 'rebooting_hard', 'pausing', 'unpausing', 'suspending', 'resuming'];

const rule = (verb: string, vmStates: readonly VmState[] | null, taskStates: readonly (TaskState | null)[] | null = IDLE, whenLocked = false): ActionRule => ({
  verb,
  vmStates,
  taskStates,
  whenLocked,
});

/** The rules, as Nova's compute API declares them (architecture facts §3 "Guards"). */
export const ACTION_RULES: Readonly<Record<InstanceAction, ActionRule>> = {
  start: rule('start', ['stopped']),
  stop: rule('stop', ['active', 'error']),
  'force-stop': rule('stop', ['active', 'paused', 'error']),
  reboot: rule('reboot', ['active']),
  'reboot-hard': rule('reboot', ['active', 'stopped', 'paused', 'suspended', 'error'], HARD_REBOOT_TASKS),
  pause: rule('pause', ['active']),
  unpause: rule('unpause', ['paused']),
  suspend: rule('suspend', ['active']),
  resume: rule('resume', ['suspended']),
  // Nova allows a rename (server update) in any state.
  rename: rule('update', null, null),
  lock: rule('lock', null, null, true),
  unlock: rule('unlock', null, null, true),
  resize: rule('resize', ['active', 'stopped']),
  'confirm-resize': rule('confirmResize', ['resized']),
  'revert-resize': rule('revertResize', ['resized']),
  'snapshot-create': rule('createImage', ['active', 'stopped', 'paused', 'suspended']),
  'snapshot-revert': rule('revertToSnapshot', ['active', 'stopped', 'paused', 'suspended']),
  'snapshot-delete': rule('deleteSnapshot', ['active', 'stopped', 'paused', 'suspended', 'error']),
  // Delete works from any state and during any task: it is how an operator gets rid of a broken build.
  delete: rule('delete', null, null),
  'force-delete': rule('forceDelete', null, null),
  restore: rule('restore', ['soft-delete']),
  // Forget touches only the inventory: allowed whatever the host says.
  forget: rule('forget', null, null, true),
};

/** The instance fields the guards read. */
export interface GuardedInstance {
  readonly name: string;
  readonly vmState: VmState;
  readonly taskState: string | null;
  readonly locked: boolean;
}

/** Why an action is refused for an instance (Nova's 409 message), or null when it is allowed. */
export function whyNot(instance: GuardedInstance, action: InstanceAction): string | null {
  const r = ACTION_RULES[action];
  if (instance.vmState === 'deleted') return `Instance ${instance.name} is deleted`;
  if (instance.locked && !r.whenLocked) return `Instance ${instance.name} is locked`;
  if (r.vmStates !== null && !r.vmStates.includes(instance.vmState)) {
    return `Cannot '${r.verb}' instance ${instance.name} while it is in vm_state ${instance.vmState}`;
  }
  if (r.taskStates !== null && !(r.taskStates as readonly (string | null)[]).includes(instance.taskState)) {
    return `Cannot '${r.verb}' instance ${instance.name} while it is in task_state ${instance.taskState ?? 'None'}`;
  }
  return null;
}

/** The actions an instance allows now. */
export function allowedActions(instance: GuardedInstance): InstanceAction[] {
  return INSTANCE_ACTIONS.filter((action) => whyNot(instance, action) === null);
}
