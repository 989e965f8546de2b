// Crash tests: `virt-deck create --wait` runs as a child process against the lab's QEMU host and is SIGKILLed in
// each task state of its build — and while it uploads the base image. To kill it *in* a state, the test holds the
// inventory's write lock the moment it reads that state: the child cannot commit its next step, and dies there.
// Then `virt-deck sync` runs recovery; the inventory must be consistent, the host must hold nothing orphaned, and a
// build cut short must say so in its fault.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { hostService, syncHostsOnce, uriConnector } from '../../../main/hosts';
import { baseVolumeName, importImageFile } from '../../../main/images';
import { inventoryPath } from '../../../main/config/paths';
import { openInventory, type Inventory } from '../../../main/inventory';
import type { InstanceRecord } from '../../../main/inventory/model';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { labHost } from '../../lab/virsh';
import { domainExists, poolVolumes, removeEverything, TINY } from './compute-lab';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repoRoot, 'scripts', 'virt-deck.mjs');
const lab = labInfo();
const pool = lab.qemu.pool.name;
const dataDir = mkdtempSync(join(tmpdir(), 'vd-crash-'));
let inventory: Inventory;

beforeAll(async () => {
  inventory = openInventory({ dataDir });
  const store = inventory.store;
  hostService(store).add({ name: 'qemu', uri: labHost(lab, 'qemu').unixUri });
  await syncHostsOnce(store, store.hosts.list(), { connect: uriConnector() });
  store.flavors.insert({ name: TINY, vcpus: 1, ramMiB: 128, diskGiB: 1 });
  store.settings.set('virt_type', 'qemu');
});

afterAll(async () => {
  await removeEverything(inventory);
  inventory.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What the test reads in the locked inventory to decide the child is where it should die. */
type Moment = (db: Database.Database, name: string) => boolean;

const taskOf = (db: Database.Database, name: string): string | null | undefined =>
  (db.prepare('SELECT task_state FROM instances WHERE name = ?').get(name) as { task_state: string | null } | undefined)?.task_state;

/** Run `create --wait` as a child, SIGKILL it at `moment` (holding the write lock so it cannot step past), return its instance. */
async function createAndKill(name: string, image: string, moment: Moment): Promise<InstanceRecord> {
  const child: ChildProcess = spawn(process.execPath, [bin, 'create', name, '--flavor', TINY, '--image', image, '--wait', '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, VIRT_DECK_CLI_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((done) => child.once('exit', (code, signal) => done(signal ?? code)));
  let ended: NodeJS.Signals | number | null | undefined;
  void exited.then((how) => (ended = how));

  const db = new Database(inventoryPath(dataDir), { timeout: 10_000 });
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (ended !== undefined) throw new Error(`the create ended (${String(ended)}) before the moment came:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the moment never came:\n${output}`);
      db.exec('BEGIN IMMEDIATE');
      let hit = false;
      try {
        hit = moment(db, name);
        if (hit) {
          child.kill('SIGKILL');
          expect(await exited).toBe('SIGKILL');
        }
      } finally {
        db.exec('ROLLBACK');
      }
      if (hit) break;
      await new Promise((wake) => setTimeout(wake, 1));
    }
  } finally {
    db.close();
  }
  const row = inventory.store.instances.list().find((i) => i.name === name);
  if (row === undefined) throw new Error(`no instance ${name}`);
  return row;
}

/** `virt-deck sync`, as a user would run it after the crash; returns what it printed. */
async function sync(): Promise<string> {
  let out = '';
  const code = await runCli(['sync', '--data-dir', dataDir], { stdout: (t) => (out += t), stderr: (t) => (out += t), env: process.env });
  expect(code, out).toBe(0);
  return out;
}

const hostVolumes = (): Promise<string[]> => poolVolumes(lab, pool);

/** A build cut short: error with the fault naming the step, no allocation, nothing of it on the host. */
async function expectRolledBack(uuid: string, step: string): Promise<InstanceRecord> {
  const row = inventory.store.instances.get(uuid)!;
  expect(row).toMatchObject({ vmState: 'error', taskState: null, taskOwner: null, hostId: null, volumes: [], libvirtDomainUuid: null });
  expect(row.fault?.message).toBe(`Build interrupted at ${step}`);
  expect(await domainExists(lab, uuid)).toBe(false);
  const volumes = await hostVolumes();
  expect(volumes).toContain(lab.qemu.pool.volume.name); // the listing works
  expect(volumes.filter((v) => v.startsWith(uuid))).toEqual([]);
  const action = inventory.store.instanceActions.list(uuid)[0]!;
  expect(action.finishTime).not.toBeNull();
  expect(inventory.store.instanceActions.events(action.id).at(-1)).toMatchObject({ event: 'interrupted', result: 'Error' });
  return row;
}

/** An image of its own for each case, so that each case's first create uploads it. */
async function freshImage(): Promise<{ id: string; name: string }> {
  const { image } = await importImageFile({ store: inventory.store, dataDir }, { path: lab.bootImage.path, name: uniqueName('img') });
  return image;
}

const CASE = { timeout: 240_000 };

describe('a create killed with SIGKILL, then virt-deck sync', () => {
  it('in scheduling: rolled back, nothing on the host', CASE, async () => {
    const image = await freshImage();
    const row = await createAndKill(uniqueName('k-sched'), image.name, (db, name) => taskOf(db, name) === 'scheduling');
    expect(row).toMatchObject({ vmState: 'building', taskState: 'scheduling' });
    expect(await sync()).toMatch(/recovery: qemu: .*Build interrupted at scheduling/);
    await expectRolledBack(row.uuid, 'scheduling');
  });

  it('in networking: rolled back', CASE, async () => {
    const image = await freshImage();
    const row = await createAndKill(uniqueName('k-net'), image.name, (db, name) => taskOf(db, name) === 'networking');
    await sync();
    await expectRolledBack(row.uuid, 'networking');
  });

  it('during the upload of the base image: the partial base volume and its cache row go, the build is rolled back', CASE, async () => {
    const image = await freshImage();
    const uploading = (db: Database.Database, name: string) =>
      taskOf(db, name) === 'block_device_mapping' && (db.prepare("SELECT status FROM image_host_cache WHERE image_id = ?").get(image.id) as { status: string } | undefined)?.status === 'uploading';
    const row = await createAndKill(uniqueName('k-upload'), image.name, uploading);
    expect(inventory.store.imageHostCache.list({ imageId: image.id })).toMatchObject([{ status: 'uploading' }]);
    await sync();
    await expectRolledBack(row.uuid, 'block_device_mapping');
    expect(inventory.store.imageHostCache.list({ imageId: image.id })).toEqual([]);
    expect(await hostVolumes()).not.toContain(baseVolumeName(image.id));
  });

  it("in block_device_mapping after the instance's first volume: its volumes go, the base image stays", CASE, async () => {
    const image = await freshImage();
    const withVolume = (db: Database.Database, name: string) =>
      taskOf(db, name) === 'block_device_mapping' && (db.prepare('SELECT volumes_json FROM instances WHERE name = ?').get(name) as { volumes_json: string }).volumes_json !== '[]';
    const row = await createAndKill(uniqueName('k-bdm'), image.name, withVolume);
    expect(row.volumes.length).toBeGreaterThan(0);
    await sync();
    await expectRolledBack(row.uuid, 'block_device_mapping');
    expect(inventory.store.imageHostCache.list({ imageId: image.id })).toMatchObject([{ status: 'ready' }]);
    expect(await hostVolumes()).toContain(baseVolumeName(image.id));
  });

  it('in spawning with its domain defined: rolled back — or, when QEMU was already running it, finished as active', CASE, async () => {
    const image = await freshImage();
    const defined = (db: Database.Database, name: string) =>
      taskOf(db, name) === 'spawning' && (db.prepare('SELECT libvirt_domain_uuid FROM instances WHERE name = ?').get(name) as { libvirt_domain_uuid: string | null }).libvirt_domain_uuid !== null;
    const row = await createAndKill(uniqueName('k-spawn'), image.name, defined);
    await sync();
    const after = inventory.store.instances.get(row.uuid)!;
    if (after.vmState === 'active') {
      // The child died after QEMU started: the build is done, as the host shows.
      expect(after).toMatchObject({ taskState: null, powerState: 1, fault: null });
      expect(await domainExists(lab, row.uuid)).toBe(true);
      expect((await hostVolumes()).filter((v) => v.startsWith(row.uuid)).sort()).toEqual(after.volumes.map((v) => v.name).sort());
    } else {
      await expectRolledBack(row.uuid, 'spawning');
    }
  });

  it('leaves a consistent inventory: no task without a live owner, no allocation on a host for a failed build', () => {
    const rows = inventory.store.instances.list();
    expect(rows.filter((r) => r.taskState !== null)).toEqual([]);
    expect(rows.filter((r) => r.origin === 'created' && r.vmState === 'error' && r.hostId !== null)).toEqual([]);
    expect(inventory.store.imageHostCache.list({ status: 'uploading' })).toEqual([]);
  });
});
