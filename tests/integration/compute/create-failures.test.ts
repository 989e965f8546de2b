// Failed creates on real hosts leave nothing behind: a pool too small for the image, an image whose bytes were
// corrupted in the cache, a domain the host refuses to start (after its volumes were made). Host-side failures are
// rescheduled to another host — each attempt kept with its explanation — and after three the build fails for good.
import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, readSync, rmdirSync, writeSync, closeSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServiceFor } from '../../../main/compute/build';
import { LiveHostConnections } from '../../../main/compute/host-access';
import { baseVolumeName, importImageFile, imageFilePath } from '../../../main/images';
import type { InstanceRecord } from '../../../main/inventory/model';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { labHost, virsh } from '../../lab/virsh';
import { domainExists, poolVolumes, startComputeLab, TINY, type ComputeLab } from './compute-lab';

const lab = labInfo();

const volumes = (pool: string): Promise<string[]> => poolVolumes(lab, pool);

/** What the failed build must leave: error with a fault, no host allocation, nothing of it on the host. */
async function expectNothingLeft(compute: ComputeLab, row: InstanceRecord, pools: readonly string[]): Promise<void> {
  expect(row).toMatchObject({ vmState: 'error', taskState: null, hostId: null, volumes: [], libvirtDomainUuid: null, taskOwner: null });
  // No instance built here holds host capacity (the host's adopted domains do, and stay as they were).
  expect(compute.inventory.store.instances.list().filter((i) => i.origin === 'created' && i.hostId !== null)).toEqual([]);
  expect(await domainExists(lab, row.uuid)).toBe(false);
  for (const pool of pools) expect((await volumes(pool)).filter((v) => v.startsWith(row.uuid))).toEqual([]);
  expect(await volumes(lab.qemu.pool.name)).toContain(lab.qemu.pool.volume.name); // the listing works
}

describe('failed creates on the QEMU host', () => {
  let compute: ComputeLab;
  let hostId: string;
  const mount = `/tmp/${uniqueName('tiny')}`;
  const tinyPool = uniqueName('tinypool');

  beforeAll(async () => {
    compute = await startComputeLab(lab, { hosts: [{ name: 'qemu', uri: labHost(lab, 'qemu').unixUri }] });
    hostId = compute.inventory.store.hosts.getByName('qemu')!.id;
    // A 4 MiB file system: smaller than the 10 MiB boot image.
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount]);
    await virsh(lab, ['pool-create-as', tinyPool, 'dir', '--target', mount]);
  });
  afterAll(async () => {
    await compute?.stop();
    await virsh(lab, ['pool-destroy', tinyPool]).catch(() => undefined);
    execFileSync('umount', [mount]);
    rmdirSync(mount);
  });

  it('a pool too small for the image: error naming the step and the pool, nothing left, the claim released', async () => {
    compute.inventory.store.hosts.update(hostId, { storagePool: tinyPool });
    try {
      const [row] = await compute.builds.create({ name: uniqueName('small'), flavor: TINY, image: compute.image!.name }).done;
      expect(row?.fault?.message).toMatch(new RegExp(`^Build failed on host qemu during block_device_mapping: Storage pool ${tinyPool} on host qemu has \\d+\\.\\d MiB free; image vd-lab-boot needs 10(\\.\\d)? MiB; no other host to retry on`));
      expect(row?.buildAttempts).toHaveLength(1);
      await expectNothingLeft(compute, row!, [tinyPool]);
      expect(await volumes(tinyPool)).toEqual([]);
    } finally {
      compute.inventory.store.hosts.update(hostId, { storagePool: null });
    }
  });

  it('a corrupt image (its cached bytes changed after import): no retry, error with both checksums, nothing left', async () => {
    const { image } = await importImageFile({ store: compute.inventory.store, dataDir: compute.dataDir }, { path: lab.bootImage.path, name: 'vd-lab-rotten' });
    // Flip a few bytes in the middle of the cached file: the header still reads, the content does not match.
    const fd = openSync(imageFilePath(compute.dataDir, image), 'r+');
    const bytes = Buffer.alloc(16);
    readSync(fd, bytes, 0, 16, 5 << 20);
    writeSync(fd, bytes.map((b) => b ^ 0xff), 0, 16, 5 << 20);
    closeSync(fd);
    const [row] = await compute.builds.create({ name: uniqueName('rotten'), flavor: TINY, image: image.name }).done;
    expect(row?.fault?.message).toMatch(/^Build failed on host qemu during block_device_mapping: The base volume of image vd-lab-rotten on host qemu does not match the image: sha256 [0-9a-f]{64} on the host \(local-file|download\), [0-9a-f]{64} imported; it was removed$/);
    expect(row?.buildAttempts).toHaveLength(1);
    await expectNothingLeft(compute, row!, [lab.qemu.pool.name]);
    expect(compute.inventory.store.imageHostCache.get(image.id, hostId)).toBeUndefined();
    expect(await volumes(lab.qemu.pool.name)).not.toContain(baseVolumeName(image.id));
  });

  it("a domain the host cannot start after its volumes were made: domain and volumes removed, libvirt's message kept", async () => {
    const store = compute.inventory.store;
    // virtlogd cannot open a console log in a directory that does not exist: QEMU never starts.
    const builds = buildServiceFor(compute.inventory, new LiveHostConnections(store, compute.manager), { overrides: { consoleLogDir: '/nonexistent-vd-lab' } });
    const events: string[] = [];
    try {
      const [row] = await builds.create({ name: uniqueName('nolog'), flavor: TINY, image: compute.image!.name }, (e) => {
        if (e.kind === 'task') events.push(e.taskState);
      }).done;
      expect(events).toEqual(['networking', 'block_device_mapping', 'spawning']);
      expect(row?.fault?.message).toMatch(/^Build failed on host qemu during spawning: .*\/nonexistent-vd-lab\/.*\.console\.log.*; no other host to retry on/);
      await expectNothingLeft(compute, row!, [lab.qemu.pool.name]);
      // The base image stays: it is shared, never one of an instance's volumes, never part of its cleanup.
      expect(store.imageHostCache.get(compute.image!.id, hostId)).toMatchObject({ status: 'ready' });
      const actionEvents = store.instanceActions.events(store.instanceActions.list(row!.uuid)[0]!.id);
      expect(actionEvents.at(-1)).toMatchObject({ event: 'compute_spawn', result: 'Error', traceback: expect.stringContaining('during spawning') });
    } finally {
      await builds.close();
    }
  });
});

describe('reschedules on test-driver hosts', () => {
  it('a host whose pool is missing fails the build there; the next host builds it, both attempts kept', async () => {
    const compute = await startComputeLab(lab, {
      hosts: [
        // Chosen first (most free RAM), but its configured pool does not exist.
        { name: 'large', uri: labHost(lab, 'large').unixUri, storagePool: 'vd-lab-missing' },
        { name: 'small', uri: labHost(lab, 'small').unixUri },
      ],
    });
    try {
      const store = compute.inventory.store;
      const events: string[] = [];
      const [row] = await compute.builds.create({ name: uniqueName('resched'), flavor: TINY, image: compute.image!.name }, (e) => {
        if (e.kind === 'reschedule') events.push(`${e.from} → ${e.to}`);
      }).done;
      expect(row).toMatchObject({ vmState: 'active', hostId: store.hosts.getByName('small')!.id, fault: null });
      expect(events).toEqual(['large → small']);
      expect(row?.buildAttempts.map((a) => [a.host, a.fault?.message ?? null])).toEqual([
        ['large', expect.stringMatching(/^Build failed on host large during block_device_mapping: Storage pool vd-lab-missing \(the pool set for host large\) does not exist on host large: it has large-pool \(active\)/)],
        ['small', null],
      ]);
      expect(row?.buildAttempts[1]?.explanation).toMatch(/^small: rank 1 of 1 candidate/);
      expect(store.instances.list({ hostId: store.hosts.getByName('large')!.id }).filter((i) => i.origin === 'created')).toEqual([]);
      const scheduled = store.instanceActions.events(store.instanceActions.list(row!.uuid)[0]!.id).filter((e) => e.event === 'schedule_instances');
      expect(scheduled.map((e) => e.host)).toEqual(['large', 'small']);
    } finally {
      await compute.stop();
    }
  });

  it('three hosts failing: error after three attempts, each explained, the allocation released', async () => {
    const compute = await startComputeLab(lab, {
      hosts: [
        { name: 'large', uri: labHost(lab, 'large').unixUri, storagePool: 'vd-lab-missing' },
        { name: 'small', uri: labHost(lab, 'small').unixUri, defaultNetwork: 'vd-lab-nonet' },
        { name: 'qemu', uri: labHost(lab, 'qemu').unixUri, storagePool: 'vd-lab-missing' },
      ],
    });
    try {
      const [row] = await compute.builds.create({ name: uniqueName('doomed'), flavor: TINY, image: compute.image!.name }).done;
      expect(row).toMatchObject({ vmState: 'error', hostId: null, taskState: null });
      const tried = row?.buildAttempts.map((a) => a.host) ?? [];
      expect([...tried].sort()).toEqual(['large', 'qemu', 'small']);
      expect(row?.fault?.message.startsWith(`Build failed after 3 attempts (${tried.join(', ')}); last: ${row.buildAttempts[2]?.fault?.message}`)).toBe(true);
      const byHost = Object.fromEntries(row!.buildAttempts.map((a) => [a.host, a.fault?.message]));
      expect(byHost['small']).toMatch(/^Build failed on host small during networking: Network vd-lab-nonet \(the network set for host small\) does not exist on host small: it has small-net \(active\)/);
      expect(byHost['large']).toMatch(/^Build failed on host large during block_device_mapping: Storage pool vd-lab-missing/);
      expect(byHost['qemu']).toMatch(/^Build failed on host qemu during block_device_mapping: Storage pool vd-lab-missing/);
      expect(row?.buildAttempts.every((a) => a.fault !== null)).toBe(true);
      expect(compute.inventory.store.instances.list().filter((i) => i.origin === 'created' && i.hostId !== null)).toEqual([]);
    } finally {
      await compute.stop();
    }
  });
});
