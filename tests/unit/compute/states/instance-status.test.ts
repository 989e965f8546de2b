import { describe, expect, it } from 'vitest';
import { instanceStatus } from '../../../../main/compute/states/instance-status';
import { powerStateName } from '../../../../main/compute/states/power-state';

describe('nova status', () => {
  it('maps vm_state as nova list does', () => {
    const pairs = [
      ['active', 'ACTIVE'],
      ['building', 'BUILD'],
      ['stopped', 'SHUTOFF'],
      ['paused', 'PAUSED'],
      ['suspended', 'SUSPENDED'],
      ['error', 'ERROR'],
      ['soft-delete', 'SOFT_DELETED'],
      ['resized', 'VERIFY_RESIZE'],
      ['deleted', 'DELETED'],
    ] as const;
    for (const [vmState, status] of pairs) expect(instanceStatus({ vmState, taskState: null })).toBe(status);
  });

  it('shows the task while it runs where Nova does', () => {
    expect(instanceStatus({ vmState: 'active', taskState: 'rebooting' })).toBe('REBOOT');
    expect(instanceStatus({ vmState: 'active', taskState: 'rebooting_hard' })).toBe('HARD_REBOOT');
    expect(instanceStatus({ vmState: 'active', taskState: 'migrating' })).toBe('MIGRATING');
    expect(instanceStatus({ vmState: 'stopped', taskState: 'resize_prep' })).toBe('RESIZE');
    expect(instanceStatus({ vmState: 'active', taskState: 'powering-off' })).toBe('ACTIVE');
  });

  it('is UNKNOWN on a host that is down, except for instances no host holds', () => {
    expect(instanceStatus({ vmState: 'active', taskState: null }, 'down')).toBe('UNKNOWN');
    expect(instanceStatus({ vmState: 'deleted', taskState: null }, 'down')).toBe('DELETED');
    expect(instanceStatus({ vmState: 'active', taskState: null }, 'up')).toBe('ACTIVE');
  });

  it('names power states as the Power State column does', () => {
    expect(([0, 1, 3, 4, 6, 7] as const).map(powerStateName)).toEqual(['NOSTATE', 'Running', 'Paused', 'Shutdown', 'Crashed', 'Suspended']);
  });
});
