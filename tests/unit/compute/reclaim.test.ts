// Soft delete and the reclaimer with a clock the test moves. Instances here have no domain (a build that failed
// before defining one) or a host that cannot be reached, so no hypervisor is needed: what is tested is when an
// instance is due, who wins against a restore, and that nothing is lost when its host is away.
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeService, type ComputeService } from '../../../main/compute/compute-service';
import { OneShotHostConnections } from '../../../main/compute/host-access';
import { beginTask } from '../../../main/compute/tasks';
import type { SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { settingsService } from '../../../main/settings/settings';
import { useTempDirs, useTempStore } from '../inventory/helpers';

const HOUR = 3_600_000;

describe('soft delete and the reclaimer', () => {
  const tempStore = useTempStore();
  const tempDir = useTempDirs();
  let clock = new Date('2026-12-01T10:00:00.000Z');
  const opened: OneShotHostConnections[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const hosts of opened.splice(0)) await hosts.close();
  });

  function setup(): { store: SqliteInventoryStore; compute: ComputeService; instance: (name: string, hostId?: string) => string } {
    clock = new Date('2026-12-01T10:00:00.000Z');
    const store = tempStore({ now: () => clock });
    settingsService(store).set('reclaim_instance_interval', 3600);
    const hosts = new OneShotHostConnections(store);
    opened.push(hosts);
    const compute = computeService({ store, hosts, now: () => clock, owner: 'test' });
    const project = store.projects.getByName('admin')?.id as string;
    const instance = (name: string, hostId?: string) =>
      store.instances.insert({
        name,
        projectId: project,
        hostId: hostId ?? null,
        vmState: 'error',
        vcpus: 1,
        ramMiB: 512,
        diskGiB: 1,
        ...(hostId === undefined ? {} : { libvirtDomainUuid: '22222222-2222-4222-8222-222222222222' }),
      }).uuid;
    return { store, compute, instance };
  }

  it('keeps a deleted instance restorable for the interval, then deletes it for good', async () => {
    const { store, compute, instance } = setup();
    const uuid = instance('web');
    const result = await compute.act('web', { action: 'delete' });
    expect(result.instance).toMatchObject({ vmState: 'soft-delete', reclaimAt: '2026-12-01T11:00:00.000Z', taskState: null });
    expect(store.instances.usageOfProject(result.instance?.projectId ?? '').instances).toBe(1);

    clock = new Date(clock.getTime() + HOUR - 1);
    expect(await compute.reclaim()).toEqual([]);
    clock = new Date(clock.getTime() + 1);
    expect(await compute.reclaim()).toEqual([{ uuid, ok: true }]);
    expect(store.instances.get(uuid)).toMatchObject({ vmState: 'deleted', reclaimAt: null });
    expect(store.instanceActions.list(uuid).map((a) => [a.action, store.instanceActions.events(a.id).map((e) => e.event)])).toEqual([
      ['delete', ['compute_soft_delete_instance']],
      ['delete', ['compute_terminate_instance']],
    ]);
  });

  it('deletes at once when the interval is 0, or with force, or when a soft-deleted instance is deleted again', async () => {
    const { store, compute, instance } = setup();
    const [a, b] = [instance('a'), instance('b')];
    await compute.act('a', { action: 'force-delete' });
    expect(store.instances.get(a)?.vmState).toBe('deleted');
    await compute.act('b', { action: 'delete' });
    await compute.act(b, { action: 'delete' });
    expect(store.instances.get(b)?.vmState).toBe('deleted');
    settingsService(store).set('reclaim_instance_interval', 0);
    const c = instance('c');
    expect((await compute.act('c', { action: 'delete' })).instance).toBeNull();
    expect(store.instances.get(c)?.vmState).toBe('deleted');
  });

  it('lets a restore win over the reclaimer, and skips an instance whose restore is in progress', async () => {
    const { store, compute, instance } = setup();
    const [a, b] = [instance('a'), instance('b')];
    await compute.act('a', { action: 'delete' });
    await compute.act('b', { action: 'delete' });
    expect((await compute.act('a', { action: 'restore' })).instance).toMatchObject({ vmState: 'error', reclaimAt: null });
    const restoring = beginTask(store, b, { action: 'restore', taskState: 'restoring', event: 'compute_restore_instance' }, 'someone-else');
    clock = new Date(clock.getTime() + 2 * HOUR);
    const outcomes = await compute.reclaim();
    expect(outcomes).toEqual([{ uuid: b, ok: false, skipped: true, reason: 'Instance b is no longer due for reclaim' }]);
    expect(store.instances.get(a)?.vmState).toBe('error');
    expect(store.instances.get(b)).toMatchObject({ vmState: 'soft-delete', taskState: 'restoring' });
    expect(restoring.taskState).toBe('restoring');
  });

  it('keeps an instance whose host cannot be reached soft-deleted, to try again later', async () => {
    const { store, compute, instance } = setup();
    const host = store.hosts.insert({ name: 'gone', uri: `test+unix:///default?socket=${join(tempDir(), 'no-such-socket')}` });
    const uuid = instance('web', host.id);
    // The soft delete itself needs the host (the domain is powered off): refused, nothing changes.
    await expect(compute.act('web', { action: 'delete' })).rejects.toThrow(/Host gone is not reachable/);
    expect(store.instances.get(uuid)).toMatchObject({ vmState: 'error', taskState: null, reclaimAt: null });
    // Soft-deleted while the host was up, due now, host away: it stays, its task cleared.
    store.instances.update(uuid, { vmState: 'soft-delete', reclaimAt: clock.toISOString() });
    const [outcome] = await compute.reclaim();
    expect(outcome).toMatchObject({ uuid, ok: false, skipped: false, error: expect.stringMatching(/Host gone is not reachable/) });
    expect(store.instances.get(uuid)).toMatchObject({ vmState: 'soft-delete', taskState: null });
    expect(store.instanceActions.events(store.instanceActions.list(uuid).at(-1)?.id ?? 0)).toMatchObject([{ result: 'Error' }]);
  });

  it('runs every minute while the app runs', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { store, compute, instance } = setup();
    const uuid = instance('web');
    await compute.act('web', { action: 'delete' });
    clock = new Date(clock.getTime() + HOUR);
    const logged: string[] = [];
    const reclaimer = compute.startReclaimer((message) => logged.push(message));
    expect(store.instances.get(uuid)?.vmState).toBe('soft-delete');
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(store.instances.get(uuid)?.vmState).toBe('deleted'));
    await reclaimer.stop();
    expect(logged).toEqual([]);
  });
});
