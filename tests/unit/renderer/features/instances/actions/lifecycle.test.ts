import { describe, expect, it } from 'vitest';
import { whyNot, type InstanceAction } from '../../../../../../common/compute/instance-actions';
import type { Instance } from '../../../../../../common/contract/schemas';
import type { VmState } from '../../../../../../common/model/instance-states';
import { availability, availabilityTitle, instanceWhyNot, LIFECYCLE_ACTIONS, lifecycleSlots } from '../../../../../../renderer/features/instances/actions/lifecycle';
import type { PendingAction } from '../../../../../../renderer/shared/stores/instance-actions-store';

const instance = (name: string, vmState: string, extra: Partial<Instance> = {}): Instance =>
  ({ uuid: `uuid-${name}`, name, vmState, taskState: null, locked: false, ...extra }) as Instance;
const idle = { connected: true, pending: new Map<string, PendingAction>() };
const ids = (instances: Instance[]) => lifecycleSlots(instances).map((a) => a.id);

describe('lifecycle buttons', () => {
  it('a pair shows its second action only when every instance is in the state it undoes', () => {
    expect(ids([instance('a', 'active')])).toEqual(['start', 'stop', 'reboot', 'reboot-hard', 'pause', 'suspend', 'lock', 'delete']);
    expect(ids([instance('a', 'paused', { locked: true })])).toEqual(['start', 'stop', 'reboot', 'reboot-hard', 'unpause', 'suspend', 'unlock', 'delete']);
    expect(ids([instance('a', 'suspended'), instance('b', 'suspended')])).toContain('resume');
    expect(ids([instance('a', 'suspended'), instance('b', 'active')])).toContain('suspend');
  });

  it('one instance: enabled exactly where the guard table allows, disabled with its words', () => {
    const states: VmState[] = ['active', 'stopped', 'paused', 'suspended', 'error', 'building', 'soft-delete'];
    for (const vmState of states) {
      for (const taskState of [null, 'powering-off']) {
        for (const locked of [false, true]) {
          const i = instance('web', vmState, { taskState, locked });
          for (const action of Object.values(LIFECYCLE_ACTIONS)) {
            const expected = whyNot({ name: 'web', vmState, taskState, locked }, action.id as InstanceAction);
            expect(availability(action, [i], idle).reason).toBe(expected);
          }
        }
      }
    }
    const stopped = availability(LIFECYCLE_ACTIONS.stop, [instance('web', 'stopped')], idle);
    expect(availabilityTitle(LIFECYCLE_ACTIONS.stop, stopped)).toBe("Cannot 'stop' instance web while it is in vm_state stopped");
    expect(availabilityTitle(LIFECYCLE_ACTIONS.start, availability(LIFECYCLE_ACTIONS.start, [instance('web', 'stopped')], idle))).toBe('Start web');
  });

  it('an action asked for and not answered counts as a task; offline and nothing selected say so', () => {
    const web = instance('web', 'active');
    const pending = new Map<string, PendingAction>([[web.uuid, { action: 'stop', since: 0, token: 1 }]]);
    expect(instanceWhyNot(web, 'pause', pending)).toBe("Cannot 'pause' instance web while it is in task_state stop (asked)");
    expect(instanceWhyNot(web, 'delete', pending)).toBeNull();
    expect(availability(LIFECYCLE_ACTIONS.stop, [web], { connected: false, pending: new Map() }).reason).toBe('Not connected to Virt Deck');
    expect(availability(LIFECYCLE_ACTIONS.stop, [], idle).reason).toBe('Select an instance first');
  });

  it('several instances: bulk actions enabled when one allows it, the others named; the rest act on one', () => {
    const running = instance('a', 'active');
    const stopped = instance('b', 'stopped');
    const stop = availability(LIFECYCLE_ACTIONS.stop, [running, stopped], idle);
    expect(stop.reason).toBeNull();
    expect(stop.targets).toEqual([running]);
    expect(stop.skipped).toEqual([{ instance: stopped, reason: "Cannot 'stop' instance b while it is in vm_state stopped" }]);
    expect(availabilityTitle(LIFECYCLE_ACTIONS.stop, stop)).toBe("Stop 1 of 2: 1 left out (Cannot 'stop' instance b while it is in vm_state stopped)");
    const start = availability(LIFECYCLE_ACTIONS.start, [running, instance('c', 'active')], idle);
    expect(start.reason).toBe("None of the 2 selected instances allows it: Cannot 'start' instance a while it is in vm_state active");
    expect(availability(LIFECYCLE_ACTIONS.pause, [running, instance('c', 'active')], idle).reason).toBe('Pause acts on one instance at a time: select only one');
    expect(availabilityTitle(LIFECYCLE_ACTIONS.delete, availability(LIFECYCLE_ACTIONS.delete, [running, stopped], idle))).toBe('Delete 2 instances');
  });
});
