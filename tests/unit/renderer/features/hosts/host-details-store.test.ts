import { beforeEach, describe, expect, it, vi } from 'vitest';
import { selectTargets, useHostDetailsStore } from '../../../../../renderer/features/hosts/host-details-store';
import { useHostsStore } from '../../../../../renderer/shared/stores/hosts-store';
import { resetStore, useMainBackend } from '../../main-backend';

// The host details store against main's real service and inventory (in process).
const start = useMainBackend();

describe('host details store', () => {
  beforeEach(() => {
    resetStore(useHostDetailsStore);
    resetStore(useHostsStore);
  });

  it('disables a host with a reason and enables it again; the hosts list shows each change at once', async () => {
    const fx = start();
    const host = await fx.addHost('hv1');
    await useHostsStore.getState().load();
    expect(await useHostDetailsStore.getState().update(host.id, { enabled: false, disabledReason: 'maintenance' })).toBe(true);
    expect(useHostsStore.getState().rows?.[0]).toMatchObject({ enabled: false, disabledReason: 'maintenance' });
    expect(await useHostDetailsStore.getState().update(host.id, { enabled: true })).toBe(true);
    expect(useHostsStore.getState().rows?.[0]).toMatchObject({ enabled: true, disabledReason: null });
    expect(fx.inventory.store.hosts.get(host.id)?.enabled).toBe(true);
  });

  it('renames and re-points a host; a URI main refuses is kept as its reason and changes nothing', async () => {
    const fx = start();
    const host = await fx.addHost('hv1');
    await useHostsStore.getState().load();
    const store = useHostDetailsStore.getState();
    expect(await store.update(host.id, { name: 'hv-one', uri: 'qemu+ssh://ops@hv1.example.org/system' })).toBe(true);
    expect(useHostsStore.getState().rows?.[0]).toMatchObject({ name: 'hv-one', uri: 'qemu+ssh://ops@hv1.example.org/system' });
    expect(await store.update(host.id, { uri: 'qemu:///nowhere' })).toBe(false);
    expect(useHostDetailsStore.getState().saveError).toMatch(/a qemu URI ends in \/system or \/session/);
    expect((await fx.host(host.id)).uri).toBe('qemu+ssh://ops@hv1.example.org/system');
    useHostDetailsStore.getState().clearSaveError();
    expect(useHostDetailsStore.getState().saveError).toBeNull();
  });

  it('keeps why networks and pools could not be listed for an unreachable host, per host', async () => {
    const fx = start();
    const host = await fx.addHost('hv1');
    useHostDetailsStore.getState().select(host.id);
    await useHostDetailsStore.getState().loadTargets(host.id);
    const targets = selectTargets(host.id)(useHostDetailsStore.getState());
    expect(targets).toMatchObject({ loading: false, networks: null, pools: null });
    expect(targets.error).not.toBeNull();
    expect(selectTargets('other')(useHostDetailsStore.getState())).toMatchObject({ loading: false, error: null, networks: null });
  });

  it('a slower, older answer for a host does not overwrite a newer one', async () => {
    const fx = start();
    const host = await fx.addHost('hv1');
    // The transport delays the first answer (a slow network): held until the second load has finished.
    const call = fx.backend.call.bind(fx.backend);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    vi.spyOn(fx.backend, 'call').mockImplementation((async (channel: string, args: unknown) => {
      if (channel === 'networks.list' && first) {
        first = false;
        await held;
        return { networks: [{ name: 'stale' }], defaultNetwork: 'stale' };
      }
      return (call as (c: string, a: unknown) => Promise<unknown>)(channel, args);
    }) as typeof fx.backend.call);
    const older = useHostDetailsStore.getState().loadTargets(host.id);
    await useHostDetailsStore.getState().loadTargets(host.id);
    const newer = selectTargets(host.id)(useHostDetailsStore.getState());
    release();
    await older;
    expect(selectTargets(host.id)(useHostDetailsStore.getState())).toBe(newer);
    expect(newer).toMatchObject({ loading: false, networks: null });
  });
});
