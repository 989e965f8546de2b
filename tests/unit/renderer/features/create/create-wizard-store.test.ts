import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { selectFacts, selectNetworkHost, useCreateWizardStore } from '../../../../../renderer/features/create/create-wizard-store';
import { resetStore, useMainBackend, type MainFixture } from '../../main-backend';

const start = useMainBackend();
const wizard = () => useCreateWizardStore.getState();

/** Main with two up hosts (one roomy, one small), a flavor only the roomy one fits, a raw image and a key pair. */
async function seeded(): Promise<MainFixture> {
  const main = start();
  const facts = (cpus: number, memoryMiB: number) => ({ cpus, memoryMiB, diskGiB: 100, arch: 'x86_64', domainType: 'qemu' });
  const roomy = await main.addHost('roomy');
  main.inventory.store.hosts.update(roomy.id, { facts: facts(8, 16_384) });
  const small = await main.addHost('small');
  main.inventory.store.hosts.update(small.id, { facts: facts(2, 1024) });
  main.inventory.store.flavors.insert({ name: 'vd.big', vcpus: 2, ramMiB: 4096, diskGiB: 1 });
  const dir = main.app.dataDir ?? '';
  const path = join(dir, 'disk.raw');
  writeFileSync(path, Buffer.alloc(1024 * 1024, 1));
  await main.backend.call('images.import', { path, name: 'disk' });
  await main.backend.call('keypairs.add', { name: 'mine' });
  return main;
}

/** Wait for the store's background questions (previews, quota) to be answered: they are in-process promises. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('the create wizard store, against main', () => {
  beforeEach(() => {
    wizard().close();
    resetStore(useCreateWizardStore);
  });

  it('opens with the lists, admin chosen, the only image preselected, quota and a preview per flavor', async () => {
    await seeded();
    await wizard().openWizard();
    const s = wizard();
    expect(s.open).toBe(true);
    expect(s.projects.find((p) => p.id === s.draft.project)?.name).toBe('admin');
    expect(s.images.map((i) => i.name)).toEqual(['disk']);
    expect(s.draft.image).toBe(s.images[0]?.id);
    expect(s.keyPairs.map((k) => k.name)).toEqual(['mine']);
    expect(s.quota?.find((l) => l.resource === 'cores')).toEqual({ resource: 'cores', limit: 20, inUse: 0 });
    const big = s.flavors.find((f) => f.name === 'vd.big');
    expect(s.flavorPreviews[big!.id]).toMatchObject({ ok: true, chosen: ['roomy'] });
  });

  it('refuses Next on an invalid step and goes on once it is valid; Escape asks only when something changed', async () => {
    await seeded();
    await wizard().openWizard();
    wizard().requestClose();
    expect(wizard().open).toBe(false);

    await wizard().openWizard();
    await wizard().next();
    expect(wizard()).toMatchObject({ step: 'details', refusedNext: 1 });
    wizard().setField('name', 'web');
    expect(wizard().touched.has('name')).toBe(true);
    wizard().requestClose();
    expect(wizard()).toMatchObject({ open: true, confirmingDiscard: true });
    wizard().keepEditing();
    await wizard().next();
    expect(wizard()).toMatchObject({ step: 'source', reached: 1, refusedNext: 0 });
    wizard().back();
    expect(wizard().step).toBe('details');
    wizard().goTo('source');
    expect(wizard().step).toBe('source');
    wizard().goTo('review');
    expect(wizard().step).toBe('source');
  });

  it('previews placement for the chosen flavor: automatic with why, a picked host, and that host’s networks', async () => {
    const main = await seeded();
    await wizard().openWizard();
    const big = wizard().flavors.find((f) => f.name === 'vd.big')!;
    wizard().setField('flavor', big.id);
    await settle();
    expect(wizard().placementAuto).toMatchObject({ ok: true, chosen: ['roomy'], explanation: expect.stringMatching(/^roomy: rank 1 of 1 candidate/) });
    expect(wizard().placementAuto?.hosts.find((h) => h.host === 'small')).toMatchObject({ passed: false, filter: 'CapacityFilter' });
    expect(selectNetworkHost(wizard())).toBe('roomy');
    // The hosts are test:/// ones nothing listens for: the networks step names the host and why it has no list.
    expect(wizard().networksError).toMatch(/roomy/);

    wizard().setField('placement', 'host');
    wizard().setField('host', 'small');
    await settle();
    expect(wizard().placementForced).toMatchObject({ ok: false, message: expect.stringMatching(/No valid host/) });
    expect(selectFacts(wizard()).placement).toBe(wizard().placementForced);
    wizard().setField('placement', 'auto');
    expect(wizard().draft.host).toBe('');
    expect(main.backend.calls.filter((c) => c === 'placement.preview').length).toBeGreaterThan(3);
  });

  it('shows main’s refusal of a create beside the request and stays editable', async () => {
    const main = await seeded();
    await wizard().openWizard();
    const tiny = wizard().flavors.find((f) => f.name === 'm1.tiny')!;
    useCreateWizardStore.setState({ draft: { ...wizard().draft, name: 'web', flavor: tiny.id }, step: 'review', reached: 6 });
    await settle();
    // Meanwhile the project's quota ran out (another create, an admin): main refuses, and the wizard says why.
    main.inventory.services.quotas.set('admin', { instances: 0 });
    await wizard().next();
    expect(wizard()).toMatchObject({ phase: 'editing', step: 'review', submitError: expect.stringMatching(/[Qq]uota/) });
  });

  it('follows the created instances from the feed: each task state, then the fault when it fails', async () => {
    const main = await seeded();
    const host = await main.host((await main.backend.call('hosts.list', {})).find((h) => h.name === 'roomy')!.id);
    const web = await main.addInstance(host.id, { name: 'web', vmState: 'building', taskState: 'scheduling', powerState: 0 });
    await wizard().openWizard();
    useCreateWizardStore.setState({ phase: 'following', created: [web], lastTask: { [web.uuid]: 'scheduling' } });
    main.inventory.store.instances.update(web.uuid, { taskState: 'networking' });
    main.app.service.emit('inventory.changed', { instances: [await main.show(web.uuid)], hosts: [], removedHosts: [] });
    expect(wizard().created[0]?.taskState).toBe('networking');
    main.inventory.store.instances.update(web.uuid, { vmState: 'error', taskState: null, fault: { code: 500, message: 'Build failed: no space', createdAt: new Date().toISOString() } });
    main.app.service.emit('inventory.changed', { instances: [await main.show(web.uuid)], hosts: [], removedHosts: [] });
    expect(wizard().created[0]).toMatchObject({ status: 'ERROR', fault: { message: 'Build failed: no space' } });
    expect(wizard().lastTask[web.uuid]).toBe('networking');
    // Closing the wizard stops following.
    wizard().close();
    expect(wizard()).toMatchObject({ open: false, created: [] });
  });

  it('a list that fails to load keeps its reason (not an empty list): server groups, quota', async () => {
    await seeded();
    await wizard().openWizard();
    await settle();
    expect(wizard().listErrors).toEqual({});
    wizard().setField('project', 'no-such-project');
    await settle();
    expect(wizard().serverGroups).toBeNull();
    expect(wizard().listErrors.serverGroups).toMatch(/no-such-project|not found|project/i);
    expect(wizard().quota).toBeNull();
    expect(wizard().listErrors.quota).toMatch(/no-such-project|not found|project/i);
  });

  it('answers that arrive after a close (and a reopen) are dropped', async () => {
    await seeded();
    const first = wizard().openWizard();
    wizard().close();
    await first;
    await settle();
    expect(wizard()).toMatchObject({ open: false, projects: [], images: [], availabilityZones: null, quota: null });
    const second = wizard().openWizard();
    wizard().close();
    const third = wizard().openWizard();
    await Promise.all([second, third]);
    await settle();
    expect(wizard().open).toBe(true);
    expect(wizard().images.map((i) => i.name)).toEqual(['disk']);
  });
});
