// The app with host connections on: the local libvirtd offered once, and the change feed pushed to the UI with
// what depends on other rows (instances turning UNKNOWN when their host goes down). A real unix socket stands in for
// a local libvirtd's; the host that goes down points at a socket nobody listens on.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InventoryChanged } from '../../../common/contract/schemas';
import { openInventory } from '../../../main/inventory';
import { useAppFixture } from './helpers';

const ctx = { transport: 'in-process' } as const;
const FAST = { backoff: { initialMs: 50, maxMs: 100 } };

describe('app with live hosts', () => {
  const fx = useAppFixture('virt-deck-live-');

  it('adds a running local libvirtd as "localhost" once; removed, it stays removed', async () => {
    const socket = join(fx.dir, 'libvirt-sock');
    await fx.listenUnix(socket, (conn) => conn.destroy());
    const dataDir = join(fx.dir, 'data');
    const logs: string[] = [];
    let app = fx.start({ mode: 'web', dataDir, libvirtSocketPaths: [socket], connectHosts: FAST, log: (m) => logs.push(m) });
    await app.hostsStarted;
    const listed = await app.service.call('hosts.list', {}, ctx);
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'localhost', uri: 'qemu:///system' }] });
    expect(logs.join('\n')).toContain('added the local libvirtd');
    expect(await app.service.call('hosts.remove', { ref: 'localhost' }, ctx)).toMatchObject({ ok: true });
    await app.close();

    app = fx.start({ mode: 'web', dataDir, libvirtSocketPaths: [socket], connectHosts: FAST, log: () => undefined });
    await app.hostsStarted;
    expect(await app.service.call('hosts.list', {}, ctx)).toEqual({ ok: true, value: [] });
  });

  it('pushes a host going down together with its instances, now UNKNOWN', async () => {
    const dataDir = join(fx.dir, 'data');
    const seed = openInventory({ dataDir });
    const host = seed.store.hosts.insert({ name: 'gone', uri: `test+unix:///default?socket=${join(fx.dir, 'nobody-listens')}` });
    seed.store.hosts.update(host.id, { status: 'up' });
    const project = seed.store.projects.getByName('admin');
    seed.store.instances.insert({ name: 'web', projectId: project?.id ?? '', hostId: host.id, vmState: 'active', powerState: 1, vcpus: 1, ramMiB: 64, diskGiB: 0, libvirtDomainUuid: '11111111-1111-4111-8111-111111111111' });
    seed.close();

    const { service } = fx.start({ mode: 'web', dataDir, libvirtSocketPaths: [], connectHosts: FAST, log: () => undefined });
    // The first pushed batch with the host down: what the UI receives when the connection fails.
    const down = await new Promise<InventoryChanged>((resolve) => {
      const off = service.subscribe((event, payload) => {
        const delta = payload as InventoryChanged;
        if (event !== 'inventory.changed' || !delta.hosts.some((h) => h.status === 'down')) return;
        off();
        resolve(delta);
      });
    });
    expect(down.hosts[0]).toMatchObject({ name: 'gone', status: 'down', statusReason: expect.stringMatching(/nobody-listens/) as unknown as string, usage: { instances: 1 } });
    expect(down.instances).toMatchObject([{ name: 'web', status: 'UNKNOWN', vmState: 'active', hostStatus: 'down' }]);
    // When its session tries again is pushed with it (the details panel counts down to it).
    expect(Date.parse(down.hosts[0]?.nextRetryAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });
});
