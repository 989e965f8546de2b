import { describe, expect, it } from 'vitest';
import { InstanceConflictError } from '../../../main/compute/errors';
import { advanceTask, beginTask, finishTask, updateTask } from '../../../main/compute/tasks';
import { InvalidInputError } from '../../../main/inventory/errors';
import type { InstanceRecord } from '../../../main/inventory/model';
import type { SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { addHost, useTempStore } from '../inventory/helpers';

function countRows(store: SqliteInventoryStore, table: string): number {
  return (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function activeInstance(store: SqliteInventoryStore, name = 'web'): InstanceRecord {
  const host = store.hosts.getByName('h1') ?? addHost(store, 'h1');
  const project = store.projects.getByName('admin')?.id as string;
  return store.instances.insert({ name, projectId: project, hostId: host.id, vmState: 'active', powerState: 1, vcpus: 1, ramMiB: 512, diskGiB: 1, libvirtDomainUuid: '11111111-1111-4111-8111-111111111111' });
}

describe('tasks', () => {
  const tempStore = useTempStore();

  it('starts a task in one transaction: task state, owner, the action and its first event', () => {
    const store = tempStore();
    const web = activeInstance(store);
    const task = beginTask(store, 'web', { action: 'stop', taskState: 'powering-off', event: 'compute_stop_instance', requestId: 'req-1' }, 'me');
    expect(task).toMatchObject({ uuid: web.uuid, name: 'web', taskState: 'powering-off', owner: 'me', requestId: 'req-1' });
    expect(task.host?.name).toBe('h1');
    expect(store.instances.get(web.uuid)).toMatchObject({ taskState: 'powering-off', taskOwner: 'me', vmState: 'active' });
    expect(store.instanceActions.list(web.uuid)).toMatchObject([{ action: 'stop', requestId: 'req-1', finishTime: null }]);
    expect(store.instanceActions.events(task.actionId)).toMatchObject([{ event: 'compute_stop_instance', host: 'h1', result: null }]);
  });

  it("refuses with Nova's message and writes nothing when the guard says no", () => {
    const store = tempStore();
    const web = activeInstance(store);
    const attempt = () => beginTask(store, 'web', { action: 'start', taskState: 'powering-on', event: 'compute_start_instance' }, 'me');
    expect(attempt).toThrow(new InstanceConflictError("Cannot 'start' instance web while it is in vm_state active", web.uuid));
    beginTask(store, 'web', { action: 'pause', taskState: 'pausing', event: 'compute_pause_instance' }, 'me');
    expect(() => beginTask(store, 'web', { action: 'stop', taskState: 'powering-off', event: 'compute_stop_instance' }, 'other')).toThrow(
      "Cannot 'stop' instance web while it is in task_state pausing",
    );
    expect(countRows(store, 'instance_actions')).toBe(1);
  });

  it('names the lock reason when a lock refuses, and lets unlock through', () => {
    const store = tempStore();
    const web = activeInstance(store);
    store.instances.update(web.uuid, { locked: true, lockedReason: 'kernel upgrade' });
    expect(() => beginTask(store, 'web', { action: 'stop', taskState: 'powering-off', event: 'e' }, 'me')).toThrow('Instance web is locked (kernel upgrade)');
    const unlock = beginTask(store, 'web', { action: 'unlock', taskState: null, event: 'api_unlock', prepare: () => ({ locked: false, lockedReason: null }) }, 'me');
    expect(unlock.instance).toMatchObject({ locked: false, lockedReason: null, taskState: null });
  });

  it('writes what prepare returns with the task, and nothing when prepare refuses', () => {
    const store = tempStore();
    const web = activeInstance(store);
    expect(() =>
      beginTask(store, web.uuid, { action: 'resize', taskState: 'resize_prep', event: 'e', prepare: () => { throw new InvalidInputError('no such flavor'); } }, 'me'),
    ).toThrow('no such flavor');
    expect(store.instances.get(web.uuid)?.taskState).toBeNull();
    expect(countRows(store, 'instance_actions')).toBe(0);
    const task = beginTask(store, web.uuid, { action: 'resize', taskState: 'resize_prep', event: 'e', prepare: () => ({ vcpus: 2 }) }, 'me');
    expect(task.instance).toMatchObject({ vcpus: 2, taskState: 'resize_prep' });
  });

  it('finishes with the final states, the task cleared and the event closed', () => {
    const store = tempStore();
    const web = activeInstance(store);
    const task = beginTask(store, 'web', { action: 'stop', taskState: 'powering-off', event: 'compute_stop_instance' }, 'me');
    const done = finishTask(store, task, { result: 'Success', patch: { vmState: 'stopped', powerState: 4 } });
    expect(done).toMatchObject({ superseded: false, instance: { vmState: 'stopped', powerState: 4, taskState: null, taskOwner: null } });
    expect(store.instanceActions.list(web.uuid)[0]?.finishTime).not.toBeNull();
    expect(store.instanceActions.events(task.actionId)).toMatchObject([{ result: 'Success', traceback: null }]);
  });

  it('records an error on the event and the action', () => {
    const store = tempStore();
    const web = activeInstance(store);
    const task = beginTask(store, 'web', { action: 'stop', taskState: 'powering-off', event: 'compute_stop_instance' }, 'me');
    finishTask(store, task, { result: 'Error', message: 'did not stop within 60 s' });
    expect(store.instanceActions.list(web.uuid)).toMatchObject([{ message: 'did not stop within 60 s' }]);
    expect(store.instanceActions.events(task.actionId)).toMatchObject([{ result: 'Error', traceback: 'did not stop within 60 s' }]);
    expect(store.instances.get(web.uuid)).toMatchObject({ vmState: 'active', taskState: null });
  });

  it('leaves an instance another action took over as that one set it (hard reboot out of a stuck reboot)', () => {
    const store = tempStore();
    const web = activeInstance(store);
    const soft = beginTask(store, 'web', { action: 'reboot', taskState: 'rebooting', event: 'compute_reboot_instance' }, 'app');
    const hard = beginTask(store, 'web', { action: 'reboot-hard', taskState: 'rebooting_hard', event: 'compute_reboot_instance' }, 'cli');
    const late = finishTask(store, soft, { result: 'Success', patch: { vmState: 'stopped' } });
    expect(late.superseded).toBe(true);
    expect(store.instances.get(web.uuid)).toMatchObject({ vmState: 'active', taskState: 'rebooting_hard', taskOwner: 'cli' });
    expect(store.instanceActions.list(web.uuid)[0]?.message).toMatch(/taken over by another action/);
    expect(() => advanceTask(store, soft, { taskState: 'rebooting', event: 'x' })).toThrow(InstanceConflictError);
    expect(() => updateTask(store, soft, { vcpus: 4 })).toThrow(InstanceConflictError);
    expect(finishTask(store, hard, { result: 'Success' }).instance).toMatchObject({ taskState: null });
  });

  it('moves a task through its steps, one event per step', () => {
    const store = tempStore();
    const web = activeInstance(store);
    let task = beginTask(store, 'web', { action: 'resize', taskState: 'resize_prep', event: 'compute_prep_resize' }, 'me');
    task = advanceTask(store, task, { taskState: 'resize_migrating', event: 'compute_resize_instance' });
    task = updateTask(store, task, { volumes: [{ pool: 'p', name: 'x.resize', role: 'resize-backup' }] });
    task = advanceTask(store, task, { taskState: 'resize_finish', event: 'compute_finish_resize' });
    expect(store.instances.get(web.uuid)).toMatchObject({ taskState: 'resize_finish', volumes: [{ role: 'resize-backup' }] });
    finishTask(store, task, { result: 'Success', patch: { vmState: 'resized' } });
    expect(store.instanceActions.events(task.actionId).map((e) => [e.event, e.result])).toEqual([
      ['compute_prep_resize', 'Success'],
      ['compute_resize_instance', 'Success'],
      ['compute_finish_resize', 'Success'],
    ]);
  });

  it('marks the row deleted on a hard delete: it stops counting against quota and its host', () => {
    const store = tempStore();
    const web = activeInstance(store);
    const task = beginTask(store, 'web', { action: 'delete', taskState: 'deleting', event: 'compute_terminate_instance' }, 'me');
    expect(finishTask(store, task, { result: 'Success', deleteRow: true }).instance).toBeNull();
    expect(store.instances.get(web.uuid)).toMatchObject({ vmState: 'deleted', taskState: null });
    expect(store.instances.usageByHost().size).toBe(0);
    expect(() => beginTask(store, web.uuid, { action: 'start', taskState: 'powering-on', event: 'e' }, 'me')).toThrow(`Instance web is deleted`);
  });
});
