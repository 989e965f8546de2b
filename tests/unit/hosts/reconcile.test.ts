import { describe, expect, it } from 'vitest';
import { reconcileDomain, reconcileHostDomains } from '../../../main/hosts/reconcile';
import type { ObservedDomain } from '../../../main/hosts/observe';
import { vanishedFault } from '../../../main/compute/states/power-sync';
import type { HostRecord } from '../../../main/inventory/model';
import { UNASSIGNED_PROJECT_NAME } from '../../../main/inventory/sqlite/seed';
import type { SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { addHost, useTempStore } from '../inventory/helpers';

const tempStore = useTempStore();
const NOW = '2026-12-01T10:00:00.000Z';

function setup(): { store: SqliteInventoryStore; host: HostRecord; context: { host: HostRecord; unassignedProjectId: string; now: string } } {
  // A clock that moves 1 ms per reading: every write stamps a new updated_at, as writes separated by libvirt calls do.
  let tick = Date.parse(NOW);
  const store = tempStore({ now: () => new Date(tick++) });
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
    expect(summary).toEqual({ adopted: 2, updated: 0, vanished: 0, stale: [] });
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
    expect(store.write((repos) => reconcileHostDomains(repos, context, [web, db]))).toEqual({ adopted: 0, updated: 0, vanished: 0, stale: [] });
    expect(store.instances.get(web.uuid)?.updatedAt).toBe(before);
  });

  it('marks an instance created here whose domain vanished as ERROR with a fault, and recovers it when the domain returns', () => {
    const { store, host, context } = setup();
    store.write((repos) => reconcileHostDomains(repos, context, [web]));
    createdInstance(store, host, db);
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

  it('reconciles one domain after an event: a stop applies at once', () => {
    const { store, host, context } = setup();
    createdInstance(store, host, web);
    store.write((repos) => reconcileDomain(repos, context, web.uuid, { ...web, state: 5 }));
    expect(store.instances.get(web.uuid)).toMatchObject({ vmState: 'stopped', powerState: 4 });
    store.write((repos) => reconcileDomain(repos, context, web.uuid, null));
    expect(store.instances.get(web.uuid)?.vmState).toBe('error');
  });

  it('writes nothing when the row changed after the observation (a task came or went), and says to look again', () => {
    const { store, host, context } = setup();
    createdInstance(store, host, web);
    // A hard reboot of ours: the lookup saw the domain shut off while the task ran...
    const before = store.instances.domainVersionsOnHost(host.id);
    store.instances.update(web.uuid, { taskState: 'rebooting_hard' });
    store.instances.update(web.uuid, { taskState: null });
    // ...and its write comes after the task cleared: it must not flap the instance to SHUTOFF.
    const summary = store.write((repos) => reconcileDomain(repos, { ...context, observedAgainst: before }, web.uuid, { ...web, state: 5 }));
    expect(summary).toEqual({ adopted: 0, updated: 0, vanished: 0, stale: [web.uuid] });
    expect(store.instances.get(web.uuid)).toMatchObject({ vmState: 'active', powerState: 1 });
    // The same for a full refresh, also for a domain it did not see.
    const bulk = store.write((repos) => reconcileHostDomains(repos, { ...context, observedAgainst: before }, []));
    expect(bulk).toEqual({ adopted: 0, updated: 0, vanished: 0, stale: [web.uuid] });
    expect(store.instances.get(web.uuid)?.vmState).toBe('active');
    // A row written by a build after the look (its domain UUID recorded before define) is not adopted twice.
    const empty = new Map<string, string>();
    expect(store.write((repos) => reconcileDomain(repos, { ...context, observedAgainst: empty }, web.uuid, web)).stale).toEqual([web.uuid]);
    expect(store.instances.list()).toHaveLength(1);
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

describe('ownership: a vanished domain', () => {
  it('deletes adopted instances (they stop counting against the host) — 20 vanished test domains, 22 vCPUs on 16', () => {
    const { store, host, context } = setup();
    // What the lab's test:///default host (16 CPUs) showed: 20 adopted test domains, 22 vCPUs between them.
    const domains: ObservedDomain[] = Array.from({ length: 20 }, (_, i) => ({
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `vd-lab-gone-${i}`,
      id: i + 1,
      state: 1,
      size: { vcpus: i < 2 ? 2 : 1, memoryMiB: 128 },
    }));
    store.write((repos) => reconcileHostDomains(repos, context, domains));
    expect(store.instances.usageByHost().get(host.id)).toEqual({ instances: 20, vcpus: 22, ramMiB: 2560, diskGiB: 0 });

    const summary = store.write((repos) => reconcileHostDomains(repos, context, []));
    expect(summary.vanished).toBe(20);
    expect(store.instances.usageByHost().get(host.id)).toBeUndefined();
    expect(store.instances.list()).toEqual([]);
    const gone = store.instances.get(domains[0]?.uuid ?? '');
    expect(gone).toMatchObject({ vmState: 'deleted', taskState: null });
    expect(gone?.deletedAt).not.toBeNull();
    const actions = store.instanceActions.list(gone?.uuid ?? '');
    expect(actions.map((a) => a.action)).toEqual(['adopt', 'vanish']);
    expect(actions[1]?.message).toMatch(/no longer defined on host lab1; the adopted instance is marked deleted/);
  });

  it('also deletes adopted rows an earlier version left in ERROR, and the same on an event', () => {
    const { store, host, context } = setup();
    store.write((repos) => reconcileHostDomains(repos, context, [web, db]));
    // As the old rule left them: ERROR with the vanished fault, still counting.
    store.instances.update(db.uuid, { vmState: 'error', powerState: 0, fault: vanishedFault({ name: 'db', uuid: db.uuid }, 'lab1', NOW) });
    store.write((repos) => reconcileHostDomains(repos, context, [web]));
    expect(store.instances.get(db.uuid)?.vmState).toBe('deleted');
    store.write((repos) => reconcileDomain(repos, context, web.uuid, null));
    expect(store.instances.get(web.uuid)?.vmState).toBe('deleted');
    expect(store.instances.usageByHost().get(host.id)).toBeUndefined();
  });

  it('adopts the domain again as a new instance when it comes back', () => {
    const { store, context } = setup();
    store.write((repos) => reconcileHostDomains(repos, context, [web]));
    store.write((repos) => reconcileHostDomains(repos, context, []));
    expect(store.write((repos) => reconcileHostDomains(repos, context, [web])).adopted).toBe(1);
    const live = store.instances.list();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ name: 'web', libvirtDomainUuid: web.uuid, vmState: 'active' });
    expect(live[0]?.uuid).not.toBe(web.uuid);
  });

  it('leaves alone a domain whose UUID is a deleted instance built here on this host (recovery removes it)', () => {
    const { store, host, context } = setup();
    createdInstance(store, host, web);
    store.instances.softDelete(web.uuid);
    expect(store.write((repos) => reconcileHostDomains(repos, context, [web])).adopted).toBe(0);
    expect(store.instances.list()).toEqual([]);
    // On another host the same UUID is somebody else's domain: adopted.
    const other = addHost(store, 'lab2');
    expect(store.write((repos) => reconcileHostDomains(repos, { ...context, host: other }, [web])).adopted).toBe(1);
  });
});

describe('managed save', () => {
  it('adopts a shut-off domain with a managed-save image as suspended', () => {
    const { store, context } = setup();
    store.write((repos) => reconcileHostDomains(repos, context, [{ ...db, managedSave: true }]));
    expect(store.instances.get(db.uuid)).toMatchObject({ vmState: 'suspended', powerState: 4 });
    expect(store.instanceActions.list(db.uuid)[0]?.message).toMatch(/managed-save image: suspended/);
  });
});

/** Insert an instance as the create flow does (origin 'created', its domain UUID recorded), active on `host`. */
function createdInstance(store: SqliteInventoryStore, host: HostRecord, domain: ObservedDomain) {
  return store.instances.insert({
    uuid: domain.uuid,
    name: domain.name,
    projectId: store.projects.getByName('admin')?.id ?? '',
    hostId: host.id,
    vmState: 'active',
    powerState: 1,
    vcpus: 1,
    ramMiB: 512,
    diskGiB: 1,
    libvirtDomainName: domain.name,
    libvirtDomainUuid: domain.uuid,
    origin: 'created',
  });
}
