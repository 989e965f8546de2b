import { beforeEach, describe, expect, it } from 'vitest';
import { followHosts, useInstancesStore } from '../../../../../renderer/shared/stores/instances-store';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();

describe('the instances store, against main', () => {
  beforeEach(() => resetStore(useInstancesStore));

  it('loads instances.list without the deleted ones, in name order (numbers in order), and says when', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    await main.addInstance(host.id, { name: 'web-10' });
    await main.addInstance(host.id, { name: 'web-2' });
    const gone = await main.addInstance(host.id, { name: 'gone' });
    main.inventory.store.instances.softDelete(gone.uuid);

    const before = Date.now();
    await useInstancesStore.getState().load();
    const { rows, syncedAt, stale, error } = useInstancesStore.getState();
    expect(rows?.map((row) => row.name)).toEqual(['web-2', 'web-10']);
    expect(syncedAt).toBeGreaterThanOrEqual(before);
    expect(stale).toBe(false);
    expect(error).toBeNull();
  });

  it('merges pushed changes: a changed row replaces its old self, a new one is added, a deleted one leaves', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    const db = await main.addInstance(host.id, { name: 'db' });
    await useInstancesStore.getState().load();
    const loaded = useInstancesStore.getState().rows;

    main.inventory.store.instances.update(web.uuid, { vmState: 'stopped', powerState: 4 });
    const cache = await main.addInstance(host.id, { name: 'cache' });
    useInstancesStore.getState().applyChanges({ instances: [await main.show(web.uuid), cache, { ...db, vmState: 'deleted' }], hosts: [], removedHosts: [] });

    const rows = useInstancesStore.getState().rows ?? [];
    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['cache', 'ACTIVE'],
      ['web', 'SHUTOFF'],
    ]);
    expect(rows).not.toBe(loaded);
  });

  it('keeps the same rows (and the same array) when a batch changes nothing it holds', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    await main.addInstance(host.id, { name: 'web' });
    await useInstancesStore.getState().load();
    const rows = useInstancesStore.getState().rows;
    useInstancesStore.getState().applyChanges({ instances: [], hosts: [await main.host(host.id)], removedHosts: [] });
    expect(useInstancesStore.getState().rows).toBe(rows);
  });

  it('carries a host’s new name and last-seen time to its instances', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    await useInstancesStore.getState().load();
    main.inventory.store.hosts.update(host.id, { lastSeenAt: '2025-06-01T10:00:00.000Z' });
    const seen = await main.host(host.id);
    useInstancesStore.getState().applyChanges({ instances: [], hosts: [seen], removedHosts: [] });
    const row = useInstancesStore.getState().rows?.find((r) => r.uuid === web.uuid);
    expect(row?.hostLastSeenAt).toBe('2025-06-01T10:00:00.000Z');
    // An instance on another host, or on none, is left as it is.
    const unplaced = { ...web, hostId: null };
    expect(followHosts({ instances: [], hosts: [seen], removedHosts: [] })(unplaced)).toBe(unplaced);
  });

  it('ignores changes until the first load', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    useInstancesStore.getState().applyChanges({ instances: [web], hosts: [], removedHosts: [] });
    expect(useInstancesStore.getState().rows).toBeNull();
  });

  it('offline: keeps the rows, marked stale with the time they are from, until a load succeeds', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    await main.addInstance(host.id, { name: 'web' });
    await useInstancesStore.getState().load();
    const { rows, syncedAt } = useInstancesStore.getState();

    main.backend.setConnection({ status: 'reconnecting', attempt: 1, retryAt: Date.now() + 500, error: 'the server is not reachable' });
    useInstancesStore.getState().markStale();
    await useInstancesStore.getState().load();
    expect(useInstancesStore.getState()).toMatchObject({ rows, syncedAt, stale: true, error: 'Not connected to Virt Deck' });

    main.backend.setConnection({ status: 'connected' });
    await useInstancesStore.getState().load();
    expect(useInstancesStore.getState()).toMatchObject({ stale: false, error: null });
    expect(useInstancesStore.getState().syncedAt).toBeGreaterThanOrEqual(syncedAt ?? 0);
  });

  it('a slower, older load does not overwrite a newer answer', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    await main.addInstance(host.id, { name: 'web' });
    const first = useInstancesStore.getState().load();
    await main.addInstance(host.id, { name: 'db' });
    const second = useInstancesStore.getState().load();
    await Promise.all([second, first]);
    expect(useInstancesStore.getState().rows?.map((r) => r.name)).toEqual(['db', 'web']);
  });
});
