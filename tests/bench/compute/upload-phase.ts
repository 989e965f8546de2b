// Image upload throughput: our libvirt stream (`uploadFileToVolume`, and the whole `ensureBaseVolume` with its checksum)
// against `virsh vol-upload` of the same file into the same pool, over the unix socket and over SSH, alternating.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ActivityRegistry } from '../../../main/activity';
import { OneShotHostConnections } from '../../../main/compute/host-access';
import { ensureBaseVolumeOn, importImageFile } from '../../../main/images';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';
import { connectLibvirt, type LibvirtConnection } from '../../../main/libvirt';
import { buildVolumeXml } from '../../../main/xml';
import { labHost, uniqueName, type LabInfo } from '../../lab';
import { virshAt } from '../../lab/virsh';
import { formatMs, formatRatio, median, printTable } from '../table';
import { numberArg, type ComputeBenchContext, type ComputePhase, type GoalLine } from './phase';

const MIB = 1024 * 1024;

/** A file of `size` random bytes (random: nothing in the path can shortcut it). */
function makeImage(path: string, size: number): void {
  const fd = openSync(path, 'w', 0o644);
  try {
    const block = randomBytes(4 * MIB);
    for (let written = 0; written < size; written += block.length) writeSync(fd, block, 0, Math.min(block.length, size - written));
  } finally {
    closeSync(fd);
  }
}

/** Wall and CPU milliseconds of one run. */
interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

/** Time `fn` in this process: wall clock and this process's CPU (user + system). */
async function timed(fn: () => Promise<unknown>): Promise<Sample> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: Number(process.hrtime.bigint() - start) / 1e6, cpu: (used.user + used.system) / 1000 };
}

/** Time a virsh command: wall clock here, CPU of virsh and its children (the ssh client) from GNU time. */
async function timedVirsh(uri: string, args: readonly string[]): Promise<Sample> {
  const start = process.hrtime.bigint();
  const { stderr } = await promisify(execFile)('/usr/bin/time', ['-f', 'cpu %U %S', '/usr/bin/virsh', '--quiet', '--connect', uri, ...args], {
    timeout: 600_000,
    env: { ...process.env, LC_ALL: 'C' },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const match = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  if (match === null) throw new Error(`virsh ${args.join(' ')}: no timing in ${JSON.stringify(stderr)}`);
  return { wall, cpu: (Number(match[1]) + Number(match[2])) * 1000 };
}

interface Transport {
  readonly label: string;
  readonly ours: string;
  readonly virsh: string;
}

/** One transport's measurements, one sample per repetition. */
interface Times {
  readonly stream: Sample[];
  readonly withConnect: Sample[];
  readonly virsh: Sample[];
  readonly ensure: Sample[];
}

async function deleteIfPresent(conn: LibvirtConnection, pool: string, name: string): Promise<void> {
  const ref = await conn.storage.lookupPoolByName(pool);
  await conn.storage.lookupVolByName(ref, name).then(
    (vol) => conn.storage.deleteVol(vol),
    () => undefined,
  );
}

async function measure(lab: LabInfo, transport: Transport, pool: string, file: string, size: number, reps: number, context: ComputeBenchContext): Promise<Times> {
  const admin = await connectLibvirt(labHost(lab, 'qemu').unixUri);
  const times: Times = { stream: [], withConnect: [], virsh: [], ensure: [] };
  const poolRef = await admin.storage.lookupPoolByName(pool);
  const volume = uniqueName('bench-up');
  const createVolume = () => admin.storage.createVolXml(poolRef, buildVolumeXml({ name: volume, capacityBytes: size, format: 'raw' }));
  // ensureBaseVolume needs an inventory holding the image and the host.
  const store = openSqliteStore({ file: join(context.scratch, `inventory-${transport.label.replace(/\W/g, '')}.sqlite3`) });
  const dataDir = context.scratch;
  const image = (await importImageFile({ store, dataDir }, { path: file, name: `bench-${transport.label.replace(/\W/g, '')}` })).image;
  const host = store.hosts.insert({ name: 'bench', uri: transport.ours, storagePool: pool });
  const hosts = new OneShotHostConnections(store);
  const ours = await connectLibvirt(transport.ours);
  // Each measurement uploads into a fresh volume of the file's size, created (and deleted) outside the timing.
  const fresh = async <T>(fn: () => Promise<T>): Promise<T> => {
    await createVolume();
    try {
      return await fn();
    } finally {
      await deleteIfPresent(admin, pool, volume);
    }
  };
  const measurements: readonly (readonly [keyof Times, () => Promise<Sample>])[] = [
    // The peer: the whole virsh command (connect, look up, upload, close).
    ['virsh', () => fresh(() => timedVirsh(transport.virsh, ['vol-upload', '--pool', pool, volume, file]))],
    // Ours, the same work: connect, look up, upload, close.
    [
      'withConnect',
      () =>
        fresh(() =>
          timed(async () => {
            const conn = await connectLibvirt(transport.ours);
            try {
              const vol = await conn.storage.lookupVolByName(await conn.storage.lookupPoolByName(pool), volume);
              await conn.storage.uploadFileToVolume(vol, file);
            } finally {
              await conn.close();
            }
          }),
        ),
    ],
    // Ours, the stream alone on an open connection.
    ['stream', () => fresh(async () => timed(async () => ours.storage.uploadFileToVolume(await ours.storage.lookupVolByName(poolRef, volume), file)))],
    // The compute path: ensureBaseVolume (create, upload, checksum on the host, inventory rows).
    [
      'ensure',
      async () => {
        const sample = await timed(() => ensureBaseVolumeOn(hosts, host.id, image, { store, dataDir, activity: new ActivityRegistry() }));
        const row = store.imageHostCache.get(image.id, host.id);
        if (row !== undefined) await deleteIfPresent(admin, pool, row.volumeName);
        store.imageHostCache.delete(image.id, host.id);
        return sample;
      },
    ],
  ];
  try {
    // One warm-up round, untimed (page cache, first SSH session); then each round starts with the next measurement,
    // so none always runs right after the same other one.
    for (let rep = -1; rep < reps; rep++) {
      for (let i = 0; i < measurements.length; i++) {
        const [key, measureOnce] = measurements[(i + Math.max(rep, 0)) % measurements.length] as (typeof measurements)[number];
        const sample = await measureOnce();
        if (rep >= 0) times[key].push(sample);
      }
    }
  } finally {
    await ours.close();
    await hosts.close();
    await admin.close();
    store.close();
  }
  return times;
}

/** The upload phase. */
export const uploadPhase: ComputePhase = {
  name: 'upload',
  description: 'image upload throughput: uploadToVolume vs virsh vol-upload (same file, same pool), unix and SSH',
  async run(context) {
    const { lab, reps } = context;
    const sizeMiB = numberArg(context.args, 'size', 256);
    const size = Math.round(sizeMiB * MIB);
    const file = join(context.scratch, 'upload.raw');
    makeImage(file, size);
    const qemu = labHost(lab, 'qemu');
    const pool = uniqueName('bench-pool');
    const admin = await connectLibvirt(qemu.unixUri);
    const poolDir = join(context.scratch, 'pool');
    await virshAt(qemu.unixUri, ['pool-create-as', pool, 'dir', '--target', poolDir, '--build']);
    const goals: GoalLine[] = [];
    try {
      const transports: Transport[] = [
        { label: 'unix socket', ours: qemu.unixUri, virsh: qemu.unixUri },
        { label: 'ssh (loopback sshd)', ours: qemu.sshUri, virsh: qemu.virshSshUri },
      ];
      process.stdout.write(
        `upload: ${sizeMiB} MiB of random bytes into dir pool ${pool}; ${reps} rounds (after a warm-up), in rotating order; ` +
          'throughput from the median and from the best run; client CPU = user + system of our process, or of virsh and its ssh child\n\n',
      );
      for (const transport of transports) {
        const t = await measure(lab, transport, pool, file, size, reps, context);
        const rate = (ms: number) => `${((size / MIB) / (ms / 1000)).toFixed(0)} MiB/s`;
        const wall = (samples: Sample[]) => median(samples.map((x) => x.wall));
        const best = (samples: Sample[]) => Math.min(...samples.map((x) => x.wall));
        const cpu = (samples: Sample[]) => median(samples.map((x) => x.cpu));
        const peer = wall(t.virsh);
        const peerBest = best(t.virsh);
        const rows = [
          ['virsh vol-upload (connect, upload, close)', t.virsh],
          ['ours: connect, upload, close', t.withConnect],
          ['ours: uploadFileToVolume on an open connection', t.stream],
          ['ours: ensureBaseVolume (create, upload, checksum on the host)', t.ensure],
        ] as const;
        process.stdout.write(`${transport.label}\n`);
        printTable(
          ['measurement', 'median', 'throughput', 'vs virsh', 'best', 'throughput', 'vs virsh', 'client CPU'],
          rows.map(([what, samples]) => [
            what,
            formatMs(wall(samples)),
            rate(wall(samples)),
            formatRatio(peer, wall(samples)),
            formatMs(best(samples)),
            rate(best(samples)),
            formatRatio(peerBest, best(samples)),
            formatMs(cpu(samples)),
          ]),
        );
        if (process.env['VIRT_DECK_BENCH_SAMPLES'] === '1') {
          for (const [what, samples] of rows) process.stdout.write(`  ${what}: ${samples.map((x) => x.wall.toFixed(0)).join(' ')}\n`);
        }
        process.stdout.write('\n');
        // Other processes on the machine only ever add time, so the best run is the measure of what each side can do;
        // the median ratio is shown beside it.
        const ratio = peerBest / best(t.withConnect);
        const medianRatio = peer / wall(t.withConnect);
        goals.push({
          goal: `upload over ${transport.label} ≥ 1.0× virsh vol-upload (best of ${reps})`,
          met: ratio >= 1,
          measured: `${ratio.toFixed(2)}×; median ${medianRatio.toFixed(2)}×`,
        });
      }
    } finally {
      await virshAt(qemu.unixUri, ['pool-destroy', pool]).catch(() => undefined);
      await admin.close();
    }
    return goals;
  },
};
