import { describe, expect, it } from 'vitest';
import type { INSTANCE_ACTIONS} from '../../../../common/compute/instance-actions';
import { allowedActions, whyNot, type GuardedInstance } from '../../../../common/compute/instance-actions';
import { VM_STATES } from '../../../../common/model/instance-states';

const instance = (overrides: Partial<GuardedInstance> = {}): GuardedInstance => ({ name: 'web-1', vmState: 'active', taskState: null, locked: false, ...overrides });

describe('instance action guards (Nova check_instance_state)', () => {
  it('names the vm_state that refuses an action, as Nova words its 409', () => {
    expect(whyNot(instance(), 'start')).toBe("Cannot 'start' instance web-1 while it is in vm_state active");
    expect(whyNot(instance({ vmState: 'stopped' }), 'start')).toBeNull();
    expect(whyNot(instance({ vmState: 'stopped' }), 'stop')).toBe("Cannot 'stop' instance web-1 while it is in vm_state stopped");
  });

  it('refuses everything but hard reboot and delete while a task runs', () => {
    const busy = instance({ taskState: 'powering-off' });
    expect(whyNot(busy, 'reboot')).toBe("Cannot 'reboot' instance web-1 while it is in task_state powering-off");
    expect(allowedActions(busy)).toEqual(['rename', 'lock', 'unlock', 'delete', 'force-delete', 'forget']);
    // Nova's ALLOW_REBOOT: a stuck reboot or pause is got out of by a hard reboot.
    expect(whyNot(instance({ taskState: 'rebooting' }), 'reboot-hard')).toBeNull();
    expect(whyNot(instance({ taskState: 'pausing' }), 'reboot-hard')).toBeNull();
    expect(whyNot(instance({ taskState: 'spawning' }), 'reboot-hard')).not.toBeNull();
  });

  it('lets a locked instance be unlocked (and forgotten), nothing else', () => {
    const locked = instance({ locked: true });
    expect(allowedActions(locked)).toEqual(['lock', 'unlock', 'forget']);
    expect(whyNot(locked, 'stop')).toBe('Instance web-1 is locked');
  });

  it('allows delete from every state but deleted', () => {
    for (const vmState of VM_STATES) {
      expect(whyNot(instance({ vmState, taskState: 'spawning' }), 'delete')).toBe(vmState === 'deleted' ? 'Instance web-1 is deleted' : null);
    }
  });

  it('follows Nova for the state-bound pairs', () => {
    const allowedFrom = (action: (typeof INSTANCE_ACTIONS)[number]) => VM_STATES.filter((vmState) => whyNot(instance({ vmState }), action) === null);
    expect(allowedFrom('reboot-hard')).toEqual(['active', 'paused', 'suspended', 'stopped', 'error']);
    expect(allowedFrom('resize')).toEqual(['active', 'stopped']);
    expect(allowedFrom('unpause')).toEqual(['paused']);
    expect(allowedFrom('resume')).toEqual(['suspended']);
    expect(allowedFrom('restore')).toEqual(['soft-delete']);
    expect(allowedFrom('confirm-resize')).toEqual(['resized']);
  });
});
