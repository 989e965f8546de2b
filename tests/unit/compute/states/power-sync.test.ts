import { describe, expect, it } from 'vitest';
import { isVanished, syncPowerState, vanishedFault, type SyncedInstance } from '../../../../main/compute/states/power-sync';
import { powerStateFromLibvirt } from '../../../../main/compute/states/power-state';

const NOW = '2026-12-01T10:00:00.000Z';
const base: SyncedInstance = { vmState: 'active', taskState: null, powerState: 1, fault: null, launchedAt: '2026-11-01T00:00:00.000Z' };
const sync = (instance: Partial<SyncedInstance>, libvirtState: number, deferStop = false) => syncPowerState({ ...base, ...instance }, libvirtState, { now: NOW, deferStop });

// libvirt states
const RUNNING = 1;
const BLOCKED = 2;
const PAUSED = 3;
const SHUTOFF = 5;
const CRASHED = 6;
const PMSUSPENDED = 7;

describe('libvirt state → power_state', () => {
  it('maps as Nova\'s libvirt driver does', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 99].map(powerStateFromLibvirt)).toEqual([0, 1, 1, 3, 4, 4, 6, 7, 0]);
  });
});

describe('power-state sync', () => {
  it('leaves an instance alone while a task runs (never fight a task)', () => {
    expect(sync({ taskState: 'powering-off' }, SHUTOFF)).toEqual({ patch: null, stopDeferred: false });
    expect(sync({ vmState: 'building', taskState: null }, RUNNING).patch).toBeNull();
  });

  it('writes nothing when hypervisor and inventory agree', () => {
    expect(sync({}, RUNNING).patch).toBeNull();
    expect(sync({}, BLOCKED).patch).toBeNull();
  });

  it('stops an active instance found shut off or crashed', () => {
    expect(sync({}, SHUTOFF).patch).toEqual({ powerState: 4, vmState: 'stopped' });
    expect(sync({ vmState: 'paused', powerState: 3 }, CRASHED).patch).toEqual({ powerState: 6, vmState: 'stopped' });
  });

  it('debounces the stop but writes the power state at once', () => {
    expect(sync({}, SHUTOFF, true)).toEqual({ patch: { powerState: 4 }, stopDeferred: true });
  });

  it('differs from Nova: a stopped instance found running becomes active', () => {
    expect(sync({ vmState: 'stopped', powerState: 4, launchedAt: null }, RUNNING).patch).toEqual({ powerState: 1, vmState: 'active', launchedAt: NOW });
  });

  it('follows pause and resume done behind its back', () => {
    expect(sync({}, PAUSED).patch).toEqual({ powerState: 3, vmState: 'paused' });
    expect(sync({ vmState: 'paused', powerState: 3 }, RUNNING).patch).toEqual({ powerState: 1, vmState: 'active' });
    expect(sync({}, PMSUSPENDED).patch).toEqual({ powerState: 7, vmState: 'suspended' });
  });

  it('keeps a suspended (managed-save) instance suspended while its domain is shut off', () => {
    expect(sync({ vmState: 'suspended', powerState: 4 }, SHUTOFF).patch).toBeNull();
    expect(sync({ vmState: 'suspended', powerState: 4 }, RUNNING).patch).toEqual({ powerState: 1, vmState: 'active' });
  });

  it('only writes the power state of an instance in ERROR for another reason', () => {
    const fault = { code: 500, message: 'build failed', createdAt: NOW };
    expect(sync({ vmState: 'error', powerState: 0, fault }, RUNNING).patch).toEqual({ powerState: 1 });
  });

  it('recovers an instance whose vanished domain came back, clearing the fault, without debounce', () => {
    const fault = vanishedFault({ name: 'web', uuid: 'u-1' }, 'lab1', NOW);
    expect(isVanished({ vmState: 'error', fault })).toBe(true);
    expect(fault.message).toBe('Domain web (u-1) is no longer defined on host lab1');
    expect(sync({ vmState: 'error', powerState: 0, fault }, SHUTOFF, true)).toEqual({ patch: { powerState: 4, vmState: 'stopped', fault: null }, stopDeferred: false });
  });
});
