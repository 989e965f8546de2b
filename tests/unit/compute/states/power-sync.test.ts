import { describe, expect, it } from 'vitest';
import { isVanished, syncPowerState, vanishedFault, vmStateForPower, type ObservedPower, type SyncedInstance } from '../../../../main/compute/states/power-sync';
import { powerStateFromLibvirt } from '../../../../main/compute/states/power-state';

const NOW = '2026-12-01T10:00:00.000Z';
const base: SyncedInstance = { vmState: 'active', taskState: null, powerState: 1, fault: null, launchedAt: '2026-11-01T00:00:00.000Z' };
const sync = (instance: Partial<SyncedInstance>, libvirtState: number, observed: ObservedPower = {}) => syncPowerState({ ...base, ...instance }, libvirtState, { now: NOW, ...observed });

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
    expect(sync({ taskState: 'powering-off' }, SHUTOFF)).toBeNull();
    expect(sync({ taskState: 'rebooting_hard' }, SHUTOFF)).toBeNull();
    expect(sync({ vmState: 'building', taskState: null }, RUNNING)).toBeNull();
  });

  it('writes nothing when hypervisor and inventory agree', () => {
    expect(sync({}, RUNNING)).toBeNull();
    expect(sync({}, BLOCKED)).toBeNull();
  });

  it('stops an active instance found shut off or crashed', () => {
    expect(sync({}, SHUTOFF)).toEqual({ powerState: 4, vmState: 'stopped' });
    expect(sync({ vmState: 'paused', powerState: 3 }, CRASHED)).toEqual({ powerState: 6, vmState: 'stopped' });
  });

  it('applies a stop at once, and forgets the addresses of a guest that is off', () => {
    expect(sync({ hasAddresses: true }, SHUTOFF)).toEqual({ powerState: 4, vmState: 'stopped', addresses: {} });
    expect(sync({ hasAddresses: true }, PAUSED)).toEqual({ powerState: 3, vmState: 'paused' });
  });

  it('differs from Nova: a stopped instance found running becomes active', () => {
    expect(sync({ vmState: 'stopped', powerState: 4, launchedAt: null }, RUNNING)).toEqual({ powerState: 1, vmState: 'active', launchedAt: NOW });
  });

  it('follows pause and resume done behind its back', () => {
    expect(sync({}, PAUSED)).toEqual({ powerState: 3, vmState: 'paused' });
    expect(sync({ vmState: 'paused', powerState: 3 }, RUNNING)).toEqual({ powerState: 1, vmState: 'active' });
    expect(sync({}, PMSUSPENDED)).toEqual({ powerState: 7, vmState: 'suspended' });
  });

  it('keeps a suspended (managed-save) instance suspended while its domain is shut off', () => {
    expect(sync({ vmState: 'suspended', powerState: 4 }, SHUTOFF)).toBeNull();
    expect(sync({ vmState: 'suspended', powerState: 4 }, SHUTOFF, { managedSave: true })).toBeNull();
    expect(sync({ vmState: 'suspended', powerState: 4 }, RUNNING)).toEqual({ powerState: 1, vmState: 'active' });
  });

  it('follows a managed save done behind its back, and the image removed', () => {
    expect(sync({}, SHUTOFF, { managedSave: true })).toEqual({ powerState: 4, vmState: 'suspended' });
    expect(sync({ vmState: 'stopped', powerState: 4 }, SHUTOFF, { managedSave: true })).toEqual({ vmState: 'suspended' });
    expect(sync({ vmState: 'suspended', powerState: 4 }, SHUTOFF, { managedSave: false })).toEqual({ vmState: 'stopped' });
  });

  it('adopts a shut-off domain with a managed-save image as suspended', () => {
    expect(vmStateForPower(4, { managedSave: true })).toBe('suspended');
    expect(vmStateForPower(4, { managedSave: false })).toBe('stopped');
    expect(vmStateForPower(4)).toBe('stopped');
    expect(vmStateForPower(6, { managedSave: true })).toBe('stopped');
  });

  it('only writes the power state of an instance in ERROR for another reason', () => {
    const fault = { code: 500, message: 'build failed', createdAt: NOW };
    expect(sync({ vmState: 'error', powerState: 0, fault }, RUNNING)).toEqual({ powerState: 1 });
  });

  it('recovers an instance whose vanished domain came back, clearing the fault', () => {
    const fault = vanishedFault({ name: 'web', uuid: 'u-1' }, 'lab1', NOW);
    expect(isVanished({ vmState: 'error', fault })).toBe(true);
    expect(fault.message).toBe('Domain web (u-1) is no longer defined on host lab1');
    expect(sync({ vmState: 'error', powerState: 0, fault }, SHUTOFF)).toEqual({ powerState: 4, vmState: 'stopped', fault: null });
  });
});
