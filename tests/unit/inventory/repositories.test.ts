import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, InUseError } from '../../../main/inventory/errors';
import { addHost, useTempStore } from './helpers';

describe('SQLite repositories', () => {
  const tempStore = useTempStore();

  it('sum usage per project and per host over live instances only', () => {
    const store = tempStore();
    const admin = store.projects.getByName('admin')?.id ?? '';
    const h1 = addHost(store, 'h1');
    const h2 = addHost(store, 'h2');
    const make = (hostId: string, vcpus: number) =>
      store.instances.insert({ name: 'vm', projectId: admin, hostId, vmState: 'active', vcpus, ramMiB: vcpus * 512, diskGiB: vcpus * 10 });
    make(h1.id, 1);
    make(h1.id, 2);
    const gone = make(h2.id, 4);
    expect(store.instances.usageOfProject(admin)).toEqual({ instances: 3, vcpus: 7, ramMiB: 3584, diskGiB: 70 });

    store.instances.softDelete(gone.uuid);
    expect(store.instances.usageOfProject(admin)).toEqual({ instances: 2, vcpus: 3, ramMiB: 1536, diskGiB: 30 });
    expect(store.instances.usageByHost()).toEqual(new Map([[h1.id, { instances: 2, vcpus: 3, ramMiB: 1536, diskGiB: 30 }]]));
    const deleted = store.instances.get(gone.uuid);
    expect(deleted).toMatchObject({ vmState: 'deleted', taskState: null });
    expect(deleted?.deletedAt).not.toBeNull();
    expect(store.instances.list({ includeDeleted: true })).toHaveLength(3);
    expect(store.instances.list()).toHaveLength(2);
    expect(store.instances.usageOfProject('no-such-project')).toEqual({ instances: 0, vcpus: 0, ramMiB: 0, diskGiB: 0 });
  });

  it('keep one group per instance and drop membership on delete', () => {
    const store = tempStore();
    const admin = store.projects.getByName('admin')?.id ?? '';
    const web = store.serverGroups.insert({ name: 'web', projectId: admin, policy: 'anti-affinity', rules: { maxServerPerHost: 2 } });
    const db = store.serverGroups.insert({ name: 'db', projectId: admin, policy: 'affinity' });
    const vm = store.instances.insert({ name: 'vm', projectId: admin, hostId: null, vmState: 'building', vcpus: 1, ramMiB: 1, diskGiB: 1 });
    store.serverGroups.addMember(web.id, vm.uuid);
    store.serverGroups.addMember(web.id, vm.uuid); // idempotent
    expect(() => store.serverGroups.addMember(db.id, vm.uuid)).toThrow(/UNIQUE/);
    expect(store.serverGroups.get(web.id)).toMatchObject({ members: [vm.uuid], rules: { maxServerPerHost: 2 } });
    expect(() => store.serverGroups.insert({ name: 'web', projectId: admin, policy: 'affinity' })).toThrow(AlreadyExistsError);
    store.instances.softDelete(vm.uuid);
    expect(store.serverGroups.get(web.id)?.members).toEqual([]);
  });

  it('refuse to delete a project or host that instances still use', () => {
    const store = tempStore();
    const project = store.projects.insert({ name: 'demo' });
    const host = addHost(store, 'h1');
    store.instances.insert({ name: 'vm', projectId: project.id, hostId: host.id, vmState: 'active', vcpus: 1, ramMiB: 1, diskGiB: 1 });
    expect(() => store.projects.delete(project.id)).toThrow(InUseError);
    expect(() => store.projects.delete(project.id)).toThrow('Project demo still has instances');
    expect(() => store.hosts.delete(host.id)).toThrow('Host h1 still has instances');
  });

  it('round-trip hosts with facts, overrides and aggregates; auth holds no secrets', () => {
    const store = tempStore();
    const host = addHost(store, 'h1', { cpus: 8 }, { auth: { username: 'root', keyFile: '/k' }, overcommit: { cpuAllocationRatio: 2 }, tags: ['lab'] });
    const agg = store.aggregates.insert({ name: 'fast', metadata: { availability_zone: 'az1', ssd: 'true' } });
    store.aggregates.addHost(agg.id, host.id);
    const read = store.hosts.get(host.id);
    expect(read).toMatchObject({
      name: 'h1',
      status: 'up',
      availabilityZone: null,
      auth: { username: 'root', keyFile: '/k' },
      overcommit: { cpuAllocationRatio: 2 },
      tags: ['lab'],
      aggregates: [{ name: 'fast', metadata: { availability_zone: 'az1', ssd: 'true' } }],
    });
    expect(read?.facts.cpus).toBe(8);
    const updated = store.hosts.update(host.id, { enabled: false, disabledReason: 'maintenance', overcommit: {} });
    expect(updated).toMatchObject({ enabled: false, disabledReason: 'maintenance', overcommit: {}, facts: read?.facts });
    expect(() => store.hosts.insert({ name: 'h2', uri: host.uri })).toThrow(AlreadyExistsError);
  });

  it('record instance actions and their events in order', () => {
    const store = tempStore();
    const admin = store.projects.getByName('admin')?.id ?? '';
    const vm = store.instances.insert({ name: 'vm', projectId: admin, hostId: null, vmState: 'building', vcpus: 1, ramMiB: 1, diskGiB: 1 });
    const action = store.instanceActions.start({ instanceUuid: vm.uuid, requestId: 'req-1', action: 'create' });
    const event = store.instanceActions.startEvent(action.id, 'compute_build', 'h1');
    store.instanceActions.finishEvent(event.id, 'Error', 'Traceback: boom');
    store.instanceActions.finish(action.id, 'Error');
    expect(store.instanceActions.list(vm.uuid)).toMatchObject([{ action: 'create', requestId: 'req-1', message: 'Error' }]);
    expect(store.instanceActions.events(action.id)).toMatchObject([{ event: 'compute_build', host: 'h1', result: 'Error', traceback: 'Traceback: boom' }]);
    expect(() => store.instanceActions.start({ instanceUuid: vm.uuid, requestId: 'req-1', action: 'reboot' })).toThrow(/UNIQUE/);
  });

  it('roll back a write transaction as a whole', () => {
    const store = tempStore();
    expect(() =>
      store.write((repos) => {
        repos.projects.insert({ name: 'p1' });
        repos.projects.insert({ name: 'p1' });
      }),
    ).toThrow(AlreadyExistsError);
    expect(store.projects.getByName('p1')).toBeUndefined();
  });
});

describe('instance insert', () => {
  const newStore = useTempStore();
  it('returns exactly the row a read gives back', () => {
    const store = newStore();
    const project = store.projects.getByName('admin');
    const inserted = store.instances.insert({ name: 'x', projectId: project?.id ?? '', hostId: null, vmState: 'active', vcpus: 1, ramMiB: 64, diskGiB: 1, flavor: { name: 'm1.tiny', extra: { a: 1 } }, metadata: { k: 'v' }, launchedAt: '2026-01-01T00:00:00.000Z' });
    expect(store.instances.get(inserted.uuid)).toEqual(inserted);
    expect(store.instances.exists(inserted.uuid)).toBe(true);
    expect(store.instances.exists('00000000-0000-4000-8000-000000000000')).toBe(false);
  });
});
