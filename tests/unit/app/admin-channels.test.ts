import { describe, expect, it } from 'vitest';
import type { QuotaReport } from '../../../common/contract/admin-schemas';
import type { Host } from '../../../common/contract/schemas';
import type { CallResult } from '../../../common/contract/errors';
import type { CallContext } from '../../../main/api/service';
import { loadHostStates } from '../../../main/compute/claim-hosts';
import { openInventory } from '../../../main/inventory';
import { schedule } from '../../../main/placement';
import { useAppFixture } from './helpers';

const ctx: CallContext = { transport: 'in-process' };

/** A call's value; a refusal fails the test with main's message. */
async function value<T>(result: Promise<CallResult<unknown>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

describe('admin channels: hosts.update, projects.create, quotas.show/set, flavors.create/delete', () => {
  const fx = useAppFixture('virt-deck-admin-channels-');
  const start = () => fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });

  it('renames and re-points a host, deriving its SSH user from the new URI; the views carry its allocation ratios', async () => {
    const app = start();
    const added = { value: await value<Host>(app.service.call('hosts.add', { name: 'hv1', uri: 'test:///default' }, ctx)) };
    expect(added.value.allocation).toEqual({ cpuRatio: 4, ramRatio: 1, diskRatio: 1, reservedVcpus: 0, reservedRamMiB: 512, reservedDiskGiB: 0 });
    const renamed = await app.service.call('hosts.update', { id: added.value.id, name: 'hv-one', uri: 'qemu+ssh://ops@hv1.example.org:2222/system' }, ctx);
    expect(renamed).toMatchObject({ ok: true, value: { id: added.value.id, name: 'hv-one', uri: 'qemu+ssh://ops@hv1.example.org:2222/system', enabled: true } });
    const inventory = openInventory({ dataDir: fx.dir });
    try {
      expect(inventory.store.hosts.get(added.value.id)?.auth).toEqual({ username: 'ops' });
    } finally {
      inventory.close();
    }
    // By name works too.
    expect(await app.service.call('hosts.update', { id: 'hv-one', name: 'hv1' }, ctx)).toMatchObject({ ok: true, value: { name: 'hv1' } });
  });

  it('disables a host for placement with a reason, and placement then refuses it naming the reason; enabling clears it', async () => {
    const app = start();
    const added = { value: await value<Host>(app.service.call('hosts.add', { name: 'hv1', uri: 'test:///default' }, ctx)) };
    const disabled = await app.service.call('hosts.update', { id: added.value.id, enabled: false, disabledReason: 'maintenance' }, ctx);
    expect(disabled).toMatchObject({ ok: true, value: { enabled: false, disabledReason: 'maintenance' } });

    const inventory = openInventory({ dataDir: fx.dir });
    try {
      inventory.store.hosts.update(added.value.id, { status: 'up', facts: { cpus: 8, memoryMiB: 16_384, diskGiB: 100 } });
      const { states } = inventory.store.read((repos) => loadHostStates(repos));
      const flavor = { id: 'f', name: 'f', vcpus: 1, ramMiB: 512, diskGiB: 1, ephemeralGiB: 0, swapMiB: 0, extraSpecs: {}, isPublic: true };
      const result = schedule({ flavor, numInstances: 1 }, states);
      expect(JSON.stringify(result)).toContain('compute service is disabled (reason: maintenance)');
    } finally {
      inventory.close();
    }

    expect(await app.service.call('hosts.update', { id: added.value.id, enabled: true }, ctx)).toMatchObject({ ok: true, value: { enabled: true, disabledReason: null } });
  });

  it('refuses invalid hosts.update arguments: unknown fields, nothing to change, a bad name or URI, an unknown or taken host', async () => {
    const app = start();
    const added = { value: await value<Host>(app.service.call('hosts.add', { name: 'hv1', uri: 'test:///default' }, ctx)) };
    await app.service.call('hosts.add', { name: 'hv2', uri: 'test:///tmp/hv2.xml' }, ctx);
    const id = added.value.id;
    expect(await app.service.call('hosts.update', { id, name: 'x', extra: true }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('hosts.update', { id }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args', message: expect.stringMatching(/Nothing to change/) } });
    expect(await app.service.call('hosts.update', { id, enabled: 'no' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('hosts.update', { id, name: 'bad name!' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Host name/) } });
    expect(await app.service.call('hosts.update', { id, uri: 'qemu:///nowhere' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/ends in \/system or \/session/) } });
    expect(await app.service.call('hosts.update', { id, uri: 'esx://h/' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await app.service.call('hosts.update', { id, name: 'hv2' }, ctx)).toMatchObject({ ok: false, error: { code: 'already_exists' } });
    expect(await app.service.call('hosts.update', { id: 'nowhere', enabled: false }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Nothing changed by the refusals.
    expect(await app.service.call('hosts.list', {}, ctx)).toMatchObject({ ok: true, value: [{ name: 'hv1', uri: 'test:///default', enabled: true }, { name: 'hv2' }] });
  });

  it('creates a project, shows and sets its quota (null back to the default), refusing what is invalid', async () => {
    const app = start();
    const created = await app.service.call('projects.create', { name: 'team-a', description: 'Team A' }, ctx);
    expect(created).toMatchObject({ ok: true, value: { name: 'team-a', description: 'Team A', enabled: true } });
    expect(await app.service.call('projects.create', { name: 'team-a' }, ctx)).toMatchObject({ ok: false, error: { code: 'already_exists' } });
    expect(await app.service.call('projects.create', { name: 'x', owner: 'me' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });

    const shown = await app.service.call('quotas.show', { project: 'team-a' }, ctx);
    expect(shown).toMatchObject({ ok: true, value: { project: { name: 'team-a' }, lines: expect.arrayContaining([expect.objectContaining({ resource: 'cores', isDefault: true, inUse: 0 })]) } });
    const set = await value<QuotaReport>(app.service.call('quotas.set', { project: 'team-a', cores: 8, ram: -1 }, ctx));
    expect(set.lines.filter((l) => !l.isDefault).map((l) => `${l.resource}=${l.limit}`)).toEqual(['cores=8', 'ram=-1']);
    const reset = await value<QuotaReport>(app.service.call('quotas.set', { project: 'team-a', cores: null }, ctx));
    expect(reset.lines.find((l) => l.resource === 'cores')?.isDefault).toBe(true);

    expect(await app.service.call('quotas.set', { project: 'team-a' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args', message: expect.stringMatching(/Nothing to set/) } });
    expect(await app.service.call('quotas.set', { project: 'team-a', cores: -2 }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('quotas.set', { project: 'team-a', gpus: 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('quotas.show', { project: 'nobody' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('creates and deletes a flavor, refusing bad sizes, unknown fields and duplicates', async () => {
    const app = start();
    const created = await app.service.call('flavors.create', { name: 'vd.small', vcpus: 2, ramMiB: 2048, diskGiB: 20, description: 'small' }, ctx);
    expect(created).toMatchObject({ ok: true, value: { name: 'vd.small', vcpus: 2, ramMiB: 2048, diskGiB: 20, ephemeralGiB: 0, swapMiB: 0, isPublic: true, description: 'small' } });
    expect(await app.service.call('flavors.create', { name: 'vd.small', vcpus: 1, ramMiB: 1, diskGiB: 0 }, ctx)).toMatchObject({ ok: false, error: { code: 'already_exists' } });
    expect(await app.service.call('flavors.create', { name: 'zero', vcpus: 0, ramMiB: 1, diskGiB: 0 }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('flavors.create', { name: 'half', vcpus: 1.5, ramMiB: 1, diskGiB: 0 }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('flavors.create', { name: 'x', vcpus: 1, ramMiB: 1, diskGiB: 0, id: 'mine' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('flavors.create', { name: ' padded', vcpus: 1, ramMiB: 1, diskGiB: 0, description: 'a\u001b[2Jb' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await app.service.call('flavors.delete', { ref: 'vd.small' }, ctx)).toMatchObject({ ok: true, value: { name: 'vd.small' } });
    expect(await app.service.call('flavors.delete', { ref: 'vd.small' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await app.service.call('flavors.delete', {}, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });
});
