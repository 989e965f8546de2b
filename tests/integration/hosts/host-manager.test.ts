// The host manager against the real lab: three hosts (one over SSH), states mapped, changes made with virsh behind
// the app's back arriving through events, and a libvirtd killed and restarted without a row lost.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceQueries, type InstanceView } from '../../../main/compute/instance-views';
import { HostManager, hostService, type HostSessionState } from '../../../main/hosts';
import { createChangeFeed, type InventoryDelta } from '../../../main/inventory/change-feed';
import { openInventory, type Inventory } from '../../../main/inventory';
import { killLibvirtd, startLibvirtd } from '../../lab/faults';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { labHost, virsh } from '../../lab/virsh';
import { waitUntil } from './wait';

const lab = labInfo();
const dataDir = mkdtempSync(join(tmpdir(), 'vd-hosts-'));
let inventory: Inventory;
let manager: HostManager;
const states = new Map<string, HostSessionState>();
const deltas: InventoryDelta[] = [];

/** Seeded test-host domains and the Status nova would show for each lab state. */
const STATUS_OF = { running: 'ACTIVE', paused: 'PAUSED', 'shut off': 'SHUTOFF' } as const;

const instances = (): InstanceView[] => instanceQueries(inventory.store).list();
const byName = (name: string): InstanceView | undefined => instances().find((i) => i.name === name);
const hostStatus = (name: string) => hostService(inventory.store).show(name).status;

beforeAll(async () => {
  inventory = openInventory({ dataDir });
  const hosts = hostService(inventory.store);
  hosts.add({ name: 'qemu', uri: labHost(lab, 'qemu').sshUri });
  hosts.add({ name: 'small', uri: labHost(lab, 'small').unixUri });
  hosts.add({ name: 'shared', uri: labHost(lab, 'test-default').unixUri });
  const feed = createChangeFeed(inventory.store);
  feed.subscribe((delta) => deltas.push(delta));
  manager = new HostManager({
    store: inventory.store,
    feed,
    backoff: { initialMs: 200, maxMs: 1_000 },
    onStateChange: (hostId, state) => states.set(hostId, state),
  });
  manager.start();
  await waitUntil('all three hosts up', () => ['qemu', 'small', 'shared'].every((name) => hostStatus(name) === 'up'), 30_000);
});

afterAll(async () => {
  await manager?.stop();
  inventory?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('host manager on the lab', () => {
  it('sees every domain of three hosts (one over SSH) with Nova states', () => {
    const qemuHost = hostService(inventory.store).show('qemu');
    expect(qemuHost.facts).toMatchObject({ hypervisorType: 'QEMU', cpus: labHost(lab, 'qemu').cpus });
    expect(hostService(inventory.store).show('small').facts).toMatchObject({ hypervisorType: 'TEST', cpus: 8, memoryMiB: 16 * 1024 });

    const guest = byName(lab.guest.name);
    expect(guest).toMatchObject({ uuid: lab.guest.uuid, status: 'ACTIVE', vmState: 'active', powerState: 1, taskState: null, hostName: 'qemu', projectName: 'unassigned' });
    for (const seeded of labHost(lab, 'small').seed.domains) {
      const instance = byName(seeded.name);
      expect(instance, seeded.name).toMatchObject({ status: STATUS_OF[seeded.state], hostName: 'small', libvirtDomainUuid: seeded.uuid });
    }
    // Sizes come from the domains: small-web has 2 vCPUs and 1 GiB.
    expect(byName('small-web')).toMatchObject({ vcpus: 2, ramMiB: 1024, powerStateName: 'Running' });
    expect(byName('small-db')).toMatchObject({ vmState: 'stopped', powerState: 4 });
    expect(byName('small-batch')).toMatchObject({ vmState: 'paused', powerState: 3 });
    expect(hostService(inventory.store).show('small').usage).toEqual({ instances: 3, vcpus: 5, ramMiB: 3584, diskGiB: 0 });
  });

  it('writes nothing on a safety-net refresh that finds nothing new', async () => {
    const before = inventory.store.read((repos) => [repos.hosts.list().map((h) => h.updatedAt), repos.instances.list().map((i) => i.updatedAt)]);
    await manager.refreshAll();
    expect(inventory.store.read((repos) => [repos.hosts.list().map((h) => h.updatedAt), repos.instances.list().map((i) => i.updatedAt)])).toEqual(before);
  });

  it('follows virsh define/start/suspend/destroy/undefine behind its back through events', async () => {
    const name = uniqueName('sync');
    const xml = join(dataDir, `${name}.xml`);
    writeFileSync(xml, `<domain type='test'><name>${name}</name><memory unit='MiB'>256</memory><vcpu>2</vcpu><os><type>hvm</type></os></domain>`);
    const sh = (args: string[]) => virsh(lab, args, { host: 'test-default' });

    await sh(['define', xml]);
    await waitUntil('defined domain adopted as SHUTOFF', () => byName(name)?.status === 'SHUTOFF', 10_000);
    expect(byName(name)).toMatchObject({ vcpus: 2, ramMiB: 256, hostName: 'shared' });

    await sh(['start', name]);
    await waitUntil('started domain ACTIVE', () => byName(name)?.status === 'ACTIVE', 10_000);
    await sh(['suspend', name]);
    await waitUntil('suspended domain PAUSED', () => byName(name)?.status === 'PAUSED', 10_000);
    await sh(['resume', name]);
    await waitUntil('resumed domain ACTIVE', () => byName(name)?.status === 'ACTIVE', 10_000);

    // A stop applies at once: no task of ours runs on it.
    await sh(['destroy', name]);
    await waitUntil('SHUTOFF', () => byName(name)?.status === 'SHUTOFF', 10_000);
    expect(byName(name)?.powerState).toBe(4);

    // An adopted domain that vanishes was never ours: its instance is deleted and stops counting.
    const uuid = byName(name)?.uuid;
    await sh(['undefine', name]);
    await waitUntil('vanished adopted domain deleted', () => byName(name) === undefined, 10_000);
    expect(instanceQueries(inventory.store).list({ includeDeleted: true }).find((i) => i.uuid === uuid)).toMatchObject({ status: 'DELETED' });
    // The change feed carried the instance through its states (it delivers a few ms after each commit).
    const seen = () => new Set(deltas.flatMap((d) => d.instances).filter((i) => i.name === name).map((i) => i.vmState));
    await waitUntil('the change feed to deliver the deletion', () => seen().has('deleted'), 2_000);
    expect(seen()).toEqual(new Set(['stopped', 'active', 'paused', 'deleted']));
  });

  it('follows the real QEMU guest paused and resumed with virsh over SSH', async () => {
    await virsh(lab, ['suspend', lab.guest.name], { viaSsh: true });
    try {
      await waitUntil('guest PAUSED', () => byName(lab.guest.name)?.status === 'PAUSED', 10_000);
    } finally {
      await virsh(lab, ['resume', lab.guest.name], { viaSsh: true });
    }
    await waitUntil('guest ACTIVE again', () => byName(lab.guest.name)?.status === 'ACTIVE', 10_000);
  });

  it('marks hosts down when libvirtd dies, keeps every row, and reconciles after the restart', async () => {
    const before = instances();
    await killLibvirtd(lab);
    try {
      await waitUntil('all hosts down', () => ['qemu', 'small', 'shared'].every((name) => hostStatus(name) === 'down'), 15_000);
      const during = instances();
      expect(during.map((i) => i.uuid).sort()).toEqual(before.map((i) => i.uuid).sort());
      expect(new Set(during.map((i) => i.status))).toEqual(new Set(['UNKNOWN']));
      // The last known states are kept underneath UNKNOWN.
      expect(during.find((i) => i.name === 'small-web')).toMatchObject({ vmState: 'active', powerState: 1, hostStatus: 'down' });
      expect(hostService(inventory.store).show('small').statusReason).toMatch(/connection lost|refused|ENOENT|ECONNREFUSED|closed/i);
    } finally {
      await startLibvirtd(lab);
    }
    await waitUntil('all hosts up again', () => ['qemu', 'small', 'shared'].every((name) => hostStatus(name) === 'up'), 30_000);
    await manager.refreshAll();
    const after = instances();
    // No row lost: every instance from before is still there (test:///default's own state died with the daemon, so its
    // seeded domain was re-created with the same UUID and matched again).
    for (const instance of before) expect(after.map((i) => i.uuid)).toContain(instance.uuid);
    expect(byName(lab.guest.name)).toMatchObject({ status: 'ACTIVE', hostStatus: 'up' });
    expect(byName('small-web')).toMatchObject({ status: 'ACTIVE' });
    expect(byName('test')).toMatchObject({ status: 'ACTIVE', hostName: 'shared' });
  });
});
