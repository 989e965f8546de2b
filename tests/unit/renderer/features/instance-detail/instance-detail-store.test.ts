import { beforeEach, describe, expect, it, vi } from 'vitest';
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

describe('the instance detail tabs, against main', () => {
  beforeEach(() => {
    resetStore(useInstancesStore);
    resetStore(useInstanceDetailStore);
  });

  it('loads the action log only when its tab is shown, and again when the instance changes', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    await detail().open(web.uuid);
    expect(main.backend.calls).not.toContain('instances.actions');
    expect(detail().actionLog).toEqual({ loading: false, value: null, error: null });
    await detail().selectTab('actions');
    expect(detail()).toMatchObject({ tab: 'actions', actionLog: { loading: false, value: [], error: null } });

    // An action on the instance: the change reaches the panel, which reads the log again.
    await main.backend.call('instances.act', { ref: web.uuid, action: { action: 'lock', reason: 'audit' } });
    detail().applyChanges({ instances: [await main.show(web.uuid)], hosts: [], removedHosts: [] });
    await vi.waitFor(() => expect(detail().actionLog.value?.map((a) => a.action)).toEqual(['lock']));
    expect(detail().actionLog.value?.[0]?.events).toMatchObject([{ event: 'api_lock', result: 'Success' }]);
  });

  it('reads the domain XML for the Hardware tab and says why it cannot', async () => {
    const main = start();
    const bare = await main.addInstance(null, { name: 'bare' });
    await detail().selectTab('hardware');
    await detail().open(bare.uuid);
    expect(detail().xml).toEqual({ loading: false, value: null, error: 'Libvirt domain of instance bare not found' });
    expect(main.backend.calls.filter((c) => c === 'instances.xml')).toHaveLength(1);
    // Other tabs load nothing of theirs.
    await detail().selectTab('overview');
    expect(main.backend.calls.filter((c) => c === 'instances.xml' || c === 'instances.actions')).toHaveLength(1);
  });

  it('drops what a tab loaded when another instance opens, and a late answer for the previous one', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    const db = await main.addInstance(host.id, { name: 'db' });
    await main.backend.call('instances.act', { ref: web.uuid, action: { action: 'lock' } });
    await detail().selectTab('actions');
    const first = detail().open(web.uuid);
    const second = detail().open(db.uuid);
    await Promise.all([first, second]);
    expect(detail()).toMatchObject({ uuid: db.uuid, actionLog: { value: [] } });
    await detail().open(null);
    expect(detail()).toMatchObject({ uuid: null, tab: 'actions', actionLog: { value: null } });
  });
});
