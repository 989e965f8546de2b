// The wizard's local-file import and its Placement pickers, against main (the upload goes into main's real upload
// sink, the one web mode's endpoint feeds; the pickers through the real channels).
import { beforeEach, describe, expect, it } from 'vitest';
import { useCreateWizardStore } from '../../../../../renderer/features/create/create-wizard-store';
import { createArgs } from '../../../../../renderer/features/create/wizard-model';
import { qcow2Image } from '../../../images/qcow2-fixture';
import { resetStore, useMainBackend, type MainFixture } from '../../main-backend';

const start = useMainBackend();
const wizard = () => useCreateWizardStore.getState();

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Main with hosts in two zones and an anti-affinity group in admin. */
async function seeded(): Promise<MainFixture> {
  const main = start();
  const facts = { cpus: 8, memoryMiB: 16_384, diskGiB: 100, arch: 'x86_64', domainType: 'qemu' };
  const a = await main.addHost('a');
  const b = await main.addHost('b');
  main.inventory.store.hosts.update(a.id, { facts, availabilityZone: 'az1' });
  main.inventory.store.hosts.update(b.id, { facts, availabilityZone: 'az2' });
  const admin = main.inventory.store.projects.getByName('admin')?.id as string;
  main.inventory.store.serverGroups.insert({ name: 'spread', projectId: admin, policy: 'anti-affinity' });
  return main;
}

describe('the create wizard: import a local file', () => {
  beforeEach(() => {
    wizard().close();
    resetStore(useCreateWizardStore);
  });

  it('imports a picked qcow2 file, reports progress, lists and selects the new image', async () => {
    await seeded();
    await wizard().openWizard();
    expect(wizard().images).toEqual([]);
    const file = new File([new Uint8Array(qcow2Image())], 'vd-lab-tiny.qcow2');
    const done = wizard().startUpload(file, 'vd-lab-tiny');
    expect(wizard().upload).toMatchObject({ phase: 'uploading', fileName: 'vd-lab-tiny.qcow2', name: 'vd-lab-tiny', total: file.size });
    await done;
    const s = wizard();
    expect(s.upload).toMatchObject({ phase: 'done', sent: file.size, error: null });
    const image = s.images.find((i) => i.name === 'vd-lab-tiny');
    expect(image).toMatchObject({ diskFormat: 'qcow2', status: 'active' });
    expect(s.draft.image).toBe(image?.id);
  });

  it('shows main’s refusal of a file that is not a disk image, and keeps nothing', async () => {
    await seeded();
    await wizard().openWizard();
    await wizard().startUpload(new File([new Uint8Array(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(1020)]))], 'disk.qcow2.gz'), 'gz');
    expect(wizard().upload).toMatchObject({ phase: 'failed', error: expect.stringMatching(/gzip/i) as unknown });
    expect(wizard().images).toEqual([]);
    expect(wizard().draft.image).toBe('');
  });

  it('a cancelled upload says so rather than failing', async () => {
    await seeded();
    await wizard().openWizard();
    const pending = wizard().startUpload(new File([new Uint8Array(qcow2Image())], 'x.qcow2'), 'vd-cancelled');
    wizard().cancelUpload();
    await pending;
    expect(wizard().upload).toMatchObject({ phase: 'cancelled', error: null });
  });
});

describe('the create wizard: server group and availability zone', () => {
  beforeEach(() => {
    wizard().close();
    resetStore(useCreateWizardStore);
  });

  it('offers the project’s groups and the zones, and sends them to the preview and the create', async () => {
    const main = await seeded();
    await wizard().openWizard();
    await settle();
    const group = wizard().serverGroups?.[0];
    expect(group).toMatchObject({ name: 'spread', policy: 'anti-affinity', members: 0 });
    expect(wizard().availabilityZones).toEqual([
      { name: 'az1', hosts: ['a'] },
      { name: 'az2', hosts: ['b'] },
    ]);
    const tiny = wizard().flavors.find((f) => f.name === 'm1.tiny');
    wizard().setField('flavor', tiny!.id);
    wizard().setField('availabilityZone', 'az2');
    await settle();
    expect(wizard().placementAuto).toMatchObject({ ok: true, chosen: ['b'] });
    expect(wizard().placementAuto?.hosts.find((h) => h.host === 'a')).toMatchObject({ passed: false, filter: 'AvailabilityZoneFilter' });
    // The Flavor table's previews follow the zone too.
    expect(wizard().flavorPreviews[tiny!.id]).toMatchObject({ ok: true, chosen: ['b'] });
    wizard().setField('serverGroup', group!.id);
    expect(main.backend.calls.filter((c) => c === 'placement.preview').length).toBeGreaterThan(0);
    expect(createArgs(wizard().draft)).toMatchObject({ serverGroup: group!.id, availabilityZone: 'az2' });
  });
});
