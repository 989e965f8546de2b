// Recovery after a crash, on the lab: every half-built situation is made for real (rows whose task owner is a process
// that exited, and the volumes and domains that process had made on the QEMU host and the test-default host), then
// recovery runs and the inventory, the hosts and the action log are checked.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoveryOnConnect } from '../../../main/app/recovery-on-connect';
import { runCli } from '../../../main/cli/run';
import { LiveHostConnections, OneShotHostConnections } from '../../../main/compute/host-access';
import { currentOwner } from '../../../main/compute/process-owner';
import { recoverInterruptedWork, type RecoveryOptions, type RecoveryReport } from '../../../main/compute/recovery';
import { HostManager, hostService, syncHostsOnce, uriConnector } from '../../../main/hosts';
import { openInventory, type Inventory } from '../../../main/inventory';
import type { SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { connectLibvirt } from '../../../main/libvirt';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { labHost } from '../../lab/virsh';
import { waitUntil } from '../hosts/wait';
import {
  deadOwner,
  defineDomain,
  domainExists,
  insertRow,
  insertUpload,
  makeVolume,
  removeLeftovers,
  sqlUploadRows,
  volumeNames,
  type LabTarget,
} from './recovery-fixture';

const lab = labInfo();
const dataDir = mkdtempSync(join(tmpdir(), 'vd-recovery-'));
let inventory: Inventory;
let store: SqliteInventoryStore;
let qemu: LabTarget;
let shared: LabTarget;
const logged: string[] = [];
/** Every instance UUID a test made, so that afterAll can remove whatever a failure left. */
const made: string[] = [];
const BASE = `_base_${uniqueName('base')}`;

async function target(name: string, labName: 'qemu' | 'test-default', pool: string): Promise<LabTarget> {
  const added = hostService(store).add({ name, uri: labHost(lab, labName).unixUri });
  const host = store.hosts.get(added.id);
  if (host === undefined) throw new Error('host not added');
  return { host, conn: await connectLibvirt(host.uri), pool, domainType: labName === 'qemu' ? 'qemu' : 'test' };
}

function recover(options: RecoveryOptions = {}): Promise<RecoveryReport> {
  const hosts = new OneShotHostConnections(store);
  return recoverInterruptedWork(store, hosts, { dataDir, log: (message) => logged.push(message), uploads: () => sqlUploadRows(store), ...options }).finally(() => hosts.close());
}

function row(uuid: string) {
  const found = store.instances.get(uuid);
  if (found === undefined) throw new Error(`no row ${uuid}`);
  return found;
}

beforeAll(async () => {
  inventory = openInventory({ dataDir });
  store = inventory.store;
  qemu = await target('qemu', 'qemu', 'vd-lab-pool');
  shared = await target('shared', 'test-default', 'default-pool');
  await syncHostsOnce(store, store.hosts.list(), { connect: uriConnector() });
});

afterAll(async () => {
  for (const t of [qemu, shared]) {
    if (t === undefined) continue;
    await removeLeftovers(t, made, [...made, BASE, '_base_vd-lab-']).catch(() => undefined);
    await t.conn.close();
  }
  inventory?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('recovering builds cut short', () => {
  it('rolls back a build that died at block_device_mapping on the QEMU host: its volumes go, the base image stays', async () => {
    await makeVolume(qemu, BASE);
    const instance = insertRow(store, qemu, { name: uniqueName('bdm'), vmState: 'building', taskState: 'block_device_mapping', owner: deadOwner(), volumeNames: [BASE, '<uuid>_disk', '<uuid>_disk.config'] });
    made.push(instance.uuid);
    // It died after the overlay, before the seed.
    await makeVolume(qemu, `${instance.uuid}_disk`);

    const report = await recover({ hostIds: [qemu.host.id] });

    expect(row(instance.uuid)).toMatchObject({
      vmState: 'error',
      taskState: null,
      taskOwner: null,
      hostId: null,
      volumes: [],
      fault: { code: 500, message: 'Build interrupted at block_device_mapping' },
    });
    expect(row(instance.uuid).fault?.details).toContain(`volume vd-lab-pool/${instance.uuid}_disk`);
    const names = await volumeNames(qemu);
    expect(names.filter((name) => name.startsWith(instance.uuid))).toEqual([]);
    expect(names).toContain(BASE);
    const create = store.instanceActions.list(instance.uuid)[0];
    expect(create?.finishTime).not.toBeNull();
    expect(store.instanceActions.events(create?.id ?? -1)).toMatchObject([{ event: 'interrupted', result: 'Error', host: 'qemu' }]);
    expect(report.steps).toContainEqual(expect.objectContaining({ kind: 'roll-back-build', instance: instance.uuid, ok: true }));
    expect(logged.some((line) => line.includes(instance.uuid) && line.includes('Build interrupted at block_device_mapping'))).toBe(true);
  });

  it('rolls back a build that died at spawning with its domain defined: domain and volumes removed', async () => {
    const instance = insertRow(store, qemu, { name: uniqueName('spawn'), vmState: 'building', taskState: 'spawning', owner: deadOwner(), volumeNames: ['<uuid>_disk', '<uuid>_disk.config'] });
    made.push(instance.uuid);
    await makeVolume(qemu, `${instance.uuid}_disk`);
    await makeVolume(qemu, `${instance.uuid}_disk.config`);
    await defineDomain(qemu, instance.uuid, instance.name);

    await recover({ hostIds: [qemu.host.id] });

    expect(row(instance.uuid)).toMatchObject({ vmState: 'error', fault: { message: 'Build interrupted at spawning' } });
    expect(await domainExists(qemu, instance.uuid)).toBe(false);
    expect((await volumeNames(qemu)).filter((name) => name.startsWith(instance.uuid))).toEqual([]);
  });

  it('finishes a build whose domain was already running', async () => {
    const instance = insertRow(store, shared, { name: uniqueName('ran'), vmState: 'building', taskState: 'spawning', owner: deadOwner(), volumeNames: ['<uuid>_disk'] });
    made.push(instance.uuid);
    await makeVolume(shared, `${instance.uuid}_disk`);
    await defineDomain(shared, instance.uuid, instance.name, { start: true });

    await recover({ hostIds: [shared.host.id] });

    expect(row(instance.uuid)).toMatchObject({ vmState: 'active', taskState: null, taskOwner: null, powerState: 1, fault: null, hostId: shared.host.id });
    expect(row(instance.uuid).launchedAt).not.toBeNull();
    expect(await domainExists(shared, instance.uuid)).toBe(true);
    expect(await volumeNames(shared)).toContain(`${instance.uuid}_disk`);
    const create = store.instanceActions.list(instance.uuid)[0];
    expect(store.instanceActions.events(create?.id ?? -1)).toMatchObject([{ event: 'recover_finished_build', result: 'Success' }]);
  });

  it('leaves a build whose process is alive alone', async () => {
    const instance = insertRow(store, shared, { name: uniqueName('live'), vmState: 'building', taskState: 'block_device_mapping', owner: currentOwner(), volumeNames: ['<uuid>_disk'] });
    made.push(instance.uuid);
    await makeVolume(shared, `${instance.uuid}_disk`);

    await recover({ hostIds: [shared.host.id] });

    expect(row(instance.uuid)).toMatchObject({ vmState: 'building', taskState: 'block_device_mapping', taskOwner: currentOwner() });
    expect(await volumeNames(shared)).toContain(`${instance.uuid}_disk`);
  });
});

describe('recovering other tasks', () => {
  it('clears a stop whose process died and takes the state the host shows, recording the interruption', async () => {
    const instance = insertRow(store, shared, { name: uniqueName('stop'), vmState: 'active', taskState: 'powering-off', owner: deadOwner(), powerState: 1, action: 'stop' });
    made.push(instance.uuid);
    await defineDomain(shared, instance.uuid, instance.name, { start: true });

    await recover({ hostIds: [shared.host.id] });

    expect(row(instance.uuid)).toMatchObject({ vmState: 'active', taskState: null, taskOwner: null, powerState: 1 });
    const stop = store.instanceActions.list(instance.uuid)[0];
    expect(stop).toMatchObject({ action: 'stop' });
    expect(stop?.message).toMatch(/^Error: Task powering-off interrupted/);
    expect(store.instanceActions.events(stop?.id ?? -1)).toMatchObject([{ event: 'interrupted', result: 'Error' }]);
  });

  it('finishes a delete whose domain was already gone', async () => {
    const instance = insertRow(store, shared, { name: uniqueName('del'), vmState: 'stopped', taskState: 'deleting', owner: deadOwner(), volumeNames: ['<uuid>_disk'], action: 'delete' });
    made.push(instance.uuid);
    await makeVolume(shared, `${instance.uuid}_disk`);

    await recover({ hostIds: [shared.host.id] });

    expect(row(instance.uuid)).toMatchObject({ vmState: 'deleted', taskState: null });
    expect((await volumeNames(shared)).filter((name) => name.startsWith(instance.uuid))).toEqual([]);
  });
});

describe('orphans', () => {
  it('removes domains and volumes of deleted instances built here, and nothing that is not provably ours', async () => {
    // Ours: a deleted instance built here whose delete never reached the host.
    const gone = insertRow(store, shared, { name: uniqueName('orphan'), vmState: 'active', taskState: null, owner: null });
    made.push(gone.uuid);
    await defineDomain(shared, gone.uuid, gone.name);
    await makeVolume(shared, `${gone.uuid}_disk`);
    await makeVolume(shared, `${gone.uuid}_disk.config`);
    store.instances.softDelete(gone.uuid);
    // Also on the QEMU host: a volume of a deleted instance whose build attempt there could not clean up.
    const movedOn = insertRow(store, qemu, { name: uniqueName('moved'), vmState: 'active', taskState: null, owner: null });
    made.push(movedOn.uuid);
    await makeVolume(qemu, `${movedOn.uuid}_disk.eph0`);
    store.instances.softDelete(movedOn.uuid);
    // Not ours: a domain with our metadata that this inventory never knew (another installation's), one copied from
    // ours under a new UUID, an adopted instance's volume, a volume of a UUID we never knew.
    const foreign = crypto.randomUUID();
    const copy = crypto.randomUUID();
    const adopted = insertRow(store, shared, { name: uniqueName('adopted'), vmState: 'active', taskState: null, owner: null, origin: 'adopted' });
    made.push(foreign, copy, adopted.uuid);
    await defineDomain(shared, foreign, uniqueName('foreign'));
    await defineDomain(shared, copy, uniqueName('copy'), { metadataUuid: gone.uuid });
    await makeVolume(shared, `${adopted.uuid}_disk`);
    await makeVolume(shared, `${foreign}_disk`);
    store.instances.softDelete(adopted.uuid);

    // A sync first, as the app's session does before recovery: the orphan domain is not adopted as a stranger.
    await syncHostsOnce(store, [shared.host], { connect: uriConnector() });
    expect(store.instances.list().some((instance) => instance.libvirtDomainUuid === gone.uuid)).toBe(false);

    const report = await recover({ hostIds: [shared.host.id, qemu.host.id] });

    expect(await domainExists(shared, gone.uuid)).toBe(false);
    const sharedVolumes = await volumeNames(shared);
    expect(sharedVolumes.filter((name) => name.startsWith(gone.uuid))).toEqual([]);
    expect((await volumeNames(qemu)).filter((name) => name.startsWith(movedOn.uuid))).toEqual([]);
    expect(await domainExists(shared, foreign)).toBe(true);
    expect(await domainExists(shared, copy)).toBe(true);
    expect(sharedVolumes).toEqual(expect.arrayContaining([`${adopted.uuid}_disk`, `${foreign}_disk`]));
    expect(report.steps.filter((step) => step.kind === 'orphan-domain' || step.kind === 'orphan-volume').map((step) => step.message).sort()).toEqual(
      [
        `removed domain ${gone.name} of deleted instance ${gone.uuid} from host shared`,
        `removed volume default-pool/${gone.uuid}_disk of deleted instance ${gone.uuid} from host shared`,
        `removed volume default-pool/${gone.uuid}_disk.config of deleted instance ${gone.uuid} from host shared`,
        `removed volume vd-lab-pool/${movedOn.uuid}_disk.eph0 of deleted instance ${movedOn.uuid} from host qemu`,
      ].sort(),
    );
    expect(store.instanceActions.list(gone.uuid).map((action) => action.action)).toContain('recover');
  });
});

describe('uploads and imports that died', () => {
  it('removes a partial base image and its cache row when the uploader is gone, never a live upload', async () => {
    const deadBase = `_base_vd-lab-${crypto.randomUUID().slice(0, 8)}`;
    const liveBase = `_base_vd-lab-${crypto.randomUUID().slice(0, 8)}`;
    await makeVolume(qemu, deadBase);
    await makeVolume(qemu, liveBase);
    const deadImage = insertUpload(store, qemu, deadBase, deadOwner());
    const liveImage = insertUpload(store, qemu, liveBase, currentOwner());
    mkdirSync(join(dataDir, 'images'), { recursive: true });
    const [pid, start] = deadOwner().split('@')[0]?.split(':') ?? [];
    const deadPart = `${deadImage}.${pid}-${start}.part`;
    const livePart = `${liveImage}.${process.pid}-${currentOwner().split(':')[1]?.split('@')[0]}.part`;
    writeFileSync(join(dataDir, 'images', deadPart), 'partial');
    writeFileSync(join(dataDir, 'images', livePart), 'partial');

    await recover({ hostIds: [qemu.host.id] });

    const names = await volumeNames(qemu);
    expect(names).not.toContain(deadBase);
    expect(names).toContain(liveBase);
    const rows = sqlUploadRows(store).list({ hostId: qemu.host.id });
    expect(rows.map((r) => r.imageId)).toEqual([liveImage]);
    expect(existsSync(join(dataDir, 'images', deadPart))).toBe(false);
    expect(existsSync(join(dataDir, 'images', livePart))).toBe(true);
  });
});

describe('hosts that are down', () => {
  it('are skipped with the reason, and recovered when their session comes up in the app', async () => {
    const down = hostService(store).add({ name: 'nowhere', uri: `test+unix:///default?socket=${join(dataDir, 'no-such-socket')}` });
    const report = await recover({ hostIds: [down.id] });
    expect(report.skippedHosts).toEqual([expect.objectContaining({ host: 'nowhere' })]);
    hostService(store).remove('nowhere');

    // The app: a build cut short on a host is rolled back when that host's session comes up.
    const instance = insertRow(store, shared, { name: uniqueName('app'), vmState: 'building', taskState: 'networking', owner: deadOwner() });
    made.push(instance.uuid);
    const manager = new HostManager({ store, log: () => undefined, onStateChange: (hostId, state) => state === 'up' && recovery.hostUp(hostId) });
    const recovery = recoveryOnConnect(store, new LiveHostConnections(store, manager), { dataDir, log: (message) => logged.push(message) });
    manager.start();
    try {
      await waitUntil('the build rolled back by the app', () => row(instance.uuid).vmState === 'error', 15_000);
      expect(row(instance.uuid).fault?.message).toBe('Build interrupted at networking');
    } finally {
      await recovery.idle();
      await manager.stop();
    }
  });
});

describe('virt-deck sync', () => {
  it('recovers on the connection it synced with, and prints what it did', async () => {
    const instance = insertRow(store, shared, { name: uniqueName('cli'), vmState: 'building', taskState: 'spawning', owner: deadOwner(), volumeNames: ['<uuid>_disk'] });
    made.push(instance.uuid);
    await makeVolume(shared, `${instance.uuid}_disk`);
    let stdout = '';
    const code = await runCli(['sync', '--host', 'shared', '--data-dir', dataDir], { stdout: (text) => (stdout += text), stderr: () => undefined, env: {} });
    expect(code).toBe(0);
    expect(stdout).toContain(`recovery: shared: instance ${instance.name} (${instance.uuid}): Build interrupted at spawning: the process that ran the build ended; removed volume default-pool/${instance.uuid}_disk; the instance is in ERROR`);
    expect(row(instance.uuid)).toMatchObject({ vmState: 'error', fault: { message: 'Build interrupted at spawning' } });
  });
});

describe('after recovery', () => {
  it('no live instance has a task whose owner is gone, and no instance of this test left anything unexpected', async () => {
    const abandoned = store.instances.withTask().filter((instance) => instance.taskOwner !== currentOwner());
    expect(abandoned).toEqual([]);
  });
});
