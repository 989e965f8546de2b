// Create-to-active on the lab's QEMU host, phase by phase: the first create on a host (it uploads the image as the
// host's base volume) against a create from the cached base, and ten creates at once against one. Peer: the same
// host-side steps done with virsh (upload, overlay, seed, define, start), measured in the same run.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { buildNoCloudSeed } from '../../../main/cloud-init';
import { buildServiceFor, removeBuildLeftovers, type BuildEvent, type BuildService } from '../../../main/compute/build';
import { OneShotHostConnections } from '../../../main/compute/host-access';
import { hostService, syncHostsOnce, uriConnector } from '../../../main/hosts';
import { importImageFile } from '../../../main/images';
import { openInventory, type Inventory } from '../../../main/inventory';
import type { ImageRecord } from '../../../main/inventory/model';
import { resolveProject } from '../../../main/inventory/services';
import { connectLibvirt, type LibvirtConnection } from '../../../main/libvirt';
import { labHost, uniqueName, type LabInfo } from '../../lab';
import { bootImageDomainXml } from '../../lab/boot-image-domain';
import { run } from '../../lab/exec';
import { virshAt } from '../../lab/virsh';
import { formatMs, formatRatio, median, printTable } from '../table';
import { numberArg, type ComputeBenchContext, type ComputePhase, type GoalLine } from './phase';

const MIB = 1024 * 1024;
const FLAVOR = 'vd.bench';
const PARALLEL = 10;
/** The build steps in order, and the mark that ends each. */
const STEPS = [
  ['claim', 'start', 'scheduling'],
  ['connect', 'scheduling', 'networking'],
  ['networking', 'networking', 'block_device_mapping'],
  ['block_device_mapping', 'block_device_mapping', 'spawning'],
  ['spawning', 'spawning', 'active'],
  ['total', 'start', 'active'],
] as const;

type Marks = Partial<Record<'start' | 'scheduling' | 'networking' | 'block_device_mapping' | 'spawning' | 'active', number>>;

/**
 * The lab's boot image grown to `mib` MiB with random bytes after its FAT file system (which the guest never reads),
 * as qcow2: an image of a realistic size that still boots. Returns its path and virtual size.
 */
async function benchImage(lab: LabInfo, scratch: string, mib: number): Promise<{ path: string; virtualBytes: number }> {
  const raw = join(scratch, 'bench.raw');
  await run('/usr/bin/qemu-img', ['convert', '-O', 'raw', lab.bootImage.path, raw]);
  const fd = openSync(raw, 'a');
  try {
    const block = randomBytes(4 * MIB);
    for (let size = statSync(raw).size; size < mib * MIB; size += block.length) writeSync(fd, block, 0, Math.min(block.length, mib * MIB - size));
  } finally {
    closeSync(fd);
  }
  const path = join(scratch, 'bench.qcow2');
  await run('/usr/bin/qemu-img', ['convert', '-O', 'qcow2', raw, path], { timeoutMs: 300_000 });
  return { path, virtualBytes: statSync(raw).size };
}

interface Setup {
  readonly inventory: Inventory;
  readonly builds: BuildService;
  readonly hosts: OneShotHostConnections;
  readonly image: ImageRecord;
  readonly hostId: string;
  readonly conn: LibvirtConnection;
}

async function setUp(lab: LabInfo, scratch: string, imagePath: string): Promise<Setup> {
  const dataDir = join(scratch, 'data');
  const inventory = openInventory({ dataDir });
  const store = inventory.store;
  const added = hostService(store).add({ name: 'qemu', uri: labHost(lab, 'qemu').unixUri });
  // Ten 1-vCPU guests (and the lab's own) on a 2-CPU host: more than Nova's default 4.0 CPU allocation ratio allows.
  const host = store.hosts.update(added.id, { overcommit: { cpuAllocationRatio: 16 } });
  await syncHostsOnce(store, store.hosts.list(), { connect: uriConnector() });
  store.flavors.insert({ name: FLAVOR, vcpus: 1, ramMiB: 128, diskGiB: 1 });
  store.settings.set('virt_type', 'qemu');
  const admin = store.read((repos) => resolveProject(repos, 'admin'));
  for (const resource of ['instances', 'cores', 'ram'] as const) store.quotas.set(admin.id, resource, -1);
  const { image } = await importImageFile({ store, dataDir }, { path: imagePath, name: 'bench' });
  const hosts = new OneShotHostConnections(store);
  const builds = buildServiceFor(inventory, hosts, { overrides: { consoleLogDir: scratch } });
  return { inventory, builds, hosts, image, hostId: host.id, conn: await connectLibvirt(host.uri) };
}

/** One create to active; the marks of each step (ms since the call). */
async function createOnce(setup: Setup, name: string): Promise<Marks> {
  const marks: Marks = {};
  const start = performance.now();
  marks.start = 0;
  const onEvent = (event: BuildEvent) => {
    if (event.kind === 'task') marks[event.taskState] = performance.now() - start;
    if (event.kind === 'active') marks.active = performance.now() - start;
  };
  const created = setup.builds.create({ name, flavor: FLAVOR, image: setup.image.id }, onEvent);
  marks.scheduling = performance.now() - start;
  const [row] = await created.done;
  if (row?.vmState !== 'active') throw new Error(`bench create ${name} failed: ${row?.fault?.message ?? row?.vmState}`);
  return marks;
}

/** Remove every instance built so far (domain, volumes, row); with `base`, the base image too (the next create uploads). */
async function clear(setup: Setup, base: boolean): Promise<void> {
  const store = setup.inventory.store;
  for (const row of store.instances.list({ hostId: setup.hostId }).filter((r) => r.origin === 'created')) {
    await removeBuildLeftovers(setup.conn, { domainUuid: row.uuid, volumes: row.volumes });
    store.instances.softDelete(row.uuid);
  }
  if (!base) return;
  for (const cached of store.imageHostCache.list({ hostId: setup.hostId })) {
    await removeBuildLeftovers(setup.conn, { domainUuid: null, volumes: [{ pool: cached.pool, name: cached.volumeName, role: 'root' }] });
    store.imageHostCache.delete(cached.imageId, cached.hostId);
  }
}

/** The peer: the same host-side steps with virsh; returns the milliseconds to a started domain. */
async function virshCreate(lab: LabInfo, scratch: string, image: { path: string; virtualBytes: number }, first: boolean): Promise<number> {
  const uri = labHost(lab, 'qemu').unixUri;
  const pool = lab.qemu.pool.name;
  const name = uniqueName('peer');
  const base = 'vd-lab-bench-peer-base';
  const seed = buildNoCloudSeed({ instanceId: name, hostname: name });
  const seedFile = join(scratch, `${name}.iso`);
  writeFileSync(seedFile, seed.image);
  const start = performance.now();
  if (first) {
    await virshAt(uri, ['vol-create-as', pool, base, `${statSync(image.path).size}B`, '--format', 'raw']);
    await virshAt(uri, ['vol-upload', '--pool', pool, base, image.path], 600_000);
  }
  await virshAt(uri, ['vol-create-as', pool, `${name}_disk`, `${Math.max(2 ** 30, image.virtualBytes)}B`, '--format', 'qcow2', '--backing-vol', base, '--backing-vol-format', 'qcow2']);
  await virshAt(uri, ['vol-create-as', pool, `${name}_disk.config`, `${seed.image.length}B`, '--format', 'raw']);
  await virshAt(uri, ['vol-upload', '--pool', pool, `${name}_disk.config`, seedFile]);
  const [disk, config] = await Promise.all([virshAt(uri, ['vol-path', '--pool', pool, `${name}_disk`]), virshAt(uri, ['vol-path', '--pool', pool, `${name}_disk.config`])]);
  const xml = join(scratch, `${name}.xml`);
  writeFileSync(xml, bootImageDomainXml({ name, diskPath: disk, seed: { path: config, attachAs: 'cdrom' }, consoleLogPath: join(scratch, `${name}.log`) }));
  await virshAt(uri, ['define', xml]);
  await virshAt(uri, ['start', name]);
  const ms = performance.now() - start;
  await virshAt(uri, ['destroy', name]);
  await virshAt(uri, ['undefine', name]);
  for (const volume of [`${name}_disk`, `${name}_disk.config`]) await virshAt(uri, ['vol-delete', '--pool', pool, volume]);
  return ms;
}

async function removePeerBase(lab: LabInfo): Promise<void> {
  await virshAt(labHost(lab, 'qemu').unixUri, ['vol-delete', '--pool', lab.qemu.pool.name, 'vd-lab-bench-peer-base']).catch(() => undefined);
}

function stepRow(label: string, runs: readonly Marks[], peer: readonly number[] | null): string[] {
  const cells = STEPS.map(([, from, to]) => formatMs(median(runs.map((m) => (m[to] ?? Number.NaN) - (m[from] ?? Number.NaN)))));
  return [label, ...cells, peer === null ? '' : formatMs(median(peer))];
}

export const createPhase: ComputePhase = {
  name: 'create',
  description: 'create to active per build phase on the QEMU host: first on a host (image upload) vs cached, 10 at once (peer: virsh)',
  async run(context: ComputeBenchContext): Promise<readonly GoalLine[]> {
    const { lab, args, scratch } = context;
    // Each repetition uploads the image twice (ours and virsh's): fewer than the upload phase's default.
    const reps = numberArg(args, 'create-reps', Math.min(context.reps, 3));
    const mib = numberArg(args, 'image-mib', 512);
    const image = await benchImage(lab, scratch, mib);
    process.stdout.write(`image: the lab's boot image grown to ${mib} MiB (qcow2 file ${(statSync(image.path).size / MIB).toFixed(0)} MiB), flavor 1 vCPU / 128 MiB / 1 GiB, TCG\n`);
    const setup = await setUp(lab, scratch, image.path);
    const first: Marks[] = [];
    const cached: Marks[] = [];
    const peerFirst: number[] = [];
    const peerCached: number[] = [];
    const parallel: number[] = [];
    const parallelMarks: Marks[] = [];
    const peerParallel: number[] = [];
    try {
      for (let rep = 0; rep < reps; rep++) {
        await clear(setup, true);
        first.push(await createOnce(setup, uniqueName('first')));
        cached.push(await createOnce(setup, uniqueName('cached')));
        await removePeerBase(lab);
        peerFirst.push(await virshCreate(lab, scratch, image, true));
        peerCached.push(await virshCreate(lab, scratch, image, false));
      }
      await clear(setup, false);
      for (let rep = 0; rep < reps; rep++) {
        const start = performance.now();
        parallelMarks.push(...(await Promise.all(Array.from({ length: PARALLEL }, (_, i) => createOnce(setup, uniqueName(`par${i}`))))));
        parallel.push(performance.now() - start);
        await clear(setup, false);
        // The peer's ten: the cached-image steps with virsh, ten at once (each its own connection).
        const peerStart = performance.now();
        await Promise.all(Array.from({ length: PARALLEL }, () => virshCreate(lab, scratch, image, false)));
        peerParallel.push(performance.now() - peerStart);
      }
    } finally {
      await clear(setup, true).catch(() => undefined);
      await removePeerBase(lab);
      await setup.builds.close();
      await setup.hosts.close();
      await setup.conn.close();
      setup.inventory.close();
    }

    process.stdout.write(`\ncreate to active, per phase (median of ${reps}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs)\n`);
    printTable(
      ['create', ...STEPS.map(([label]) => label), 'virsh peer total'],
      [stepRow('first on the host', first, peerFirst), stepRow('cached image', cached, peerCached), stepRow(`one of ${PARALLEL} at once`, parallelMarks, null)],
    );
    const firstTotal = median(first.map((m) => m.active ?? Number.NaN));
    const cachedTotal = median(cached.map((m) => m.active ?? Number.NaN));
    const parallelTotal = median(parallel);
    process.stdout.write(`\n${PARALLEL} creates at once (median of ${reps})\n`);
    printTable(
      ['what', 'time', 'ratio'],
      [
        ['one create (cached image)', formatMs(cachedTotal), '1.00×'],
        [`${PARALLEL} creates at once, until all active`, formatMs(parallelTotal), formatRatio(parallelTotal, cachedTotal)],
        [`virsh peer: one, then ${PARALLEL} at once (incl. their teardown)`, `${formatMs(median(peerCached))} / ${formatMs(median(peerParallel))}`, formatRatio(median(peerParallel), median(peerCached))],
        ['cached vs first create', formatMs(cachedTotal), formatRatio(cachedTotal, firstTotal)],
        ['ours vs virsh, first', formatMs(firstTotal), formatRatio(firstTotal, median(peerFirst))],
        ['ours vs virsh, cached', formatMs(cachedTotal), formatRatio(cachedTotal, median(peerCached))],
      ],
    );
    return [
      { goal: 'cached-image create ≤ 0.2× the first create on a host', met: cachedTotal <= 0.2 * firstTotal, measured: `${formatMs(cachedTotal)} vs ${formatMs(firstTotal)} = ${formatRatio(cachedTotal, firstTotal)}` },
      { goal: `${PARALLEL} creates at once ≤ 3× one create`, met: parallelTotal <= 3 * cachedTotal, measured: `${formatMs(parallelTotal)} vs ${formatMs(cachedTotal)} = ${formatRatio(parallelTotal, cachedTotal)}` },
    ];
  },
};
