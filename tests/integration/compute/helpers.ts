// A compute fixture on the lab: a private inventory, the lab hosts added to it, a live host manager (the app's way of
// reaching hosts), the compute service over it, and ways to make instances: adopted (a domain defined with virsh, then
// found by the host session) or created (a row with origin 'created' and a domain carrying our metadata, as the build
// flow leaves them).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { computeService, type ComputeService } from '../../../main/compute/compute-service';
import { LiveHostConnections } from '../../../main/compute/host-access';
import { HostManager, hostService } from '../../../main/hosts';
import { createChangeFeed, openInventory, type Inventory } from '../../../main/inventory';
import type { InstanceRecord, InstanceVolume } from '../../../main/inventory/model';
import { isLibvirtError, UndefineFlags, type LibvirtConnection } from '../../../main/libvirt';
import { buildDomainXml, buildVolumeXml, type DiskSpec, type DomainSpec } from '../../../main/xml';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import type { LabInfo } from '../../lab/types';
import { labHost, virsh } from '../../lab/virsh';
import { waitUntil } from '../hosts/wait';

export { waitUntil } from '../hosts/wait';

/** What a compute suite works with. */
export interface ComputeLab {
  readonly lab: LabInfo;
  readonly inventory: Inventory;
  readonly manager: HostManager;
  readonly compute: ComputeService;
  readonly dataDir: string;
  /** The live row of an instance by name (throws when there is none). */
  instance(name: string): InstanceRecord;
  /** The host's live session connection (for checking what the host shows). */
  conn(host: string): Promise<LibvirtConnection>;
  /** Define a domain with virsh and wait until the host session adopted it. */
  adopt(host: string, xml: string, name: string): Promise<InstanceRecord>;
  /** A created instance: volumes made, row inserted (before the domain exists, as the build does), domain defined. */
  created(options: CreatedOptions): Promise<InstanceRecord>;
  /** Run at the end of the suite (after the fixture's own instances are gone: register first what goes last). */
  cleanup(step: () => Promise<unknown>): void;
}

/** A created instance to make. */
export interface CreatedOptions {
  readonly host: string;
  readonly pool: string;
  readonly flavor: string;
  readonly domainType: DomainSpec['type'];
  /** Root volume: a qcow2 of the flavor's root disk, or an overlay of this backing file. */
  readonly backing?: { readonly path: string; readonly format: 'qcow2' | 'raw' };
  /** Also a raw config volume, attached read-only as a CD-ROM (the NoCloud seed's place): empty, or these bytes. */
  readonly configVolume?: boolean | Buffer;
  readonly extra?: Partial<DomainSpec>;
  /** Instance and domain name (default a fresh `vd-lab-made-…`). */
  readonly name?: string;
  readonly start?: boolean;
}

/** Set up the fixture for a suite, with these lab hosts (added under their lab names). */
export function useComputeLab(hosts: readonly string[]): () => ComputeLab {
  let fixture: ComputeLab | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  let dataDir: string | undefined;
  let opened: Inventory | undefined;
  let started: HostManager | undefined;
  beforeAll(async () => {
    const lab = labInfo();
    const dir = mkdtempSync(join(tmpdir(), 'vd-compute-'));
    dataDir = dir;
    const inventory = openInventory({ dataDir: dir });
    opened = inventory;
    const service = hostService(inventory.store);
    for (const name of hosts) {
      service.add({ name, uri: labHost(lab, name).unixUri });
      // The lab's hosts carry other suites' domains: room enough that placement checks only what a test does.
      const row = inventory.store.hosts.getByName(name);
      if (row !== undefined) inventory.store.hosts.update(row.id, { overcommit: { ramAllocationRatio: 1000, cpuAllocationRatio: 1000, diskAllocationRatio: 1000 } });
    }
    // Adopted domains land in the unassigned project; other suites' domains must not exhaust its quota.
    for (const project of ['unassigned', 'admin']) {
      const id = inventory.store.projects.getByName(project)?.id as string;
      for (const resource of ['instances', 'cores', 'ram', 'disk'] as const) inventory.store.quotas.set(id, resource, -1);
    }
    const feed = createChangeFeed(inventory.store);
    const manager = new HostManager({ store: inventory.store, feed, backoff: { initialMs: 200, maxMs: 1_000 } });
    started = manager;
    manager.start();
    await waitUntil('lab hosts up', () => hosts.every((name) => service.show(name).status === 'up'), 60_000);
    const compute = computeService({ store: inventory.store, hosts: new LiveHostConnections(inventory.store, manager) });
    const hostId = (name: string): string => service.show(name).id;
    const conn = (name: string) => manager.connection(hostId(name));
    const instance = (name: string): InstanceRecord => {
      const found = inventory.store.instances.list().filter((i) => i.name === name);
      if (found.length !== 1) throw new Error(`expected one live instance named ${name}, found ${found.length}`);
      return found[0] as InstanceRecord;
    };
    fixture = {
      lab,
      inventory,
      manager,
      compute,
      dataDir: dir,
      instance,
      conn,
      cleanup: (step) => cleanups.unshift(step),
      async adopt(host, xml, name) {
        const file = join(dir, `${name}.xml`);
        writeFileSync(file, xml);
        await virsh(lab, ['define', file], { host });
        cleanups.push(() => undefineQuietly(conn(host), name));
        await waitUntil(`${name} adopted`, () => inventory.store.instances.list().some((i) => i.name === name), 15_000);
        return instance(name);
      },
      async created(opts) {
        const c = await conn(opts.host);
        const flavor = inventory.services.flavors.list().find((f) => f.name === opts.flavor);
        if (flavor === undefined) throw new Error(`no flavor ${opts.flavor}`);
        const uuid = randomUUID();
        const name = opts.name ?? uniqueName('made');
        const pool = await c.storage.lookupPoolByName(opts.pool);
        const volumes: InstanceVolume[] = [{ pool: opts.pool, name: `${uuid}_disk`, role: 'root' }];
        if (opts.configVolume !== undefined && opts.configVolume !== false) volumes.push({ pool: opts.pool, name: `${uuid}_disk.config`, role: 'config' });
        const root = await c.storage.createVolXml(
          pool,
          buildVolumeXml({ name: `${uuid}_disk`, capacityBytes: BigInt(flavor.diskGiB) << 30n, format: 'qcow2', ...(opts.backing === undefined ? {} : { backingStore: opts.backing }) }),
        );
        const disks: DiskSpec[] = [{ source: { pool: opts.pool, volume: root.name }, format: 'qcow2' }];
        if (opts.configVolume !== undefined && opts.configVolume !== false) {
          const bytes = opts.configVolume === true ? null : opts.configVolume;
          const config = await c.storage.createVolXml(pool, buildVolumeXml({ name: `${uuid}_disk.config`, capacityBytes: bytes?.length ?? 1 << 20, format: 'raw' }));
          if (bytes !== null) await c.storage.uploadToVolume(config, Readable.from([bytes]));
          disks.push({ source: { pool: opts.pool, volume: `${uuid}_disk.config` }, format: 'raw', device: 'cdrom', bus: opts.domainType === 'test' ? 'sata' : 'ide' });
        }
        const admin = inventory.store.projects.getByName('admin')?.id as string;
        inventory.store.instances.insert({
          uuid,
          name,
          projectId: admin,
          hostId: hostId(opts.host),
          flavorId: flavor.id,
          flavor: { id: flavor.id, name: flavor.name, vcpus: flavor.vcpus, ramMiB: flavor.ramMiB, diskGiB: flavor.diskGiB, ephemeralGiB: flavor.ephemeralGiB, swapMiB: flavor.swapMiB, extraSpecs: flavor.extraSpecs },
          vmState: 'stopped',
          powerState: 4,
          vcpus: flavor.vcpus,
          ramMiB: flavor.ramMiB,
          diskGiB: flavor.diskGiB,
          libvirtDomainName: name,
          libvirtDomainUuid: uuid,
          origin: 'created',
        });
        inventory.store.instances.update(uuid, { volumes });
        cleanups.push(async () => {
          await undefineQuietly(conn(opts.host), name);
          // The session's connection now (the one this instance was made on may have been replaced since).
          const now = await conn(opts.host);
          for (const v of [...volumes, { pool: opts.pool, name: `${uuid}_disk.resize`, role: 'resize-backup' as const }]) {
            await now.storage.lookupVolByName(pool, v.name).then((vol) => now.storage.deleteVol(vol)).catch(() => undefined);
          }
        });
        const dom = await c.domains.define(
          buildDomainXml({
            name,
            uuid,
            type: opts.domainType,
            vcpus: flavor.vcpus,
            memoryMiB: flavor.ramMiB,
            arch: 'x86_64',
            disks,
            interfaces: [],
            metadata: { uuid, name, project: 'admin', flavor: { name: flavor.name, vcpus: flavor.vcpus, ram: flavor.ramMiB, disk: flavor.diskGiB, ephemeral: flavor.ephemeralGiB, swap: flavor.swapMiB }, createdBy: 'vd-compute-test' },
            ...opts.extra,
          }),
        );
        if (opts.start === true) {
          await c.domains.create(dom);
          inventory.store.instances.update(uuid, { vmState: 'active', powerState: 1 });
        }
        return inventory.store.instances.get(uuid) as InstanceRecord;
      },
    };
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await started?.stop();
    opened?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (fixture === undefined) throw new Error('the compute fixture is not ready: beforeAll failed');
    return fixture;
  };
}

/** Remove a domain the test made, if it is still there. */
async function undefineQuietly(connection: Promise<LibvirtConnection>, name: string): Promise<void> {
  const c = await connection;
  try {
    const dom = await c.domains.lookupByName(name);
    await c.domains.destroy(dom).catch(() => undefined);
    await c.domains.undefine(dom, { flags: UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA });
  } catch (error) {
    if (!isLibvirtError(error)) throw error;
  }
}

/** A test-driver domain, optionally with disks on pool volumes. */
export function testDomainXml(name: string, options: { readonly memoryMiB?: number; readonly vcpus?: number; readonly disks?: readonly { readonly pool: string; readonly volume: string; readonly device?: 'disk' | 'cdrom' }[] } = {}): string {
  const disks = (options.disks ?? [])
    .map(
      (d, i) =>
        `<disk type='volume' device='${d.device ?? 'disk'}'><driver name='qemu' type='${d.device === 'cdrom' ? 'raw' : 'qcow2'}'/><source pool='${d.pool}' volume='${d.volume}'/><target dev='vd${String.fromCharCode(97 + i)}' bus='virtio'/></disk>`,
    )
    .join('');
  return `<domain type='test'><name>${name}</name><memory unit='MiB'>${options.memoryMiB ?? 128}</memory><vcpu>${options.vcpus ?? 1}</vcpu><os><type>hvm</type></os><devices>${disks}</devices></domain>`;
}
