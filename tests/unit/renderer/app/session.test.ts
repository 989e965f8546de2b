import { beforeEach, describe, expect, it } from 'vitest';
import { useNavigationStore } from '../../../../renderer/app/navigation-store';
import { startSession } from '../../../../renderer/app/session';
import { useInstanceDetailStore } from '../../../../renderer/features/instance-detail/instance-detail-store';
import { useImagesStore } from '../../../../renderer/features/images/images-store';
import { useKeyPairsStore } from '../../../../renderer/features/keypairs/keypairs-store';
import { useHostsStore } from '../../../../renderer/shared/stores/hosts-store';
import { useInstancesStore } from '../../../../renderer/shared/stores/instances-store';
import { resetStore, useMainBackend } from '../main-backend';

const start = useMainBackend();

/** Wait for what the session started (it does not return its loads) to settle. */
async function settled(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(check()).toBe(true);
}

describe('the session, against main', () => {
  beforeEach(() => {
    resetStore(useInstancesStore);
    resetStore(useHostsStore);
    resetStore(useInstanceDetailStore);
    resetStore(useNavigationStore);
    resetStore(useImagesStore);
    resetStore(useKeyPairsStore);
  });

  it('a reconnect reloads every list that was loaded, the images and key pairs screens too, on screen or not', async () => {
    const main = start();
    useNavigationStore.getState().select('images');
    const stop = startSession(main.backend);
    try {
      await useImagesStore.getState().load();
      await useKeyPairsStore.getState().load();
      main.backend.setConnection({ status: 'reconnecting', attempt: 1, retryAt: Date.now() + 500, error: 'the server is not reachable' });
      const calls = main.backend.calls.length;
      main.backend.setConnection({ status: 'connected' });
      await settled(() => main.backend.calls.slice(calls).includes('images.list') && main.backend.calls.slice(calls).includes('keypairs.list'));
    } finally {
      stop();
    }
  });

  it('loads what is on screen, follows inventory.changed into the stores, and marks rows stale while disconnected', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    useNavigationStore.getState().select('instances');
    const stop = startSession(main.backend);
    try {
      await settled(() => useInstancesStore.getState().rows?.length === 1);
      await useInstanceDetailStore.getState().open(web.uuid);

      // A change pushed by main (through the facade, validated as main validates it) reaches the list and the details.
      main.inventory.store.instances.update(web.uuid, { vmState: 'paused', powerState: 3 });
      main.app.service.emit('inventory.changed', { instances: [await main.show(web.uuid)], hosts: [], removedHosts: [] });
      expect(useInstancesStore.getState().rows?.[0]?.status).toBe('PAUSED');
      expect(useInstanceDetailStore.getState().instance?.status).toBe('PAUSED');

      // The connection drops: the rows stay, stale.
      main.backend.setConnection({ status: 'reconnecting', attempt: 1, retryAt: Date.now() + 500, error: 'the server is not reachable' });
      expect(useInstancesStore.getState()).toMatchObject({ stale: true });
      expect(useInstancesStore.getState().rows?.[0]?.status).toBe('PAUSED');

      // What changed meanwhile comes with the reload after the reconnect, the details included.
      main.inventory.store.instances.update(web.uuid, { vmState: 'active', powerState: 1 });
      const calls = main.backend.calls.length;
      main.backend.setConnection({ status: 'connected' });
      await settled(() => useInstancesStore.getState().rows?.[0]?.status === 'ACTIVE' && useInstanceDetailStore.getState().instance?.status === 'ACTIVE');
      expect(useInstancesStore.getState().stale).toBe(false);
      expect(main.backend.calls.slice(calls)).toEqual(expect.arrayContaining(['app.info', 'instances.list', 'instances.show']));
    } finally {
      stop();
    }
  });

  it('loads what is on screen first, then the instances, so the list is there when the operator opens it', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    await main.addInstance(host.id, { name: 'web' });
    const stop = startSession(main.backend);
    try {
      await settled(() => useInstancesStore.getState().rows?.length === 1);
      const calls = main.backend.calls;
      expect(calls.indexOf('instances.list')).toBeGreaterThan(calls.indexOf('app.info'));
      expect(calls.indexOf('instances.list')).toBeGreaterThan(calls.indexOf('hosts.list'));
    } finally {
      stop();
    }
  });
});
