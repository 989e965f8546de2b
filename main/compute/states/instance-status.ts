import type { HostStatus, VmState } from '../../inventory/model';

/** What `nova list` shows in its Status column. */
export type InstanceStatus =
  | 'ACTIVE'
  | 'BUILD'
  | 'REBOOT'
  | 'HARD_REBOOT'
  | 'MIGRATING'
  | 'RESIZE'
  | 'VERIFY_RESIZE'
  | 'REVERT_RESIZE'
  | 'SHUTOFF'
  | 'PAUSED'
  | 'SUSPENDED'
  | 'RESCUE'
  | 'ERROR'
  | 'DELETED'
  | 'SOFT_DELETED'
  | 'SHELVED'
  | 'SHELVED_OFFLOADED'
  | 'UNKNOWN';

const RESIZE_TASKS = new Set(['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish']);

/** Status while a task runs, per vm_state, where it differs from the state's own (nova/api/openstack/common.py). */
function taskStatus(vmState: VmState, taskState: string): InstanceStatus | null {
  switch (vmState) {
    case 'active':
      if (taskState === 'rebooting' || taskState === 'reboot_pending' || taskState === 'reboot_started') return 'REBOOT';
      if (taskState === 'rebooting_hard' || taskState === 'reboot_pending_hard' || taskState === 'reboot_started_hard') return 'HARD_REBOOT';
      if (taskState === 'migrating') return 'MIGRATING';
      return RESIZE_TASKS.has(taskState) ? 'RESIZE' : null;
    case 'stopped':
      return RESIZE_TASKS.has(taskState) ? 'RESIZE' : null;
    case 'paused':
      return taskState === 'migrating' ? 'MIGRATING' : null;
    case 'resized':
      return taskState === 'resize_reverting' ? 'REVERT_RESIZE' : null;
    default:
      return null;
  }
}

const VM_STATE_STATUS: Readonly<Record<VmState, InstanceStatus>> = {
  active: 'ACTIVE',
  building: 'BUILD',
  stopped: 'SHUTOFF',
  resized: 'VERIFY_RESIZE',
  paused: 'PAUSED',
  suspended: 'SUSPENDED',
  rescued: 'RESCUE',
  error: 'ERROR',
  deleted: 'DELETED',
  'soft-delete': 'SOFT_DELETED',
  shelved: 'SHELVED',
  shelved_offloaded: 'SHELVED_OFFLOADED',
};

/**
 * The Status column of `nova list`. An instance on a host that is down shows UNKNOWN, as Nova's API does for
 * instances whose compute service is down: its last known states are kept, but nobody can vouch for them.
 */
export function instanceStatus(instance: { readonly vmState: VmState; readonly taskState: string | null }, hostStatus?: HostStatus | null): InstanceStatus {
  if (hostStatus === 'down' && instance.vmState !== 'deleted' && instance.vmState !== 'shelved_offloaded') return 'UNKNOWN';
  if (instance.taskState !== null) {
    const during = taskStatus(instance.vmState, instance.taskState);
    if (during !== null) return during;
  }
  return VM_STATE_STATUS[instance.vmState];
}
