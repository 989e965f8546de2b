// Every action on the lab's test driver (test:///default, shared by all connections), through the app's live host
// sessions: adopted domains (defined with virsh behind the app's back) and created ones (a row and a domain with our
// metadata). What the host shows is checked with our own connection after each step.
import { describe, expect, it } from 'vitest';
import { ACTION_RULES } from '../../../common/compute/instance-actions';
import { ActionFailedError, InstanceConflictError } from '../../../main/compute/errors';
import { DomainState, DomainXmlFlags, ErrorCode, isLibvirtError } from '../../../main/libvirt';
import { settingsService } from '../../../main/settings/settings';
import { DomainXml, SnapshotXml } from '../../../main/xml';
import { buildVolumeXml } from '../../../main/xml';
import { uniqueName } from '../../lab/fixture';
import { testDomainXml, useComputeLab, waitUntil } from './helpers';

const HOST = 'test-default';
const POOL = 'default-pool';
const fx = useComputeLab([HOST]);

/** The domain's state on the host now. */
async function hostState(uuid: string): Promise<number> {
  const c = await fx().conn(HOST);
  return (await c.domains.getState(await c.domains.lookupByUuid(uuid))).state;
}

async function domainGone(uuid: string): Promise<boolean> {
  const c = await fx().conn(HOST);
  return c.domains.lookupByUuid(uuid).then(
    () => false,
    (error: unknown) => isLibvirtError(error, ErrorCode.NO_DOMAIN),
  );
}

async function volumeExists(name: string): Promise<boolean> {
  const c = await fx().conn(HOST);
  return c.storage.lookupVolByName(await c.storage.lookupPoolByName(POOL), name).then(
    () => true,
    (error: unknown) => !isLibvirtError(error, ErrorCode.NO_STORAGE_VOL) && Promise.reject(error),
  );
}

describe('actions on the test driver', () => {
  it('takes an adopted domain through every power action, with Nova states and an action log', async () => {
    const name = uniqueName('power');
    const adopted = await fx().adopt(HOST, testDomainXml(name), name);
    expect(adopted).toMatchObject({ origin: 'adopted', vmState: 'stopped' });
    const { compute } = fx();
    const steps = [
      [{ action: 'start' }, 'active', 1, DomainState.RUNNING],
      [{ action: 'stop' }, 'stopped', 4, DomainState.SHUTOFF],
      [{ action: 'reboot-hard' }, 'active', 1, DomainState.RUNNING],
      [{ action: 'reboot' }, 'active', 1, DomainState.RUNNING],
      [{ action: 'pause' }, 'paused', 3, DomainState.PAUSED],
      [{ action: 'unpause' }, 'active', 1, DomainState.RUNNING],
      [{ action: 'suspend' }, 'suspended', 4, DomainState.SHUTOFF],
      [{ action: 'resume' }, 'active', 1, DomainState.RUNNING],
      [{ action: 'pause' }, 'paused', 3, DomainState.PAUSED],
      // A hard reboot out of PAUSED is a fresh start.
      [{ action: 'reboot-hard' }, 'active', 1, DomainState.RUNNING],
      [{ action: 'force-stop' }, 'stopped', 4, DomainState.SHUTOFF],
    ] as const;
    for (const [request, vmState, powerState, libvirtState] of steps) {
      const result = await compute.act(name, request);
      expect(result.instance, request.action).toMatchObject({ vmState, powerState, taskState: null, taskOwner: null });
      expect(result.done).toBe(true);
      expect(await hostState(adopted.uuid), request.action).toBe(libvirtState);
    }
    const log = compute.actions(name);
    expect(log.map((a) => a.action).reverse()).toEqual(['adopt', ...steps.map(([request]) => ACTION_RULES[request.action].verb)]);
    expect(log.filter((a) => a.action !== 'adopt').every((a) => a.events.length === 1 && a.events[0]?.result === 'Success' && a.finishTime !== null)).toBe(true);
    // The suspend left a managed-save image, the resume used it: none remains.
    const c = await fx().conn(HOST);
    expect(await c.domains.hasManagedSaveImage(await c.domains.lookupByUuid(adopted.uuid))).toBe(false);
  });

  it("refuses what the state does not allow with Nova's message, and lets a lock refuse everything but unlock", async () => {
    const name = uniqueName('guard');
    await fx().adopt(HOST, testDomainXml(name), name);
    const { compute } = fx();
    await expect(compute.act(name, { action: 'stop' })).rejects.toThrow(`Cannot 'stop' instance ${name} while it is in vm_state stopped`);
    await expect(compute.act(name, { action: 'resume' })).rejects.toThrow(`Cannot 'resume' instance ${name} while it is in vm_state stopped`);
    await compute.act(name, { action: 'lock', reason: 'disk check' });
    await expect(compute.act(name, { action: 'start' })).rejects.toThrow(`Instance ${name} is locked (disk check)`);
    await expect(compute.act(name, { action: 'delete' })).rejects.toThrow(InstanceConflictError);
    expect(await hostState(fx().instance(name).uuid)).toBe(DomainState.SHUTOFF);
    const unlocked = await compute.act(name, { action: 'unlock' });
    expect(unlocked.instance).toMatchObject({ locked: false, lockedReason: null });
    await compute.act(name, { action: 'start' });
    // Refusals are not actions: only lock, unlock and start were recorded.
    expect(compute.actions(name).map((a) => a.action)).toEqual(['start', 'unlock', 'lock', 'adopt']);
  });

  it('lets exactly one of two concurrent actions on one instance run; the other is a clean conflict', async () => {
    const name = uniqueName('race');
    const adopted = await fx().adopt(HOST, testDomainXml(name), name);
    const { compute } = fx();
    await compute.act(name, { action: 'start' });
    const outcomes = await Promise.allSettled([compute.act(name, { action: 'stop' }), compute.act(name, { action: 'pause' }), compute.act(adopted.uuid, { action: 'suspend' })]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((o) => o.reason)).toEqual([expect.any(InstanceConflictError), expect.any(InstanceConflictError)]);
    for (const o of lost) expect((o.reason as Error).message).toMatch(new RegExp(`^Cannot '\\w+' instance ${name} while it is in task_state (powering-off|pausing|suspending)$`));
    expect(fx().instance(name).taskState).toBeNull();
    // The same through a bulk call: every instance gets its own outcome (a hard reboot works from any of those states).
    const other = uniqueName('bulk');
    await fx().adopt(HOST, testDomainXml(other), other);
    const bulk = await compute.bulk([name, other, 'no-such-instance'], { action: 'reboot-hard' });
    expect(bulk.map((b) => [b.ref, b.ok])).toEqual([
      [name, true],
      [other, true],
      ['no-such-instance', false],
    ]);
    expect([await hostState(adopted.uuid), await hostState(fx().instance(other).uuid)]).toEqual([DomainState.RUNNING, DomainState.RUNNING]);
  });

  it('renames an adopted instance without touching its domain, and a created one in our metadata too', async () => {
    const name = uniqueName('rename');
    const adopted = await fx().adopt(HOST, testDomainXml(name), name);
    const { compute } = fx();
    const renamed = await compute.act(name, { action: 'rename', name: 'front end' });
    expect(renamed.instance).toMatchObject({ name: 'front end', libvirtDomainName: name });
    const c = await fx().conn(HOST);
    expect(DomainXml.parse(await c.domains.getXmlDesc(await c.domains.lookupByUuid(adopted.uuid))).instance.exists).toBe(false);

    const made = await fx().created({ host: HOST, pool: POOL, flavor: 'm1.tiny', domainType: 'test' });
    await compute.act(made.uuid, { action: 'rename', name: 'api <1>' });
    const xml = DomainXml.parse(await c.domains.getXmlDesc(await c.domains.lookupByUuid(made.uuid), { flags: DomainXmlFlags.INACTIVE }));
    expect([xml.name, xml.instance.name, xml.instance.uuid]).toEqual([made.libvirtDomainName, 'api <1>', made.uuid]);
  });

  it('takes, lists, reverts to and deletes snapshots, leaving the CD-ROM out', async () => {
    const made = await fx().created({ host: HOST, pool: POOL, flavor: 'm1.tiny', domainType: 'test', configVolume: true, start: true });
    const { compute } = fx();
    const first = await compute.act(made.uuid, { action: 'snapshot-create', name: 'before-upgrade', description: 'known good' });
    expect(first.snapshot).toMatchObject({ name: 'before-upgrade', description: 'known good', state: 'running', current: true, parent: null });
    expect(first.instance).toMatchObject({ vmState: 'active', taskState: null });
    const c = await fx().conn(HOST);
    const dom = await c.domains.lookupByUuid(made.uuid);
    const taken = SnapshotXml.parse(await c.snapshots.getXmlDesc(await c.snapshots.lookupByName(dom, 'before-upgrade')));
    expect(taken.disks.all().map((d) => [d.name, d.snapshot])).toEqual([
      ['vda', 'internal'],
      ['sda', 'no'],
    ]);
    await compute.act(made.uuid, { action: 'pause' });
    await compute.act(made.uuid, { action: 'snapshot-create', name: 'paused' });
    expect((await compute.snapshots(made.uuid)).map((s) => [s.name, s.state, s.parent, s.current])).toEqual([
      ['before-upgrade', 'running', null, false],
      ['paused', 'paused', 'before-upgrade', true],
    ]);
    // Back to the running snapshot: the instance follows the domain.
    expect((await compute.act(made.uuid, { action: 'snapshot-revert', name: 'before-upgrade' })).instance).toMatchObject({ vmState: 'active', powerState: 1 });
    await compute.act(made.uuid, { action: 'snapshot-delete', name: 'paused' });
    await expect(compute.act(made.uuid, { action: 'snapshot-delete', name: 'paused' })).rejects.toThrow(`Snapshot paused of instance ${made.name} not found`);
    await expect(compute.act(made.uuid, { action: 'snapshot-create', name: 'a/b' })).rejects.toThrow(/snapshot name/);
    expect((await compute.snapshots(made.uuid)).map((s) => s.name)).toEqual(['before-upgrade']);
    expect(fx().instance(made.name).taskState).toBeNull();
  });

  it('resizes a created instance (vCPUs and memory), confirms, and reverts another; a disk that cannot grow rolls back', async () => {
    const { compute, inventory } = fx();
    inventory.services.flavors.create({ name: 'vd.tiny.2cpu', vcpus: 2, ramMiB: 1024, diskGiB: 1 });
    inventory.services.flavors.create({ name: 'vd.tiny.bigdisk', vcpus: 1, ramMiB: 512, diskGiB: 5 });
    const made = await fx().created({ host: HOST, pool: POOL, flavor: 'm1.tiny', domainType: 'test', start: true });
    const c = await fx().conn(HOST);
    const definition = async () => DomainXml.parse(await c.domains.getXmlDesc(await c.domains.lookupByUuid(made.uuid), { flags: DomainXmlFlags.INACTIVE }));

    const resized = await compute.act(made.uuid, { action: 'resize', flavor: 'vd.tiny.2cpu' });
    expect(resized.instance).toMatchObject({ vmState: 'resized', taskState: null, vcpus: 2, ramMiB: 1024, powerState: 1 });
    expect(resized.instance?.previousFlavor).toMatchObject({ vcpus: 1, ramMiB: 512, vmState: 'active', rootBackup: null });
    expect(await hostState(made.uuid)).toBe(DomainState.RUNNING);
    let xml = await definition();
    expect([xml.vcpus, xml.memory, xml.instance.flavor.values()]).toEqual([2, 1024n << 20n, { name: 'vd.tiny.2cpu', vcpus: 2, ram: 1024, disk: 1, ephemeral: 0, swap: 0 }]);
    expect(compute.actions(made.uuid)[0]?.events.map((e) => e.event)).toEqual(['compute_prep_resize', 'compute_resize_instance', 'compute_finish_resize']);

    const reverted = await compute.act(made.uuid, { action: 'revert-resize' });
    expect(reverted.instance).toMatchObject({ vmState: 'active', vcpus: 1, ramMiB: 512, previousFlavor: null, flavor: { name: 'm1.tiny' } });
    xml = await definition();
    expect([xml.vcpus, xml.memory, xml.instance.flavor.name]).toEqual([1, 512n << 20n, 'm1.tiny']);

    await compute.act(made.uuid, { action: 'stop' });
    await compute.act(made.uuid, { action: 'resize', flavor: 'vd.tiny.2cpu' });
    const confirmed = await compute.act(made.uuid, { action: 'confirm-resize' });
    expect(confirmed.instance).toMatchObject({ vmState: 'stopped', vcpus: 2, previousFlavor: null });
    await expect(compute.act(made.uuid, { action: 'resize', flavor: 'vd.tiny.2cpu' })).rejects.toThrow('When resizing, instances must change flavor!');
    await expect(compute.act(made.uuid, { action: 'resize', flavor: 'm1.small' })).rejects.toThrow();

    // The test driver cannot grow a volume: the clone of the root is made, the grow fails, everything comes back.
    const failed = await compute.act(made.uuid, { action: 'resize', flavor: 'vd.tiny.bigdisk' }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ActionFailedError);
    expect((failed as Error).message).toMatch(/virStorageVolResize|not supported/);
    expect(fx().instance(made.name)).toMatchObject({ vmState: 'stopped', taskState: null, vcpus: 2, ramMiB: 1024, previousFlavor: null, flavor: { name: 'vd.tiny.2cpu' } });
    expect(fx().instance(made.name).volumes.map((v) => v.role)).toEqual(['root']);
    expect(await volumeExists(`${made.uuid}_disk.resize`)).toBe(false);
    expect(await volumeExists(`${made.uuid}_disk`)).toBe(true);
    expect(compute.actions(made.uuid)[0]).toMatchObject({ action: 'resize', message: expect.stringMatching(/^resize failed: /) });
  });

  it('deletes a created instance with its volumes, and soft-deletes, restores and reclaims with a restore window', async () => {
    const { compute, inventory } = fx();
    const made = await fx().created({ host: HOST, pool: POOL, flavor: 'm1.tiny', domainType: 'test', configVolume: true, start: true });
    await compute.act(made.uuid, { action: 'snapshot-create', name: 's1' });
    await compute.act(made.uuid, { action: 'suspend' });
    const deleted = await compute.act(made.uuid, { action: 'delete' });
    expect(deleted.instance).toBeNull();
    expect(inventory.store.instances.get(made.uuid)).toMatchObject({ vmState: 'deleted', taskState: null });
    expect(await domainGone(made.uuid)).toBe(true);
    expect(await volumeExists(`${made.uuid}_disk`)).toBe(false);
    expect(await volumeExists(`${made.uuid}_disk.config`)).toBe(false);

    settingsService(inventory.store).set('reclaim_instance_interval', 1);
    try {
      const soft = await fx().created({ host: HOST, pool: POOL, flavor: 'm1.tiny', domainType: 'test', start: true });
      const softDeleted = await compute.act(soft.uuid, { action: 'delete' });
      expect(softDeleted.instance).toMatchObject({ vmState: 'soft-delete', powerState: 4 });
      expect(await hostState(soft.uuid)).toBe(DomainState.SHUTOFF);
      expect((await compute.act(soft.uuid, { action: 'restore' })).instance).toMatchObject({ vmState: 'active', reclaimAt: null });
      await compute.act(soft.uuid, { action: 'delete' });
      await waitUntil('the restore window to pass', () => (fx().instance(soft.name).reclaimAt ?? '') < new Date().toISOString(), 5_000);
      expect(await compute.reclaim()).toEqual([{ uuid: soft.uuid, ok: true }]);
      expect(await domainGone(soft.uuid)).toBe(true);
      expect(await volumeExists(`${soft.uuid}_disk`)).toBe(false);
    } finally {
      settingsService(inventory.store).set('reclaim_instance_interval', null);
    }
  });

  it('deletes an adopted domain keeping its disks, or with --delete-disks all but those another domain uses', async () => {
    const { compute, inventory } = fx();
    const c = await fx().conn(HOST);
    const pool = await c.storage.lookupPoolByName(POOL);
    const vol = async (name: string) => c.storage.createVolXml(pool, buildVolumeXml({ name, capacityBytes: 1n << 20n }));
    const [own, shared, kept] = [uniqueName('own'), uniqueName('shared'), uniqueName('kept')];
    for (const v of [own, shared, kept]) await vol(v);
    try {
      const keeper = uniqueName('keeper');
      await fx().adopt(HOST, testDomainXml(keeper, { disks: [{ pool: POOL, volume: kept }] }), keeper);
      await compute.act(keeper, { action: 'delete' });
      expect(await volumeExists(kept)).toBe(true);

      const other = uniqueName('other');
      await fx().adopt(HOST, testDomainXml(other, { disks: [{ pool: POOL, volume: shared }] }), other);
      const name = uniqueName('doomed');
      const doomed = await fx().adopt(HOST, testDomainXml(name, { disks: [{ pool: POOL, volume: own }, { pool: POOL, volume: shared }] }), name);
      const result = await compute.act(name, { action: 'delete', deleteDisks: true });
      expect(result.message).toMatch(new RegExp(`kept ${POOL}/${shared} \\(another domain uses it\\)`));
      expect(await domainGone(doomed.uuid)).toBe(true);
      expect([await volumeExists(own), await volumeExists(shared)]).toEqual([false, true]);
      expect(inventory.store.instances.get(doomed.uuid)?.volumes).toEqual([{ pool: POOL, name: own, role: 'root' }]);
      await expect(compute.act(other, { action: 'delete', deleteDisks: false })).resolves.toMatchObject({ instance: null });
      const made = await fx().created({ host: HOST, pool: POOL, flavor: 'm1.tiny', domainType: 'test' });
      await expect(compute.act(made.uuid, { action: 'delete', deleteDisks: true })).rejects.toThrow(/always deleted with it/);
    } finally {
      for (const v of [own, shared, kept]) await c.storage.lookupVolByName(pool, v).then((x) => c.storage.deleteVol(x)).catch(() => undefined);
    }
  });

  it('forgets an instance without touching its domain; the next sync adopts the domain again', async () => {
    const name = uniqueName('forget');
    const adopted = await fx().adopt(HOST, testDomainXml(name), name);
    const { compute, inventory, manager } = fx();
    await compute.act(name, { action: 'lock' });
    const forgotten = await compute.act(name, { action: 'forget' });
    expect(forgotten.instance).toBeNull();
    expect(forgotten.message).toMatch(/the next sync adopts it again as a new instance/);
    expect(inventory.store.instances.get(adopted.uuid)?.vmState).toBe('deleted');
    expect(await hostState(adopted.uuid)).toBe(DomainState.SHUTOFF);
    await manager.refreshAll();
    const again = fx().instance(name);
    expect(again.uuid).not.toBe(adopted.uuid);
    expect(again).toMatchObject({ libvirtDomainUuid: adopted.uuid, origin: 'adopted', locked: false });
  });
});
