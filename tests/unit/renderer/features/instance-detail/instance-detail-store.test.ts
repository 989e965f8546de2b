import { beforeEach, describe, expect, it } from 'vitest';
import { useInstanceDetailStore } from '../../../../../renderer/features/instance-detail/instance-detail-store';
import { useInstancesStore } from '../../../../../renderer/shared/stores/instances-store';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();
const detail = () => useInstanceDetailStore.getState();

describe('the instance detail store, against main', () => {
  beforeEach(() => {
    resetStore(useInstancesStore);
    resetStore(useInstanceDetailStore);
  });

  it('shows the list row at once, then instances.show’s answer', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    await useInstancesStore.getState().load();
    main.inventory.store.instances.update(web.uuid, { vmState: 'paused', powerState: 3 });
    const opening = detail().open(web.uuid);
    expect(detail().instance?.status).toBe('ACTIVE');
    await opening;
    expect(detail()).toMatchObject({ uuid: web.uuid, error: null });
    expect(detail().instance?.status).toBe('PAUSED');
  });

  it('follows pushed changes to the open instance only, its host’s last-seen time too, and its deletion', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    const db = await main.addInstance(host.id, { name: 'db' });
    await detail().open(web.uuid);
    detail().applyChanges({ instances: [{ ...db, status: 'ERROR' }], hosts: [], removedHosts: [] });
    expect(detail().instance?.status).toBe('ACTIVE');
    main.inventory.store.hosts.update(host.id, { lastSeenAt: '2025-06-01T10:00:00.000Z' });
    detail().applyChanges({ instances: [], hosts: [await main.host(host.id)], removedHosts: [] });
    expect(detail().instance?.hostLastSeenAt).toBe('2025-06-01T10:00:00.000Z');
    main.inventory.store.instances.softDelete(web.uuid);
    detail().applyChanges({ instances: [await main.show(web.uuid)], hosts: [], removedHosts: [] });
    expect(detail().instance?.vmState).toBe('deleted');
  });

  it('says why an instance cannot be shown, and closes', async () => {
    const main = start();
    await main.addHost('hv1');
    await detail().open('00000000-0000-4000-8000-00000000dead');
    expect(detail().error).toMatch(/00000000-0000-4000-8000-00000000dead/);
    await detail().open(null);
    expect(detail()).toMatchObject({ uuid: null, instance: null, error: null });
  });

  it('an answer for an instance no longer open is dropped', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    const db = await main.addInstance(host.id, { name: 'db' });
    const first = detail().open(web.uuid);
    const second = detail().open(db.uuid);
    await Promise.all([first, second]);
    expect(detail().instance?.name).toBe('db');
  });
});
