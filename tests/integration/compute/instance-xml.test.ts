// `instances.xml` against the lab: the live XML of the lab's running QEMU guest read from its host through the app's
// facade (no VNC password in it), and not_found for an instance whose domain is no longer on the host.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { hostService } from '../../../main/hosts';
import { openInventory } from '../../../main/inventory';
import { labInfo } from '../../lab/lab-info';
import { labHost } from '../../lab/virsh';

const ctx = { transport: 'in-process' } as const;
const lab = labInfo();
const dataDir = mkdtempSync(join(tmpdir(), 'vd-xml-'));
let app: VirtDeckApp;

beforeAll(() => {
  const inventory = openInventory({ dataDir });
  try {
    const store = inventory.store;
    const host = hostService(store).add({ name: 'lab-qemu', uri: labHost(lab, 'qemu').unixUri });
    const admin = store.projects.getByName('admin')?.id as string;
    const common = { projectId: admin, hostId: host.id, vmState: 'active', vcpus: 1, ramMiB: 128, diskGiB: 1 } as const;
    store.instances.insert({ ...common, name: 'guest', libvirtDomainName: lab.guest.name, libvirtDomainUuid: lab.guest.uuid });
    store.instances.insert({ ...common, name: 'vanished', libvirtDomainName: 'vd-lab-vanished', libvirtDomainUuid: randomUUID() });
  } finally {
    inventory.close();
  }
  app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [], log: () => undefined });
});

afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('instances.xml on the lab', () => {
  it("reads the running guest's live XML from its host", async () => {
    const answer = await app.service.call('instances.xml', { ref: 'guest' }, ctx);
    if (!answer.ok) throw new Error(answer.error.message);
    const xml = answer.value as string;
    expect(xml).toMatch(/^<domain type='(kvm|qemu)' id='\d+'/);
    expect(xml).toContain(`<uuid>${lab.guest.uuid}</uuid>`);
    expect(xml).toContain(`<name>${lab.guest.name}</name>`);
    // Not SECURE: a graphics password (if any) is not shown.
    expect(xml).not.toMatch(/passwd=/);
  });

  it('answers not_found for a domain that is gone from the host', async () => {
    const answer = await app.service.call('instances.xml', { ref: 'vanished' }, ctx);
    expect(answer).toEqual({ ok: false, error: { code: 'not_found', message: 'Domain vd-lab-vanished of instance vanished on host lab-qemu not found' } });
  });
});
