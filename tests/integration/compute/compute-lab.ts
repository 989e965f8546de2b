// A Virt Deck process for the compute tests: its own data directory and inventory, lab hosts added, their sessions
// live (as in the app), the lab's boot image imported, a small flavor, a key pair, and a change feed recording every
// task state each instance passes through. `stop()` removes what the builds left on the hosts and the data.
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSshPublicKey } from '../../../main/cloud-init';
import { buildServiceFor, removeBuildLeftovers, type BuildService, type BuildServiceDeps } from '../../../main/compute/build';
import { LiveHostConnections } from '../../../main/compute/host-access';
import { HostManager, hostService, type AddHostInput } from '../../../main/hosts';
import { importImageFile } from '../../../main/images';
import { createChangeFeed, openInventory, type ChangeFeed, type Inventory } from '../../../main/inventory';
import type { ImageRecord, InstanceRecord } from '../../../main/inventory/model';
import { connectLibvirt } from '../../../main/libvirt';
import type { LabInfo } from '../../lab/types';
import { virsh } from '../../lab/virsh';
import { waitUntil } from '../hosts/wait';

/** A flavor small enough for many TCG guests and test domains: 1 vCPU, 128 MiB, 1 GiB. */
export const TINY = 'vd.tiny';

/** What {@link startComputeLab} takes. */
export interface ComputeLabOptions {
  readonly hosts: readonly AddHostInput[];
  /** Overrides of the build knobs (start timeout, console log directory, …). */
  readonly builds?: Partial<Omit<BuildServiceDeps, 'store' | 'hosts' | 'dataDir'>>;
  /** Import the lab's boot image (default true). */
  readonly image?: boolean;
}

/** A running compute process for a test file. */
export interface ComputeLab {
  readonly dataDir: string;
  readonly inventory: Inventory;
  readonly manager: HostManager;
  readonly feed: ChangeFeed;
  readonly builds: BuildService;
  readonly image: ImageRecord | null;
  /** The key pair `alice` (its public key line and fingerprint). */
  readonly key: { readonly line: string; readonly fingerprint: string };
  /** Task states seen in the change feed per instance uuid, in order (null = no task). */
  readonly taskStates: Map<string, (string | null)[]>;
  instance(uuid: string): InstanceRecord;
  stop(): Promise<void>;
}

const ALICE = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@virt-deck';

/** Start a compute process on the lab hosts given; resolves once every host is up. */
export async function startComputeLab(lab: LabInfo, options: ComputeLabOptions): Promise<ComputeLab> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vd-compute-'));
  const inventory = openInventory({ dataDir });
  const store = inventory.store;
  const hosts = hostService(store);
  for (const host of options.hosts) hosts.add(host);
  store.flavors.insert({ name: TINY, vcpus: 1, ramMiB: 128, diskGiB: 1 });
  // This machine offers KVM that cannot run guests (nested, unsupported): build TCG guests, as the lab does.
  store.settings.set('virt_type', 'qemu');
  const key = parseSshPublicKey(ALICE, 'alice');
  store.keyPairs.insert({ name: 'alice', type: key.type, publicKey: ALICE, fingerprint: key.fingerprint, comment: key.comment });

  // Batching off: every committed task state reaches the listener on its own.
  const feed = createChangeFeed(store, { batchMs: 0 });
  const taskStates = new Map<string, (string | null)[]>();
  feed.subscribe((delta) => {
    for (const row of delta.instances) {
      const seen = taskStates.get(row.uuid) ?? [];
      if (seen.at(-1) !== row.taskState || seen.length === 0) seen.push(row.taskState);
      taskStates.set(row.uuid, seen);
    }
  });
  const manager = new HostManager({ store, feed, backoff: { initialMs: 200, maxMs: 1000 } });
  manager.start();
  await waitUntil('every host up', () => hosts.list().every((h) => h.status === 'up'), 30_000);

  const image = options.image === false ? null : (await importImageFile({ store, dataDir }, { path: lab.bootImage.path, name: 'vd-lab-boot' })).image;
  const connections = new LiveHostConnections(store, manager);
  const builds = buildServiceFor(inventory, connections, { overrides: { startTimeoutMs: 120_000, ...options.builds } });

  return {
    dataDir,
    inventory,
    manager,
    feed,
    builds,
    image,
    key: { line: ALICE, fingerprint: key.fingerprint },
    taskStates,
    instance(uuid) {
      const row = store.instances.get(uuid);
      if (row === undefined) throw new Error(`no instance ${uuid}`);
      return row;
    },
    async stop() {
      await builds.close();
      await manager.stop();
      feed.close();
      await removeEverything(inventory);
      inventory.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Remove every domain, volume and base image the inventory says the builds made, host by host. */
export async function removeEverything(inventory: Inventory): Promise<void> {
  const store = inventory.store;
  for (const host of store.hosts.list()) {
    const instances = store.instances.list({ hostId: host.id, includeDeleted: true });
    const cached = store.read((repos) => repos.imageHostCache.list({ hostId: host.id }));
    if (instances.length === 0 && cached.length === 0) continue;
    const conn = await connectLibvirt(host.uri);
    try {
      for (const row of instances) {
        if (row.origin !== 'created') continue;
        await removeBuildLeftovers(conn, { domainUuid: row.libvirtDomainUuid ?? row.uuid, volumes: row.volumes });
        rmSync(`/var/log/libvirt/qemu/${row.uuid}.console.log`, { force: true });
      }
      for (const base of cached) await removeBuildLeftovers(conn, { domainUuid: null, volumes: [{ pool: base.pool, name: base.volumeName, role: 'root' }] });
    } finally {
      await conn.close();
    }
  }
}

/** The serial console log of an instance on the lab's QEMU host ('' until virtlogd wrote something). */
export function consoleLog(uuid: string, dir = '/var/log/libvirt/qemu'): string {
  try {
    return readFileSync(join(dir, `${uuid}.console.log`), 'utf8');
  } catch {
    return '';
  }
}

/** Names of the volumes in a pool of a lab host (virsh runs with --quiet: no header lines). */
export async function poolVolumes(lab: LabInfo, pool: string, host = 'qemu'): Promise<string[]> {
  const listing = await virsh(lab, ['vol-list', '--pool', pool], { host });
  return listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

/** Whether a lab host has a domain with this UUID. */
export function domainExists(lab: LabInfo, uuid: string, host = 'qemu'): Promise<boolean> {
  return virsh(lab, ['domname', uuid], { host }).then(
    () => true,
    () => false,
  );
}
