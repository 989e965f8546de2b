// `instances.xml` through the app's real facade and inventory: invalid arguments refused, an unknown instance or one
// without a domain is not_found, an instance whose host cannot be reached is unavailable. Reading the XML of a real
// domain: tests/integration/compute/instance-xml.test.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInventory } from '../../../main/inventory';
import { useAppFixture } from './helpers';

const ctx = { transport: 'in-process' } as const;

describe('instances.xml', () => {
  const fx = useAppFixture('virt-deck-xml-');

  /** An instance without a domain (`bare`) and one on a host whose socket does not exist (`away`). */
  function seed(): void {
    const inventory = openInventory({ dataDir: fx.dir });
    try {
      const store = inventory.store;
      const admin = store.projects.getByName('admin')?.id as string;
      const host = store.hosts.insert({ name: 'gone', uri: `qemu+unix:///system?socket=${join(fx.dir, 'no-such-sock')}` });
      store.instances.insert({ name: 'bare', projectId: admin, hostId: null, vmState: 'error', vcpus: 1, ramMiB: 512, diskGiB: 1 });
      store.instances.insert({
        name: 'away',
        projectId: admin,
        hostId: host.id,
        vmState: 'active',
        vcpus: 1,
        ramMiB: 512,
        diskGiB: 1,
        libvirtDomainName: 'away',
        libvirtDomainUuid: '8f3e8f4c-2d0b-4c55-a0a4-2f6f1c1b9d11',
      });
    } finally {
      inventory.close();
    }
  }

  it('refuses invalid arguments before any handler runs', async () => {
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    for (const args of [{}, { ref: '' }, { ref: 42 }, { ref: 'x'.repeat(256) }, { ref: 'web', flags: 1 }, null]) {
      expect(await app.service.call('instances.xml', args, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    }
  });

  it('answers not_found for an unknown instance and for one without a domain', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    expect(await app.service.call('instances.xml', { ref: 'ghost' }, ctx)).toEqual({ ok: false, error: { code: 'not_found', message: 'Instance ghost not found' } });
    expect(await app.service.call('instances.xml', { ref: 'bare' }, ctx)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Libvirt domain of instance bare not found' },
    });
  });

  it('answers unavailable when the host cannot be reached', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const answer = await app.service.call('instances.xml', { ref: 'away' }, ctx);
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
