import { describe, expect, it } from 'vitest';
import { rescheduleInstance } from '../../../../main/compute/build/reschedule';
import { BuildRecords } from '../../../../main/compute/build/records';
import { claimInstances } from '../../../../main/compute/claim';
import { UnexpectedTaskStateError } from '../../../../main/inventory/errors';
import { addHost, useTempStore } from '../../inventory/helpers';

describe('claims, task steps and reschedules of a build', () => {
  const tempStore = useTempStore();

  function claimOn(store: ReturnType<ReturnType<typeof useTempStore>>) {
    const big = addHost(store, 'big', { cpus: 16, memoryMiB: 32768 });
    const mid = addHost(store, 'mid', { cpus: 8, memoryMiB: 16384 });
    const small = addHost(store, 'small', { cpus: 2, memoryMiB: 2048 });
    const result = claimInstances(store, { name: 'web', flavor: 'm1.small', origin: 'created', keyName: 'alice', userData: '#cloud-config\n', network: 'lan', description: 'd', taskOwner: '1:2@here' });
    const claim = result.claims[0]!;
    return { big, mid, small, result, claim, flavor: result.flavor };
  }

  it('claims a created instance with what the request carried and its first attempt explained', () => {
    const store = tempStore();
    const { claim } = claimOn(store);
    expect(claim.host.name).toBe('big');
    expect(claim.instance).toMatchObject({ origin: 'created', keyName: 'alice', userData: '#cloud-config\n', network: 'lan', description: 'd', taskOwner: '1:2@here', vmState: 'building', taskState: 'scheduling' });
    expect(claim.instance.buildAttempts).toEqual([{ host: 'big', explanation: expect.stringMatching(/^big: rank 1 of 2 candidates, weight /), startedAt: claim.instance.createdAt, fault: null }]);
  });

  it('commits each step with its action event, guarded by the step it leaves', () => {
    const store = tempStore();
    const { claim } = claimOn(store);
    const records = new BuildRecords(store, claim.instance.uuid, claim.actionId, () => new Date('2026-01-01T00:00:00Z'));
    const net = records.enter('scheduling', 'networking', 'big');
    records.endEvent(net);
    const bdm = records.enter('networking', 'block_device_mapping', 'big', { network: 'lan' });
    records.addVolume('block_device_mapping', { pool: 'p', name: 'x_disk', role: 'root' });
    records.addVolume('block_device_mapping', { pool: 'p', name: 'x_disk', role: 'root' });
    expect(records.instance()).toMatchObject({ taskState: 'block_device_mapping', volumes: [{ pool: 'p', name: 'x_disk', role: 'root' }] });
    // Out of order (another task took the row): refused, nothing written.
    expect(() => records.enter('networking', 'block_device_mapping', 'big')).toThrow(UnexpectedTaskStateError);
    records.endEvent(bdm);
    const spawn = records.enter('block_device_mapping', 'spawning', 'big');
    const done = records.finish(spawn);
    expect(done).toMatchObject({ vmState: 'active', taskState: null, powerState: 1, launchedAt: '2026-01-01T00:00:00.000Z', taskOwner: null });
    expect(store.instanceActions.events(claim.actionId).map((e) => [e.event, e.result])).toEqual([
      ['schedule_instances', 'Success'],
      ['compute_prepare_networking', 'Success'],
      ['compute_block_device_mapping', 'Success'],
      ['compute_spawn', 'Success'],
    ]);
    expect(store.instanceActions.list(claim.instance.uuid)[0]?.finishTime).not.toBeNull();
  });

  it('moves a failed build to another host, never one already tried, keeping every attempt', () => {
    const store = tempStore();
    const { claim, flavor, big, mid } = claimOn(store);
    const records = new BuildRecords(store, claim.instance.uuid, claim.actionId, () => new Date());
    records.enter('scheduling', 'networking', 'big');
    records.cleaned('networking', records.fault('Build failed on host big during networking: no network'));
    const input = { uuid: claim.instance.uuid, actionId: claim.actionId, flavor, image: {}, serverGroupId: null, availabilityZone: null };
    const second = rescheduleInstance(store, { ...input, tried: ['big'] });
    expect(second).toMatchObject({ ok: true, host: { name: 'mid' } });
    // The allocation moved: big holds nothing, mid holds the instance.
    const usage = store.instances.usageByHost();
    expect(usage.get(big.id)).toBeUndefined();
    expect(usage.get(mid.id)).toMatchObject({ instances: 1, vcpus: 1 });
    const row = records.instance();
    expect(row.buildAttempts.map((a) => [a.host, a.fault?.message ?? null])).toEqual([
      ['big', 'Build failed on host big during networking: no network'],
      ['mid', null],
    ]);
    expect(store.instanceActions.events(claim.actionId).filter((e) => e.event === 'schedule_instances').map((e) => e.host)).toEqual(['big', 'mid']);

    // Every host tried: nowhere left, the allocation released.
    const third = rescheduleInstance(store, { ...input, tried: ['big', 'mid', 'small'] });
    expect(third).toEqual({ ok: false, message: 'every host that could take it was tried (big, mid, small)' });
    expect(records.instance().hostId).toBeNull();
    expect(store.instances.usageByHost().size).toBe(0);

    // Untried hosts that cannot take it: the scheduler's reason (the small host lacks the 2 GiB of m1.small).
    const fourth = rescheduleInstance(store, { ...input, tried: ['big', 'mid'] });
    expect(fourth).toMatchObject({ ok: false, message: expect.stringMatching(/^No valid host was found.*CapacityFilter/) });
  });

  it('fails a build for good: error with the fault, allocation released, the action ended with the message', () => {
    const store = tempStore();
    const { claim, big } = claimOn(store);
    const records = new BuildRecords(store, claim.instance.uuid, claim.actionId, () => new Date('2026-01-01T00:00:00Z'));
    records.enter('scheduling', 'networking', 'big');
    const fault = records.fault('Build failed on host big during networking: boom', 'stack');
    const failed = records.fail('networking', fault, { release: true });
    expect(failed).toMatchObject({ vmState: 'error', taskState: null, powerState: 0, hostId: null, taskOwner: null, fault: { code: 500, message: fault.message, details: 'stack' } });
    expect(failed.buildAttempts[0]?.fault?.message).toBe(fault.message);
    expect(store.instances.usageByHost().get(big.id)).toBeUndefined();
    // Still counted against the project's quota until deleted, as Nova counts instances in ERROR.
    expect(store.instances.usageOfProject(claim.instance.projectId)).toMatchObject({ instances: 1 });
    expect(store.instanceActions.list(claim.instance.uuid)[0]?.message).toBe(fault.message);
  });
});
