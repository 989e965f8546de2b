// The create wizard's Placement pickers through the app's real facade and inventory: serverGroups.list and
// availabilityZones.list, and placement.preview honouring a server group and a zone; bad arguments are refused.
import { describe, expect, it } from 'vitest';
import type { PlacementPreview } from '../../../common/contract/create-schemas';
import { openInventory } from '../../../main/inventory';
import { useAppFixture } from './helpers';

const ctx = { transport: 'in-process' } as const;

describe('placement picker channels', () => {
  const fx = useAppFixture('virt-deck-placement-pickers-');

  /** Hosts a (zone az1), b (an aggregate puts it in az2), c (the default zone); an anti-affinity group with a member on a. */
  function seed(): void {
    const inventory = openInventory({ dataDir: fx.dir });
    try {
      const store = inventory.store;
      const facts = { cpus: 8, memoryMiB: 16_384, diskGiB: 100, arch: 'x86_64', domainType: 'qemu' };
      const a = store.hosts.insert({ name: 'a', uri: 'test:///a', availabilityZone: 'az1' });
      const b = store.hosts.insert({ name: 'b', uri: 'test:///b' });
      const c = store.hosts.insert({ name: 'c', uri: 'test:///c' });
      for (const host of [a, b, c]) store.hosts.update(host.id, { status: 'up', facts });
      const aggregate = store.aggregates.insert({ name: 'rack2', metadata: { availability_zone: 'az2' } });
      store.aggregates.addHost(aggregate.id, b.id);
      const admin = store.projects.getByName('admin')?.id as string;
      const web = store.instances.insert({ name: 'web', projectId: admin, hostId: a.id, vmState: 'active', vcpus: 1, ramMiB: 512, diskGiB: 1 });
      const group = store.serverGroups.insert({ name: 'spread', projectId: admin, policy: 'anti-affinity' });
      store.serverGroups.addMember(group.id, web.uuid);
      const other = store.projects.insert({ name: 'other' });
      store.serverGroups.insert({ name: 'theirs', projectId: other.id, policy: 'affinity' });
    } finally {
      inventory.close();
    }
  }

  it('lists the project’s server groups (admin by default) with their policy and member count', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    expect(await app.service.call('serverGroups.list', {}, ctx)).toMatchObject({ ok: true, value: [{ name: 'spread', policy: 'anti-affinity', members: 1, maxServerPerHost: null }] });
    expect(await app.service.call('serverGroups.list', { project: 'other' }, ctx)).toMatchObject({ ok: true, value: [{ name: 'theirs', policy: 'affinity', members: 0 }] });
    expect(await app.service.call('serverGroups.list', { project: 'nope' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('lists the zones hosts are in, by the scheduler’s rule', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    expect(await app.service.call('availabilityZones.list', {}, ctx)).toEqual({
      ok: true,
      value: [
        { name: 'az1', hosts: ['a'] },
        { name: 'az2', hosts: ['b'] },
        { name: 'nova', hosts: ['c'] },
      ],
    });
  });

  it('previews with a server group and a zone: the filters that removed the other hosts say why', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const grouped = await app.service.call('placement.preview', { flavor: 'm1.tiny', serverGroup: 'spread' }, ctx);
    const groupedHosts = grouped.ok ? (grouped.value as PlacementPreview).hosts : [];
    expect(groupedHosts.find((h) => h.host === 'a')).toMatchObject({ passed: false, filter: 'ServerGroupAntiAffinityFilter' });
    const zoned = await app.service.call('placement.preview', { flavor: 'm1.tiny', availabilityZone: 'az2' }, ctx);
    expect(zoned).toMatchObject({ ok: true, value: { ok: true, chosen: ['b'], explanation: expect.stringMatching(/^b: /) } });
    const zonedHosts = zoned.ok ? (zoned.value as PlacementPreview).hosts : [];
    expect(zonedHosts.find((h) => h.host === 'c')).toMatchObject({ passed: false, filter: 'AvailabilityZoneFilter', reason: expect.stringMatching(/"az2" requested; host is in "nova"/) });
    // A group of another project is not found in this one, as the create would answer.
    expect(await app.service.call('placement.preview', { flavor: 'm1.tiny', serverGroup: 'theirs' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Server group theirs not found' } });
  });

  it('refuses invalid arguments', async () => {
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    expect(await app.service.call('availabilityZones.list', { project: 'x' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('serverGroups.list', { project: 7 }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('serverGroups.list', { project: 'x'.repeat(300) }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('placement.preview', { flavor: 'm1.tiny', availabilityZone: '' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });
});
