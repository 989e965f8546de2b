// Nova's three instance states, shared by main (which enforces them) and the renderer (which shows them and decides
// which buttons are live). Values and spelling are Nova's.

/** Nova's vm_state values. */
export const VM_STATES = [
  'active',
  'building',
  'paused',
  'suspended',
  'stopped',
  'rescued',
  'resized',
  'soft-delete',
  'deleted',
  'error',
  'shelved',
  'shelved_offloaded',
] as const;

/** What Nova calls vm_state: the stable state of an instance. */
export type VmState = (typeof VM_STATES)[number];

/** The task states Virt Deck sets (Nova's names); null in a row means "no task in progress". */
export const TASK_STATES = [
  'scheduling',
  'networking',
  'block_device_mapping',
  'spawning',
  'image_snapshot',
  // Ours: Nova has no snapshot revert or delete on the instance (its snapshots are images).
  'snapshot_reverting',
  'snapshot_deleting',
  'rebooting',
  'rebooting_hard',
  'pausing',
  'unpausing',
  'suspending',
  'resuming',
  'powering-off',
  'powering-on',
  'resize_prep',
  'resize_migrating',
  'resize_finish',
  'resize_reverting',
  'resize_confirming',
  'migrating',
  'deleting',
  'soft-deleting',
  'restoring',
  'updating_password',
  'rebuilding',
] as const;

/** A task in progress on an instance. */
export type TaskState = (typeof TASK_STATES)[number];

/** Nova's power_state codes: 0 pending/nostate, 1 running, 3 paused, 4 shutdown, 6 crashed, 7 suspended. */
export type PowerState = 0 | 1 | 3 | 4 | 6 | 7;

/** Every power_state code. */
export const POWER_STATES: readonly PowerState[] = [0, 1, 3, 4, 6, 7];
