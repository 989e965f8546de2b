import { describe, expect, it } from 'vitest';
import { interruptedBuildFault } from '../../../../main/compute/recovery/plan';
import { finish, giveBack, takeOver } from '../../../../main/compute/recovery/records';
import type { SqliteInventoryStore } from '../../../../main/inventory/sqlite/store';
import { addHost, useTempStore } from '../../inventory/helpers';

const tempStore = useTempStore();
const AT = '2026-12-01T10:00:00.000Z';
const DEAD = '4242:1@lab';
const ME = '7:7@lab';

/** A build mid-flight as the create flow writes it: claimed, its create action open, task owned by DEAD. */
function building(store: SqliteInventoryStore, taskState = 'spawning') {
  const host = addHost(store, 'lab1');
  const project = store.projects.getByName('admin');
  if (project === undefined) throw new Error('no admin project');
  const instance = store.instances.insert({
    name: 'web-1',
    projectId: project.id,
    hostId: host.id,
    vmState: 'building',
    taskState,
    vcpus: 1,
    ramMiB: 256,
    diskGiB: 1,
    origin: 'created',
    taskOwner: DEAD,
  });
  store.instances.update(instance.uuid, {
    libvirtDomainUuid: instance.uuid,
    libvirtDomainName: 'web-1',
    volumes: [{ pool: 'default', name: `${instance.uuid}_disk`, role: 'root' }],
    buildAttempts: [{ host: 'lab1', explanation: 'most free RAM', startedAt: AT, fault: null }],
  });
  const action = store.instanceActions.start({ instanceUuid: instance.uuid, requestId: 'req-1', action: 'create', projectId: project.id });
  return { host, seen: store.instances.get(instance.uuid) ?? instance, actionId: action.id };
}

describe('recovery records', () => {
  it('takes an abandoned task over only while it still has the task and the dead owner it saw', () => {
    const store = tempStore();
    const { seen } = building(store);
    expect(takeOver(store, seen, ME)).toBe(true);
    expect(store.instances.get(seen.uuid)?.taskOwner).toBe(ME);
    // A second recoverer saw the same dead owner: it lost the race.
    expect(takeOver(store, seen, '8:8@lab')).toBe(false);
    giveBack(store, seen, ME);
    expect(store.instances.get(seen.uuid)?.taskOwner).toBe(DEAD);
    // The task moved on meanwhile (someone else resolved it): nothing to take.
    store.instances.update(seen.uuid, { taskState: null, taskOwner: null });
    expect(takeOver(store, seen, ME)).toBe(false);
  });

  it('rolls a half-built instance back to ERROR, releases its host, and ends its create action with the error', () => {
    const store = tempStore();
    const { host, seen, actionId } = building(store, 'block_device_mapping');
    takeOver(store, seen, ME);
    const fault = interruptedBuildFault('block_device_mapping', [`volume default/${seen.uuid}_disk`], AT);
    const summary = finish(store, seen, ME, { kind: 'roll-back-build', domainUuid: null, volumes: [], fault }, { hostName: 'lab1', removed: [`volume default/${seen.uuid}_disk`], at: AT });
    expect(summary).toBe(`Build interrupted at block_device_mapping: the process that ran the build ended; removed volume default/${seen.uuid}_disk; the instance is in ERROR`);
    const after = store.instances.get(seen.uuid);
    expect(after).toMatchObject({ vmState: 'error', taskState: null, taskOwner: null, powerState: 0, hostId: null, volumes: [], libvirtDomainUuid: null, fault: { code: 500, message: 'Build interrupted at block_device_mapping' } });
    expect(after?.buildAttempts[0]?.fault?.message).toBe('Build interrupted at block_device_mapping');
    expect(store.instances.usageByHost().get(host.id)).toBeUndefined();
    const action = store.instanceActions.list(seen.uuid).find((a) => a.id === actionId);
    expect(action?.finishTime).not.toBeNull();
    expect(action?.message).toMatch(/^Error: Build interrupted at block_device_mapping/);
    expect(store.instanceActions.events(actionId)).toMatchObject([{ event: 'interrupted', result: 'Error', host: 'lab1', traceback: summary }]);
  });

  it('finishes a build whose domain runs, and clears another task with the state the host shows', () => {
    const store = tempStore();
    const { seen, actionId } = building(store);
    takeOver(store, seen, ME);
    finish(store, seen, ME, { kind: 'finish-build', powerState: 1 }, { hostName: 'lab1', removed: [], at: AT });
    expect(store.instances.get(seen.uuid)).toMatchObject({ vmState: 'active', taskState: null, taskOwner: null, powerState: 1, launchedAt: AT });
    expect(store.instanceActions.events(actionId)).toMatchObject([{ event: 'recover_finished_build', result: 'Success' }]);

    // A stop that lost its process: there is no open action any more, so recovery opens its own.
    store.instances.update(seen.uuid, { taskState: 'powering-off', taskOwner: DEAD });
    const stopping = store.instances.get(seen.uuid);
    if (stopping === undefined) throw new Error('row gone');
    takeOver(store, stopping, ME);
    finish(store, stopping, ME, { kind: 'clear-task', vmState: 'stopped', powerState: 4 }, { hostName: 'lab1', removed: [], at: AT });
    expect(store.instances.get(seen.uuid)).toMatchObject({ vmState: 'stopped', taskState: null, powerState: 4 });
    const recover = store.instanceActions.list(seen.uuid).at(-1);
    expect(recover).toMatchObject({ action: 'recover', message: 'Error: Task powering-off interrupted: its process ended; the host shows the domain not running, vm_state stopped' });
  });

  it('writes nothing when it no longer owns the task', () => {
    const store = tempStore();
    const { seen } = building(store);
    expect(finish(store, seen, ME, { kind: 'finish-build', powerState: 1 }, { hostName: 'lab1', removed: [], at: AT })).toBeNull();
    expect(store.instances.get(seen.uuid)).toMatchObject({ vmState: 'building', taskState: 'spawning', taskOwner: DEAD });
  });

  it('finishes a delete whose domain is already gone', () => {
    const store = tempStore();
    const { seen } = building(store);
    store.instances.update(seen.uuid, { vmState: 'active', taskState: 'deleting' });
    const deleting = store.instances.get(seen.uuid);
    if (deleting === undefined) throw new Error('row gone');
    takeOver(store, deleting, ME);
    finish(store, deleting, ME, { kind: 'finish-delete', volumes: [] }, { hostName: 'lab1', removed: [], at: AT });
    expect(store.instances.get(seen.uuid)).toMatchObject({ vmState: 'deleted', taskState: null, taskOwner: null });
  });
});
