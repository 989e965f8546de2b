// The lifecycle buttons (toolbar, details bar, row menu) as data, and whether each may be pressed for some instances.
// The state rules are the guard table's (common/compute/instance-actions.ts): a disabled button's tooltip is the
// guard's own sentence, the one main would refuse with.
import { whyNot, type InstanceAction } from '../../../../common/compute/instance-actions';
import type { InstanceActionRequest } from '../../../../common/contract/compute-schemas';
import type { VmState } from '../../../../common/model/instance-states';
import type { Instance } from '../../../../common/contract/schemas';
import type { PendingAction } from '../../../shared/stores/instance-actions-store';

/** One lifecycle button. */
export interface LifecycleAction {
  /** The guard table's action; also the test id's suffix. */
  readonly id: InstanceAction;
  readonly label: string;
  /** What is sent (`delete` is asked first: the delete dialog sends it). */
  readonly request: InstanceActionRequest;
  /** Offered on several instances at once (`instances.bulk`); the others act on one. */
  readonly bulk: boolean;
  readonly danger?: boolean;
}

const lifecycle = (id: InstanceAction, label: string, bulk = false, danger = false): LifecycleAction => ({ id, label, request: { action: id } as InstanceActionRequest, bulk, danger });

/** Every lifecycle action, in toolbar order. Pairs (pause/unpause, …) share a slot: see {@link lifecycleSlots}. */
export const LIFECYCLE_ACTIONS = {
  start: lifecycle('start', 'Start', true),
  stop: lifecycle('stop', 'Stop', true),
  reboot: lifecycle('reboot', 'Reboot', true),
  'reboot-hard': lifecycle('reboot-hard', 'Hard reboot', true),
  pause: lifecycle('pause', 'Pause'),
  unpause: lifecycle('unpause', 'Unpause'),
  suspend: lifecycle('suspend', 'Suspend'),
  resume: lifecycle('resume', 'Resume'),
  lock: lifecycle('lock', 'Lock'),
  unlock: lifecycle('unlock', 'Unlock'),
  delete: lifecycle('delete', 'Delete…', true, true),
  'force-stop': lifecycle('force-stop', 'Force off', true, true),
} as const satisfies Partial<Record<InstanceAction, LifecycleAction>>;

/** A lifecycle action's id. */
export type LifecycleId = keyof typeof LIFECYCLE_ACTIONS;

/** A slot of the bar: one action, or the one of a pair that fits the instance's state. */
type Slot = LifecycleId | { readonly pair: readonly [LifecycleId, LifecycleId]; readonly second: (instance: Instance) => boolean };

const SLOTS: readonly Slot[] = [
  'start',
  'stop',
  'reboot',
  'reboot-hard',
  { pair: ['pause', 'unpause'], second: (i) => i.vmState === 'paused' },
  { pair: ['suspend', 'resume'], second: (i) => i.vmState === 'suspended' },
  { pair: ['lock', 'unlock'], second: (i) => i.locked },
  'delete',
];

/**
 * The bar's buttons for these instances: a pair shows its second action (Unpause, Resume, Unlock) when every
 * instance is in the state it undoes, else its first.
 */
export function lifecycleSlots(instances: readonly Instance[]): LifecycleAction[] {
  return SLOTS.map((slot) => {
    if (typeof slot === 'string') return LIFECYCLE_ACTIONS[slot];
    const second = instances.length > 0 && instances.every(slot.second);
    return LIFECYCLE_ACTIONS[slot.pair[second ? 1 : 0]];
  });
}

/** Whether a button may be pressed, for which instances, and why not. */
export interface Availability {
  /** The instances the action would be sent for (those whose state allows it). */
  readonly targets: readonly Instance[];
  /** Why the button is disabled; null when enabled. */
  readonly reason: string | null;
  /** For several instances: why the others are left out (guard words per instance name). */
  readonly skipped: readonly { readonly instance: Instance; readonly reason: string }[];
}

/** What else decides: the connection, and actions this window asked for that main has not answered. */
export interface AvailabilityContext {
  readonly connected: boolean;
  readonly pending: ReadonlyMap<string, PendingAction>;
}

/** The guard's answer for one instance; an action asked for and not answered yet counts as its task. */
export function instanceWhyNot(instance: Instance, action: InstanceAction, pending: ReadonlyMap<string, PendingAction>): string | null {
  const asked = pending.get(instance.uuid);
  return whyNot(
    {
      name: instance.name,
      // The contract carries vm_state as text; the guard compares it with its own names, so an unknown one is refused.
      vmState: instance.vmState as VmState,
      taskState: instance.taskState ?? (asked === undefined ? null : `${asked.action} (asked)`),
      locked: instance.locked,
    },
    action,
  );
}

/** Whether `action` may be pressed for `instances` (the selection, or the one in the details panel). */
export function availability(action: LifecycleAction, instances: readonly Instance[], context: AvailabilityContext): Availability {
  const none = (reason: string): Availability => ({ targets: [], reason, skipped: [] });
  if (instances.length === 0) return none('Select an instance first');
  if (!context.connected) return none('Not connected to Virt Deck');
  if (instances.length > 1 && !action.bulk) return none(`${action.label} acts on one instance at a time: select only one`);
  const targets: Instance[] = [];
  const skipped: { instance: Instance; reason: string }[] = [];
  for (const instance of instances) {
    const reason = instanceWhyNot(instance, action.id, context.pending);
    if (reason === null) targets.push(instance);
    else skipped.push({ instance, reason });
  }
  if (targets.length > 0) return { targets, reason: null, skipped };
  const first = skipped[0]?.reason ?? '';
  return { targets, reason: instances.length === 1 ? first : `None of the ${instances.length} selected instances allows it: ${first}`, skipped };
}

/** A button's tooltip: its reason when disabled; when enabled on part of a selection, what it leaves out. */
export function availabilityTitle(action: LifecycleAction, a: Availability): string {
  if (a.reason !== null) return a.reason;
  if (a.skipped.length === 0) return a.targets.length === 1 ? `${action.label.replace('…', '')} ${a.targets[0]?.name ?? ''}` : `${action.label.replace('…', '')} ${a.targets.length} instances`;
  return `${action.label.replace('…', '')} ${a.targets.length} of ${a.targets.length + a.skipped.length}: ${a.skipped.length} left out (${a.skipped[0]?.reason ?? ''}${a.skipped.length > 1 ? ', …' : ''})`;
}
