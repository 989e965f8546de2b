// Every action on a real QEMU guest of the lab: the lab's bootable image as a base volume, an instance built on a qcow2
// overlay of it with a NoCloud seed (as the create flow leaves one), its guest answering ACPI through busybox acpid.
// Stops and reboots wait for the real guest, snapshots live in the qcow2 overlay, a resize grows the overlay for real,
// a delete leaves no volume but the shared base. Plus a guest that ignores ACPI (a stop times out and offers force) and
// an adopted domain defined with virsh.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNoCloudSeed } from '../../../main/cloud-init';
import type { InstanceRecord } from '../../../main/inventory/model';
import { DomainState, DomainXmlFlags, ErrorCode, isLibvirtError } from '../../../main/libvirt';
import { settingsService } from '../../../main/settings/settings';
import { buildVolumeXml, CapabilitiesXml, chooseGuest, DomainXml, SnapshotXml, VolumeXml } from '../../../main/xml';
import { readTextOr } from '../../lab/files';
import { uniqueName } from '../../lab/fixture';
import { useComputeLab, waitUntil } from './helpers';

const HOST = 'qemu';
const fx = useComputeLab([HOST]);
// virtlogd (root) writes the console logs here; the test reads them.
const scratch = mkdtempSync(join(tmpdir(), 'vd-lab-compute-'));
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A boot to the banner takes ≈10 s on a quiet machine and 30–40 s on a loaded one (TCG).
const BOOT_MS = 120_000;
const GiB = 1n << 30n;

let pool: string;
let basePath: string;
const baseName = `${uniqueName('act-base')}.qcow2`;

beforeAll(async () => {
  const { lab, inventory } = fx();
  pool = lab.qemu.pool.name;
  const c = await fx().conn(HOST);
  const p = await c.storage.lookupPoolByName(pool);
  // The boot image uploaded as the shared base volume (Nova's _base), as the images flow does.
  const base = await c.storage.createVolXml(p, buildVolumeXml({ name: baseName, capacityBytes: statSync(lab.bootImage.path).size, format: 'raw' }));
  fx().cleanup(async () => {
    const now = await fx().conn(HOST);
    await now.storage.deleteVol(await now.storage.lookupVolByName(await now.storage.lookupPoolByName(pool), baseName));
  });
  await c.storage.uploadToVolume(base, lab.bootImage.path);
  await c.storage.refreshPool(p);
  basePath = await c.storage.getVolPath(base);
  inventory.services.flavors.create({ name: 'vd.boot', vcpus: 1, ramMiB: 128, diskGiB: 1 });
  inventory.services.flavors.create({ name: 'vd.boot.big', vcpus: 2, ramMiB: 160, diskGiB: 2 });
  // Guests that answer ACPI go down in a second or two; one that does not is forced after this.
  settingsService(inventory.store).set('stop_timeout_seconds', 30);
});

/** What the host shows of the domain. */
async function domainState(uuid: string): Promise<number> {
  const c = await fx().conn(HOST);
  return (await c.domains.getState(await c.domains.lookupByUuid(uuid))).state;
}

async function definition(uuid: string): Promise<DomainXml> {
  const c = await fx().conn(HOST);
  return DomainXml.parse(await c.domains.getXmlDesc(await c.domains.lookupByUuid(uuid), { flags: DomainXmlFlags.INACTIVE }));
}

/** A volume as libvirt reads the file now (the pool is refreshed first: no cached view of what a test checks). */
async function volume(name: string): Promise<VolumeXml | null> {
  const c = await fx().conn(HOST);
  try {
    const p = await c.storage.lookupPoolByName(pool);
    await c.storage.refreshPool(p);
    return VolumeXml.parse(await c.storage.getVolXmlDesc(await c.storage.lookupVolByName(p, name)));
  } catch (error) {
    if (isLibvirtError(error, ErrorCode.NO_STORAGE_VOL)) return null;
    throw error;
  }
}

/** Wait for the guest's n-th banner on its serial log (the log is appended across boots). */
async function banners(log: string, hostname: string, count: number): Promise<void> {
  const banner = `${fx().lab.bootImage.banner}: hostname=${hostname}`;
  await waitUntil(`banner #${count} of ${hostname}`, () => readTextOr(log, '').split(banner).length - 1 >= count, BOOT_MS);
}

describe('actions on a real QEMU guest', () => {
  let made: InstanceRecord;
  let log: string;

  it('starts, stops through ACPI, reboots soft and hard, pauses and suspends a guest built from the boot image', { timeout: 6 * BOOT_MS }, async () => {
    const { compute, lab } = fx();
    const c = await fx().conn(HOST);
    const guest = chooseGuest(CapabilitiesXml.parse(await c.host.getCapabilities()), { domainType: 'qemu' });
    const name = uniqueName('guest');
    log = join(scratch, `${name}.log`);
    const seed = buildNoCloudSeed({ instanceId: randomUUID(), hostname: name });
    made = await fx().created({
      host: HOST,
      pool,
      name,
      flavor: 'vd.boot',
      domainType: 'qemu',
      backing: { path: basePath, format: 'qcow2' },
      configVolume: seed.image,
      extra: { arch: guest.arch, machine: guest.machine, emulator: guest.emulator, serialConsole: { logFile: log } },
    });
    expect((await volume(`${made.uuid}_disk`))?.backingPath).toBe(basePath);

    expect((await compute.act(name, { action: 'start' })).instance).toMatchObject({ vmState: 'active', powerState: 1 });
    await banners(log, name, 1);

    const stopped = await compute.act(name, { action: 'stop' });
    expect(stopped).toMatchObject({ done: true, instance: { vmState: 'stopped', powerState: 4 } });
    expect(readTextOr(log, '')).toContain('ACPI power button: powering off');
    expect(await domainState(made.uuid)).toBe(DomainState.SHUTOFF);

    await compute.act(name, { action: 'start' });
    await banners(log, name, 2);
    // Soft reboot: the guest shuts down through ACPI and is started again (a third boot on the log).
    expect(await compute.act(name, { action: 'reboot' })).toMatchObject({ done: true, message: null, instance: { vmState: 'active' } });
    await banners(log, name, 3);
    expect((await compute.act(name, { action: 'reboot-hard' })).instance).toMatchObject({ vmState: 'active', powerState: 1 });
    await banners(log, name, 4);

    expect((await compute.act(name, { action: 'pause' })).instance).toMatchObject({ vmState: 'paused', powerState: 3 });
    expect(await domainState(made.uuid)).toBe(DomainState.PAUSED);
    expect((await compute.act(name, { action: 'unpause' })).instance).toMatchObject({ vmState: 'active', powerState: 1 });

    expect((await compute.act(name, { action: 'suspend' })).instance).toMatchObject({ vmState: 'suspended', powerState: 4 });
    const dom = await c.domains.lookupByUuid(made.uuid);
    expect(await c.domains.hasManagedSaveImage(dom)).toBe(true);
    expect((await compute.act(name, { action: 'resume' })).instance).toMatchObject({ vmState: 'active', powerState: 1 });
    expect(await c.domains.hasManagedSaveImage(dom)).toBe(false);
    // Resumed, not rebooted: still four banners, and the guest answers ACPI again at once.
    expect(readTextOr(log, '').split(`${lab.bootImage.banner}: hostname=${name}`).length - 1).toBe(4);
  });

  it('snapshots the running guest inside its qcow2 overlay, leaving the seed out, and reverts to it', { timeout: 2 * BOOT_MS }, async () => {
    const { compute } = fx();
    const taken = await compute.act(made.uuid, { action: 'snapshot-create', name: 'booted', description: 'after the banner' });
    expect(taken.snapshot).toMatchObject({ name: 'booted', state: 'running', current: true });
    const c = await fx().conn(HOST);
    const dom = await c.domains.lookupByUuid(made.uuid);
    const xml = SnapshotXml.parse(await c.snapshots.getXmlDesc(await c.snapshots.lookupByName(dom, 'booted')));
    expect(xml.memory).toBe('internal');
    expect(xml.disks.all().map((d) => [d.name, d.snapshot])).toEqual([
      ['vda', 'internal'],
      ['hda', 'no'],
    ]);
    await compute.act(made.uuid, { action: 'force-stop' });
    const reverted = await compute.act(made.uuid, { action: 'snapshot-revert', name: 'booted' });
    expect(reverted.instance).toMatchObject({ vmState: 'active', powerState: 1 });
    expect(await domainState(made.uuid)).toBe(DomainState.RUNNING);
    expect((await compute.snapshots(made.uuid)).map((s) => s.name)).toEqual(['booted']);
    await compute.act(made.uuid, { action: 'snapshot-delete', name: 'booted' });
    expect(await compute.snapshots(made.uuid)).toEqual([]);
  });

  it('resizes the guest for real: the overlay grows, vCPUs and memory change; revert brings the old disk back', { timeout: 4 * BOOT_MS }, async () => {
    const { compute } = fx();
    const rootName = `${made.uuid}_disk`;
    const resized = await compute.act(made.uuid, { action: 'resize', flavor: 'vd.boot.big' });
    expect(resized.instance).toMatchObject({ vmState: 'resized', vcpus: 2, ramMiB: 160, diskGiB: 2, powerState: 1 });
    expect(await domainState(made.uuid)).toBe(DomainState.RUNNING);
    expect((await volume(rootName))?.capacity).toBe(2n * GiB);
    // The copy kept for a revert is the overlay itself (its backing file kept), not a flattened image.
    const backup = await volume(`${rootName}.resize`);
    expect([backup?.capacity, backup?.backingPath, backup?.targetFormat]).toEqual([GiB, basePath, 'qcow2']);
    const xml = await definition(made.uuid);
    expect([xml.vcpus, xml.memory, xml.instance.flavor.name, xml.instance.flavor.disk]).toEqual([2, 160n << 20n, 'vd.boot.big', 2]);
    await banners(log, made.name, 5);

    const reverted = await compute.act(made.uuid, { action: 'revert-resize' });
    expect(reverted.instance).toMatchObject({ vmState: 'active', vcpus: 1, ramMiB: 128, diskGiB: 1, previousFlavor: null, flavor: { name: 'vd.boot' } });
    expect(reverted.instance?.volumes.map((v) => v.role)).toEqual(['root', 'config']);
    expect((await volume(rootName))?.capacity).toBe(GiB);
    expect((await volume(rootName))?.backingPath).toBe(basePath);
    expect(await volume(`${rootName}.resize`)).toBeNull();
    expect((await definition(made.uuid)).vcpus).toBe(1);
    await banners(log, made.name, 6);

    // Stopped this time: it stays stopped, and a confirm drops the copy of the old disk.
    await compute.act(made.uuid, { action: 'stop' });
    await compute.act(made.uuid, { action: 'resize', flavor: 'vd.boot.big' });
    expect(await domainState(made.uuid)).toBe(DomainState.SHUTOFF);
    const confirmed = await compute.act(made.uuid, { action: 'confirm-resize' });
    expect(confirmed.instance).toMatchObject({ vmState: 'stopped', vcpus: 2, previousFlavor: null });
    expect(await volume(`${rootName}.resize`)).toBeNull();
    expect((await volume(rootName))?.capacity).toBe(2n * GiB);
  });

  it('deletes the instance: domain, overlay and seed gone, the shared base kept', async () => {
    const { compute, inventory } = fx();
    await compute.act(made.uuid, { action: 'start' });
    await compute.act(made.uuid, { action: 'snapshot-create', name: 'last' });
    expect((await compute.act(made.uuid, { action: 'delete' })).instance).toBeNull();
    const c = await fx().conn(HOST);
    expect(await c.domains.lookupByUuid(made.uuid).catch((error: unknown) => isLibvirtError(error, ErrorCode.NO_DOMAIN))).toBe(true);
    expect([await volume(`${made.uuid}_disk`), await volume(`${made.uuid}_disk.config`), await volume(`${made.uuid}_disk.resize`)]).toEqual([null, null, null]);
    expect((await volume(baseName))?.name).toBe(baseName);
    expect(inventory.store.instances.get(made.uuid)).toMatchObject({ vmState: 'deleted' });
  });

  it('says a stop timed out when the guest ignores ACPI, and offers to force it off', async () => {
    const { compute } = fx();
    const name = uniqueName('noacpi');
    // No disk, no OS: SeaBIOS finds nothing to boot, so nobody is there to answer the power button.
    const xml = `<domain type='qemu'><name>${name}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type><boot dev='hd'/></os><features><acpi/><apic/></features><devices><graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/></devices></domain>`;
    await fx().adopt(HOST, xml, name);
    await compute.act(name, { action: 'start' });
    const stop = await compute.act(name, { action: 'stop', timeoutSeconds: 2 });
    expect(stop).toMatchObject({ done: false, offer: 'force-stop', instance: { vmState: 'active', taskState: null, powerState: 1 } });
    expect(stop.message).toMatch(new RegExp(`^Instance ${name} did not stop within 2 s`));
    expect(compute.actions(name)[0]).toMatchObject({ action: 'stop', message: stop.message, events: [{ result: 'Error' }] });
    expect(await domainState(fx().instance(name).uuid)).toBe(DomainState.RUNNING);
    expect((await compute.act(name, { action: 'force-stop' })).instance).toMatchObject({ vmState: 'stopped' });
    await compute.act(name, { action: 'delete' });
  });

  it('acts on an adopted guest on a real overlay, and deletes it with its disk on request', { timeout: 2 * BOOT_MS }, async () => {
    const { compute } = fx();
    const c = await fx().conn(HOST);
    const p = await c.storage.lookupPoolByName(pool);
    const name = uniqueName('adopted');
    const overlay = await c.storage.createVolXml(p, buildVolumeXml({ name: `${name}.qcow2`, capacityBytes: GiB, backingStore: { path: basePath, format: 'qcow2' } }));
    fx().cleanup(async () => (await fx().conn(HOST)).storage.deleteVol(overlay).catch(() => undefined));
    const xml = `<domain type='qemu'><name>${name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type><boot dev='hd'/></os><features><acpi/><apic/></features><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${await c.storage.getVolPath(overlay)}'/><target dev='vda' bus='virtio'/></disk><graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/></devices></domain>`;
    const adopted = await fx().adopt(HOST, xml, name);
    await compute.act(name, { action: 'start' });
    expect((await compute.act(name, { action: 'snapshot-create', name: 'mine' })).snapshot?.name).toBe('mine');
    await compute.act(name, { action: 'lock' });
    await expect(compute.act(name, { action: 'delete', deleteDisks: true })).rejects.toThrow(`Instance ${name} is locked`);
    await compute.act(name, { action: 'unlock' });
    const deleted = await compute.act(name, { action: 'delete', deleteDisks: true });
    expect(deleted.instance).toBeNull();
    expect(await c.domains.lookupByUuid(adopted.uuid).catch((error: unknown) => isLibvirtError(error, ErrorCode.NO_DOMAIN))).toBe(true);
    expect(await volume(`${name}.qcow2`)).toBeNull();
    expect((await volume(baseName))?.name).toBe(baseName);
  });
});
