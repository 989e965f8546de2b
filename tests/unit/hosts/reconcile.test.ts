import { describe, expect, it } from 'vitest';
import { reconcileDomain, reconcileHostDomains } from '../../../main/hosts/reconcile';
import type { ObservedDomain } from '../../../main/hosts/observe';
import type { HostRecord } from '../../../main/inventory/model';
import { UNASSIGNED_PROJECT_NAME } from '../../../main/inventory/sqlite/seed';
import type { SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { addHost, useTempStore } from '../inventory/helpers';

const tempStore = useTempStore();
const NOW = '2026-12-01T10:00:00.000Z';

function setup(): { store: SqliteInventoryStore; host: HostRecord; context: { host: HostRecord; unassignedProjectId: string; now: string } } {
  const store = tempStore();
  const host = addHost(store, 'lab1');
  const unassigned = store.projects.getByName(UNASSIGNED_PROJECT_NAME);
  if (unassigned === undefined) throw new Error('no unassigned project');
  return { store, host, context: { host, unassignedProjectId: unassigned.id, now: NOW } };
}

const web: ObservedDomain = { uuid: '11111111-1111-4111-8111-111111111111', name: 'web', id: 3, state: 1, size: { vcpus: 2, memoryMiB: 1024 } };
const db: ObservedDomain = { uuid: '22222222-2222-4222-8222-222222222222', name: 'db', id: -1, state: 5, size: { vcpus: 1, memoryMiB: 512 } };

describe('reconciling a host', () => {
  it('adopts unknown domains into the unassigned project with their UUID, size and state', () => {
    const { store, host, context } = setup();
    const summary = store.write((repos) => reconcileHostDomains(repos, context, [web, db]));
    expect(summary).toEqual({ adopted: 2, updated: 0, vanished: 0, deferredStops: [] });
    expect(store.instances.get(web.uuid)).toMatchObject({ name: 'web', hostId: host.id, projectId: context.unassignedProjectId, vmState: 'active', powerState: 1, vcpus: 2, ramMiB: 1024, launchedAt: NOW, libvirtDomainUuid: web.uuid });
    expect(store.instances.get(db.uuid)).toMatchObject({ vmState: 'stopped', powerState: 4, launchedAt: null });
    expect(store.instanceActions.list(web.uuid).map((a) => a.action)).toEqual(['adopt']);
    // Counted against the host like any instance.
    expect(store.instances.usageByHost().get(host.id)).toEqual({ instances: 2, vcpus: 3, ramMiB: 1536, diskGiB: 0 });
  });

  it('is idempotent: a second identical refresh writes nothing', () => {
    const { store, context } = setup();
    store.write((repos) => reconcileHostDomains(repos, context, [web, db]));
    const before = store.instances.get(web.uuid)?.updatedAt;
    expect(store.write((repos) => reconcileHostDomains(repos, context, [web, db]))).toEqual({ adopted: 0, updated: 0, vanished: 0, deferredStops: [] });
    expect(store.instances.get(web.uuid)?.updatedAt).toBe(before);
  });

  it('marks a known instance whose domain vanished as ERROR with a fault, and recovers it when the domain returns', () => {
    const { store, context } = setup();
    store.write((repos) => reconcileHostDomains(repos, context, [web, db]));
    expect(store.write((repos) => reconcileHostDomains(repos, context, [web])).vanished).toBe(1);
    expect(store.instances.get(db.uuid)).toMatchObject({ vmState: 'error', powerState: 0, fault: { code: 404, message: `Domain db (${db.uuid}) is no longer defined on host lab1` } });
    // Still counted: the row is kept, not silently deleted.
    expect(store.instances.list()).toHaveLength(2);
    store.write((repos) => reconcileHostDomains(repos, context, [web, db]));
    expect(store.instances.get(db.uuid)).toMatchObject({ vmState: 'stopped', powerState: 4, fault: null });
  });

  it('leaves instances with a task in progress alone, also when their domain is gone', () => {
    const { store, context } = setup();
    store.write((repos) => reconcileHostDomains(repos, context, [web]));
    store.instances.update(web.uuid, { taskState: 'deleting' });
    store.write((repos) => reconcileHostDomains(repos, context, []));
    expect(store.instances.get(web.uuid)).toMatchObject({ vmState: 'active', taskState: 'deleting', fault: null });
  });

  it('skips domains an event already reconciled after the snapshot', () => {
    const { store, context } = setup();
    store.write((repos) => reconcileHostDomains(repos, context, [web]));
    store.write((repos) => reconcileHostDomains(repos, { ...context, skip: (uuid) => uuid === web.uuid }, [{ ...web, state: 3 }]));
    expect(store.instances.get(web.uuid)?.vmState).toBe('active');
    store.write((repos) => reconcileHostDomains(repos, { ...context, skip: (uuid) => uuid === web.uuid }, []));
    expect(store.instances.get(web.uuid)?.vmState).toBe('active');
  });

  it('reconciles one domain after an event, deferring a stop when asked', () => {
    const { store, context } = setup();
    store.write((repos) => reconcileHostDomains(repos, context, [web]));
    const summary = store.write((repos) => reconcileDomain(repos, { ...context, deferStop: true }, web.uuid, { ...web, state: 5 }));
    expect(summary.deferredStops).toEqual([web.uuid]);
    expect(store.instances.get(web.uuid)).toMatchObject({ vmState: 'active', powerState: 4 });
    store.write((repos) => reconcileDomain(repos, context, web.uuid, { ...web, state: 5 }));
    expect(store.instances.get(web.uuid)).toMatchObject({ vmState: 'stopped', powerState: 4 });
    store.write((repos) => reconcileDomain(repos, context, web.uuid, null));
    expect(store.instances.get(web.uuid)?.vmState).toBe('error');
  });

  it('gives a second host\'s domain with the same UUID an instance of its own', () => {
    const { store, context } = setup();
    const other = addHost(store, 'lab2');
    store.write((repos) => reconcileHostDomains(repos, context, [web]));
    store.write((repos) => reconcileHostDomains(repos, { ...context, host: other }, [web]));
    const rows = store.instances.list();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.libvirtDomainUuid))).toEqual(new Set([web.uuid]));
    expect(new Set(rows.map((r) => r.hostId)).size).toBe(2);
  });
});
