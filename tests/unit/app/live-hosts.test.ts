// The app with host connections on: the local libvirtd offered once, and the change feed pushed to the UI with
// what depends on other rows (instances turning UNKNOWN when their host goes down). A real unix socket stands in for
// a local libvirtd's; the host that goes down points at a socket nobody listens on.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InventoryChanged } from '../../../common/contract/schemas';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { openInventory } from '../../../main/inventory';

const ctx = { transport: 'in-process' } as const;
const FAST = { backoff: { initialMs: 50, maxMs: 100 } };

describe('app with live hosts', () => {
  let dir: string;
  let app: VirtDeckApp | undefined;
  let socketServer: Server | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'virt-deck-live-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    if (socketServer) await new Promise((resolve) => socketServer?.close(resolve));
    socketServer = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a running local libvirtd as "localhost" once; removed, it stays removed', async () => {
    const socket = join(dir, 'libvirt-sock');
    socketServer = createServer((conn) => conn.destroy());
    await new Promise<void>((resolve) => socketServer?.listen(socket, resolve));
    const dataDir = join(dir, 'data');
    const logs: string[] = [];
    app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [socket], connectHosts: FAST, log: (m) => logs.push(m) });
    await app.hostsStarted;
    const listed = await app.service.call('hosts.list', {}, ctx);
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'localhost', uri: 'qemu:///system' }] });
    expect(logs.join('\n')).toContain('added the local libvirtd');
    expect(await app.service.call('hosts.remove', { ref: 'localhost' }, ctx)).toMatchObject({ ok: true });
    await app.close();

    app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [socket], connectHosts: FAST, log: () => undefined });
    await app.hostsStarted;
    expect(await app.service.call('hosts.list', {}, ctx)).toEqual({ ok: true, value: [] });
  });

  it('pushes a host going down together with its instances, now UNKNOWN', async () => {
    const dataDir = join(dir, 'data');
    const seed = openInventory({ dataDir });
    const host = seed.store.hosts.insert({ name: 'gone', uri: `test+unix:///default?socket=${join(dir, 'nobody-listens')}` });
    seed.store.hosts.update(host.id, { status: 'up' });
    const project = seed.store.projects.getByName('admin');
    seed.store.instances.insert({ name: 'web', projectId: project?.id ?? '', hostId: host.id, vmState: 'active', powerState: 1, vcpus: 1, ramMiB: 64, diskGiB: 0, libvirtDomainUuid: '11111111-1111-4111-8111-111111111111' });
    seed.close();

    app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [], connectHosts: FAST, log: () => undefined });
    const service = app.service;
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
  });
});
