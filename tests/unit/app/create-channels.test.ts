// The create wizard's channels through the app's real facade and inventory: placement.preview runs the scheduler
// over the inventory's hosts and claims nothing; the quota bars read quotas.show; bad arguments are refused.
import { describe, expect, it } from 'vitest';
import type { QuotaReport } from '../../../common/contract/admin-schemas';
import type { PlacementPreview } from '../../../common/contract/create-schemas';
import { openInventory } from '../../../main/inventory';
import { useAppFixture } from './helpers';

const ctx = { transport: 'in-process' } as const;

describe('create wizard channels', () => {
  const fx = useAppFixture('virt-deck-create-channels-');

  /** Two up hosts (big and small), one disabled, a flavor only the big one fits, and one instance of admin's. */
  function seed(): void {
    const inventory = openInventory({ dataDir: fx.dir });
    try {
      const store = inventory.store;
      const facts = (cpus: number, memoryMiB: number) => ({ cpus, memoryMiB, diskGiB: 100, arch: 'x86_64', domainType: 'qemu' });
      const big = store.hosts.insert({ name: 'big', uri: 'test:///big' });
      store.hosts.update(big.id, { status: 'up', facts: facts(8, 16_384) });
      const small = store.hosts.insert({ name: 'small', uri: 'test:///small' });
      store.hosts.update(small.id, { status: 'up', facts: facts(2, 2048) });
      const off = store.hosts.insert({ name: 'off', uri: 'test:///off' });
      store.hosts.update(off.id, { status: 'up', enabled: false, disabledReason: 'maintenance', facts: facts(8, 16_384) });
      store.flavors.insert({ name: 'vd.big', vcpus: 2, ramMiB: 4096, diskGiB: 1 });
      const admin = store.projects.getByName('admin')?.id as string;
      store.instances.insert({ name: 'web', projectId: admin, hostId: big.id, vmState: 'active', vcpus: 2, ramMiB: 1024, diskGiB: 5 });
    } finally {
      inventory.close();
    }
  }

  it('previews where a request goes and why, per host, without claiming', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const preview = await app.service.call('placement.preview', { flavor: 'vd.big', count: 1 }, ctx);
    expect(preview).toMatchObject({ ok: true, value: { ok: true, chosen: ['big'], message: null, explanation: expect.stringMatching(/^big: rank 1 of 1 candidate/) } });
    const hosts = preview.ok ? (preview.value as PlacementPreview).hosts : [];
    expect(hosts.find((h) => h.host === 'big')).toMatchObject({ passed: true, rank: 1, chosen: true, weighers: expect.arrayContaining([expect.objectContaining({ weigher: 'RAMWeigher' })]) });
    expect(hosts.find((h) => h.host === 'small')).toMatchObject({ passed: false, filter: 'CapacityFilter', reason: expect.stringMatching(/MEMORY_MB: requested 4096/) });
    expect(hosts.find((h) => h.host === 'off')).toMatchObject({ passed: false, reason: expect.stringMatching(/maintenance|disabled/) });
    // Nothing was claimed: the only instance is still the seeded one.
    expect(await app.service.call('instances.list', {}, ctx)).toMatchObject({ ok: true, value: [{ name: 'web' }] });
  });

  it('previews a forced host, and says NoValidHost with the filter when nothing fits', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    expect(await app.service.call('placement.preview', { flavor: 'vd.big', host: 'small' }, ctx)).toMatchObject({ ok: true, value: { ok: false, chosen: [], message: expect.stringMatching(/No valid host/) } });
    expect(await app.service.call('placement.preview', { flavor: 'm1.tiny', host: 'small' }, ctx)).toMatchObject({ ok: true, value: { ok: true, chosen: ['small'] } });
    // A host by id, as a create takes it.
    const smallId = (await app.service.call('hosts.list', {}, ctx)) as { ok: true; value: { id: string; name: string }[] };
    const id = smallId.value.find((h) => h.name === 'small')?.id as string;
    expect(await app.service.call('placement.preview', { flavor: 'm1.tiny', host: id }, ctx)).toMatchObject({ ok: true, value: { ok: true, chosen: ['small'] } });
    const many = await app.service.call('placement.preview', { flavor: 'vd.big', count: 5 }, ctx);
    expect(many).toMatchObject({ ok: true, value: { ok: false, message: expect.stringMatching(/No valid host was found/) } });
  });

  it('says an image the flavor cannot boot goes nowhere, as the create would refuse it', async () => {
    seed();
    const inventory = openInventory({ dataDir: fx.dir });
    try {
      inventory.store.images.insert({ name: 'big-image', diskFormat: 'qcow2', status: 'active', sizeBytes: 1, checksumSha256: 'cd'.repeat(32), minDiskGiB: 5, minRamMiB: 0 });
      inventory.store.images.insert({ name: 'queued', diskFormat: 'qcow2', status: 'queued', sizeBytes: 1, checksumSha256: 'ef'.repeat(32), minDiskGiB: 0, minRamMiB: 0 });
    } finally {
      inventory.close();
    }
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    expect(await app.service.call('placement.preview', { flavor: 'vd.big', image: 'big-image' }, ctx)).toMatchObject({
      ok: true,
      value: { ok: false, chosen: [], hosts: [], message: expect.stringMatching(/smaller than image big-image's min_disk \(5 GiB\)/) },
    });
    expect(await app.service.call('placement.preview', { flavor: 'vd.big', image: 'queued' }, ctx)).toMatchObject({ ok: true, value: { ok: false, message: expect.stringMatching(/is queued, not active/) } });
  });

  it('gives the wizard a project quota with usage (quotas.show)', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const usage = await app.service.call('quotas.show', { project: 'admin' }, ctx);
    expect(usage).toMatchObject({ ok: true, value: { project: { name: 'admin' } } });
    const lines = usage.ok ? (usage.value as QuotaReport).lines : [];
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: 'instances', limit: 10, inUse: 1 }),
        expect.objectContaining({ resource: 'cores', limit: 20, inUse: 2 }),
        expect.objectContaining({ resource: 'ram', limit: 51_200, inUse: 1024 }),
      ]),
    );
  });

  it('refuses invalid arguments and unknown references', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    for (const args of [{}, { flavor: '' }, { flavor: 'vd.big', count: 0 }, { flavor: 'vd.big', count: 1.5 }, { flavor: 'vd.big', count: 101 }, { flavor: 'vd.big', extra: true }, { flavor: 7 }]) {
      expect(await app.service.call('placement.preview', args as never, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    }
    expect(await app.service.call('quotas.show', { project: 3 } as never, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('quotas.show', { project: 'admin', x: 1 } as never, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('placement.preview', { flavor: 'nope' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await app.service.call('placement.preview', { flavor: 'vd.big', project: 'nope' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await app.service.call('placement.preview', { flavor: 'vd.big', image: 'nope' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await app.service.call('quotas.show', { project: 'nope' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
