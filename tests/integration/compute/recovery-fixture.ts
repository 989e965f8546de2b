// Half-built situations made for real on the lab's hosts: inventory rows as the create flow leaves them when its
// process dies, and the domains and volumes it had made by then.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { UploadRowStore, UploadRow } from '../../../main/compute/recovery';
import type { HostRecord, InstanceRecord, InstanceVolume, VmState } from '../../../main/inventory/model';
import type { SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { isNoDomain, ListPoolsFlags, type LibvirtConnection } from '../../../main/libvirt';
import { buildDomainXml, buildVolumeXml } from '../../../main/xml';

/**
 * The owner of a process that has exited: a child is started, reports its pid and start time the way the app
 * records an owner, and ends. A task with this owner is one whose process died.
 */
export function deadOwner(): string {
  const stat = execFileSync(process.execPath, ['-e', "process.stdout.write(require('fs').readFileSync('/proc/self/stat','latin1'))"], { encoding: 'latin1' });
  const pid = stat.slice(0, stat.indexOf(' '));
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  return `${pid}:${start}@${hostname()}`;
}

/** One lab host as the test uses it. */
export interface LabTarget {
  readonly host: HostRecord;
  readonly conn: LibvirtConnection;
  readonly pool: string;
  readonly domainType: 'qemu' | 'test';
}

/** What an instance row under test starts as. */
export interface RowSpec {
  readonly name: string;
  readonly vmState: Exclude<VmState, 'deleted'>;
  readonly taskState: string | null;
  readonly owner: string | null;
  readonly origin?: 'created' | 'adopted';
  readonly powerState?: 0 | 1 | 4;
  readonly volumeNames?: readonly string[];
  readonly action?: string;
}

/** Insert an instance row as the create flow writes it (domain UUID = instance UUID, recorded before define), with its open action. */
export function insertRow(store: SqliteInventoryStore, target: LabTarget, spec: RowSpec): InstanceRecord {
  const uuid = randomUUID();
  const project = store.projects.getByName('admin');
  if (project === undefined) throw new Error('no admin project');
  store.instances.insert({
    uuid,
    name: spec.name,
    projectId: project.id,
    hostId: target.host.id,
    vmState: spec.vmState,
    taskState: spec.taskState,
    powerState: spec.powerState ?? 0,
    vcpus: 1,
    ramMiB: 64,
    diskGiB: 1,
    origin: spec.origin ?? 'created',
    taskOwner: spec.owner,
    libvirtDomainName: spec.name,
    libvirtDomainUuid: uuid,
  });
  const volumes: InstanceVolume[] = (spec.volumeNames ?? []).map((name) => ({ pool: target.pool, name: name.replace('<uuid>', uuid), role: name.endsWith('.config') ? 'config' : 'root' }));
  store.instances.update(uuid, { volumes, buildAttempts: [{ host: target.host.name, explanation: 'test', startedAt: new Date().toISOString(), fault: null }] });
  store.instanceActions.start({ instanceUuid: uuid, requestId: `req-${uuid}`, action: spec.action ?? 'create', projectId: project.id });
  return store.instances.get(uuid) as InstanceRecord;
}

/** Create a small volume in the target's pool. */
export async function makeVolume(target: LabTarget, name: string): Promise<void> {
  const pool = await target.conn.storage.lookupPoolByName(target.pool);
  await target.conn.storage.createVolXml(pool, buildVolumeXml({ name, capacityBytes: 1024 * 1024, format: 'qcow2' }));
}

/** Define a domain (started when asked) with the instance's UUID, carrying our metadata unless `metadata: false`. */
export async function defineDomain(target: LabTarget, uuid: string, name: string, options: { start?: boolean; metadata?: boolean; metadataUuid?: string } = {}): Promise<void> {
  const xml = buildDomainXml({
    name,
    uuid,
    type: target.domainType,
    vcpus: 1,
    memoryMiB: 64,
    arch: target.domainType === 'qemu' ? 'x86_64' : 'i686',
    disks: [],
    interfaces: [],
    graphics: null,
    serialConsole: null,
    ...(options.metadata === false
      ? {}
      : { metadata: { uuid: options.metadataUuid ?? uuid, name, project: 'admin', flavor: { name: 'm1.tiny', vcpus: 1, ram: 64, disk: 1, ephemeral: 0, swap: 0 } } }),
  });
  const dom = await target.conn.domains.define(xml);
  if (options.start === true) await target.conn.domains.create(dom);
}

/** Whether a domain with this UUID is defined on the target. */
export async function domainExists(target: LabTarget, uuid: string): Promise<boolean> {
  try {
    await target.conn.domains.lookupByUuid(uuid);
    return true;
  } catch (error) {
    if (isNoDomain(error)) return false;
    throw error;
  }
}

/** Names of every volume in the target's active pools. */
export async function volumeNames(target: LabTarget): Promise<string[]> {
  const pools = await target.conn.storage.listPools({ flags: ListPoolsFlags.ACTIVE });
  const lists = await Promise.all(pools.map(async (pool) => (await target.conn.storage.listVolumes(pool)).map((vol) => vol.name)));
  return lists.flat();
}

/** Remove whatever a test left: domains by UUID, volumes by name prefix. Errors are ignored (already gone). */
export async function removeLeftovers(target: LabTarget, uuids: readonly string[], volumePrefixes: readonly string[]): Promise<void> {
  for (const uuid of uuids) {
    try {
      const dom = await target.conn.domains.lookupByUuid(uuid);
      await target.conn.domains.destroy(dom).catch(() => undefined);
      await target.conn.domains.undefine(dom, { flags: 3 }).catch(() => undefined);
    } catch {
      // not there
    }
  }
  const pool = await target.conn.storage.lookupPoolByName(target.pool);
  for (const vol of await target.conn.storage.listVolumes(pool)) {
    if (volumePrefixes.some((prefix) => vol.name.startsWith(prefix))) await target.conn.storage.deleteVol(vol).catch(() => undefined);
  }
}

/**
 * The image cache rows, read and written with SQL on the test's own inventory file (the images area brings the
 * repository; recovery only needs this much of it).
 */
export function sqlUploadRows(store: SqliteInventoryStore): UploadRowStore {
  const toRow = (row: Record<string, unknown>): UploadRow => ({
    imageId: String(row['image_id']),
    hostId: String(row['host_id']),
    pool: String(row['pool']),
    volumeName: String(row['volume_name']),
    status: row['status'] === 'ready' ? 'ready' : 'uploading',
    owner: typeof row['owner'] === 'string' ? row['owner'] : null,
  });
  return {
    list: (filter) =>
      (store.db.prepare('SELECT * FROM image_host_cache WHERE (@hostId IS NULL OR host_id = @hostId) AND (@status IS NULL OR status = @status)').all({ hostId: filter.hostId ?? null, status: filter.status ?? null }) as Record<string, unknown>[]).map(toRow),
    takeOver: (imageId, hostId, from, to) =>
      store.db.prepare("UPDATE image_host_cache SET owner = ? WHERE image_id = ? AND host_id = ? AND status = 'uploading' AND owner IS ?").run(to, imageId, hostId, from).changes === 1,
    delete: (imageId, hostId, owner) =>
      (owner === undefined
        ? store.db.prepare('DELETE FROM image_host_cache WHERE image_id = ? AND host_id = ?').run(imageId, hostId)
        : store.db.prepare('DELETE FROM image_host_cache WHERE image_id = ? AND host_id = ? AND owner = ?').run(imageId, hostId, owner)
      ).changes === 1,
  };
}

/** An image row and an `uploading` cache row for it on the target, owned by `owner`. */
export function insertUpload(store: SqliteInventoryStore, target: LabTarget, volumeName: string, owner: string): string {
  const imageId = randomUUID();
  const at = new Date().toISOString();
  store.db.prepare("INSERT INTO images (id, name, status, disk_format, created_at, updated_at) VALUES (?, ?, 'active', 'qcow2', ?, ?)").run(imageId, `vd-lab-image-${imageId.slice(0, 8)}`, at, at);
  store.db
    .prepare("INSERT INTO image_host_cache (image_id, host_id, pool, volume_name, format, status, owner, heartbeat_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'qcow2', 'uploading', ?, ?, ?, ?)")
    .run(imageId, target.host.id, target.pool, volumeName, owner, at, at, at);
  return imageId;
}
