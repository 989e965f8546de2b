import { randomUUID } from 'node:crypto';
import { AlreadyExistsError, InvalidInputError, NotFoundError, UnexpectedTaskStateError } from '../errors';
import type { BuildAttempt, InstanceFault, InstanceRecord, InstanceUsage, InstanceVolume, PowerState, VmState } from '../model';
import type { InstancePatch, InstanceRepository, InstanceSyncRow } from '../repositories';
import { allRows, isUniqueViolation, num, oneRow, parseObject, parseStringMap, text, textOrNull, type Row, type SqliteContext } from './rows';

const EMPTY_USAGE: InstanceUsage = Object.freeze({ instances: 0, vcpus: 0, ramMiB: 0, diskGiB: 0 });

/** SQLite implementation of {@link InstanceRepository}. */
export function sqliteInstances({ db, now }: SqliteContext): InstanceRepository {
  const byUuid = db.prepare('SELECT * FROM instances WHERE uuid = ?');
  const uuidTaken = db.prepare('SELECT 1 FROM instances WHERE uuid = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO instances (uuid, name, project_id, user_id, host_id, availability_zone, flavor_id, flavor_json, image_id,
       vm_state, task_state, power_state, locked, locked_reason, vcpus, ram_mib, disk_gib, libvirt_domain_name,
       libvirt_domain_uuid, request_id, launch_index, metadata_json, addresses_json, fault_json, launched_at,
       terminated_at, deleted_at, created_at, updated_at, origin, description, key_name, user_data, network, task_owner)
     VALUES (@uuid, @name, @project_id, @user_id, @host_id, @availability_zone, @flavor_id, @flavor_json, @image_id,
       @vm_state, @task_state, @power_state, @locked, @locked_reason, @vcpus, @ram_mib, @disk_gib, @libvirt_domain_name,
       @libvirt_domain_uuid, @request_id, @launch_index, @metadata_json, @addresses_json, @fault_json, @launched_at,
       @terminated_at, @deleted_at, @created_at, @updated_at, @origin, @description, @key_name, @user_data, @network,
       @task_owner)`,
  );
  const softDelete = db.prepare(
    `UPDATE instances SET vm_state = 'deleted', task_state = NULL, deleted_at = @at, terminated_at = coalesce(terminated_at, @at),
       updated_at = @at
     WHERE uuid = @uuid AND deleted_at IS NULL`,
  );
  // Uses the partial index on reclaim_at (live rows only).
  const dueForReclaim = db
    .prepare(`SELECT uuid FROM instances WHERE reclaim_at IS NOT NULL AND deleted_at IS NULL AND reclaim_at <= ? AND vm_state = 'soft-delete' ORDER BY reclaim_at, uuid`)
    .pluck();
  const leaveGroups = db.prepare('DELETE FROM server_group_members WHERE instance_uuid = ?');
  // Both sums use the partial indexes on live rows (deleted_at IS NULL).
  const projectUsage = db.prepare(
    `SELECT count(*) AS instances, coalesce(sum(vcpus), 0) AS vcpus, coalesce(sum(ram_mib), 0) AS ram_mib,
       coalesce(sum(disk_gib), 0) AS disk_gib
     FROM instances WHERE project_id = ? AND deleted_at IS NULL`,
  );
  const hostUsage = db.prepare(
    `SELECT host_id, count(*) AS instances, sum(vcpus) AS vcpus, sum(ram_mib) AS ram_mib, sum(disk_gib) AS disk_gib
     FROM instances WHERE deleted_at IS NULL AND host_id IS NOT NULL GROUP BY host_id`,
  );
  const liveOnHosts = db.prepare(
    'SELECT host_id, uuid FROM instances WHERE deleted_at IS NULL AND host_id IS NOT NULL ORDER BY host_id, created_at, uuid',
  );
  const syncRows = db.prepare(
    `SELECT uuid, name, vm_state, task_state, power_state, fault_json, launched_at, libvirt_domain_name, libvirt_domain_uuid,
       origin, updated_at, addresses_json <> '{}' AS has_addresses
     FROM instances WHERE host_id = ? AND deleted_at IS NULL AND libvirt_domain_uuid IS NOT NULL`,
  );
  const domainUuids = db
    .prepare('SELECT libvirt_domain_uuid FROM instances WHERE host_id = ? AND deleted_at IS NULL AND libvirt_domain_uuid IS NOT NULL')
    .pluck();
  const domainVersions = db.prepare(
    'SELECT libvirt_domain_uuid, updated_at FROM instances WHERE host_id = ? AND deleted_at IS NULL AND libvirt_domain_uuid IS NOT NULL',
  ).raw();
  // Uses the partial index instances_with_task.
  const withTask = db.prepare('SELECT * FROM instances WHERE task_state IS NOT NULL AND deleted_at IS NULL ORDER BY created_at, uuid');
  const byDomain = db.prepare('SELECT * FROM instances WHERE host_id = ? AND libvirt_domain_uuid = ? AND deleted_at IS NULL');
  const changed = db.prepare('SELECT * FROM instances WHERE updated_at >= ? ORDER BY updated_at, uuid');
  const releaseHost = db.prepare('UPDATE instances SET host_id = NULL, updated_at = @at WHERE host_id = @hostId AND deleted_at IS NOT NULL');
  const get = oneRow(byUuid, toInstance);
  const updates = new Map<string, ReturnType<typeof db.prepare>>();
  /** One prepared UPDATE per set of patched columns (a handful of shapes in practice). */
  const updateStatement = (columns: readonly string[]) => {
    const key = columns.join(',');
    let statement = updates.get(key);
    if (statement === undefined) {
      const sets = columns.map((column) => `${column} = @${column}`).join(', ');
      statement = db.prepare(`UPDATE instances SET ${sets}, updated_at = @updated_at WHERE uuid = @uuid AND deleted_at IS NULL`);
      updates.set(key, statement);
    }
    return statement;
  };

  return {
    get,
    findByDomain: oneRow(byDomain, toInstance),
    exists: (uuid) => uuidTaken.get(uuid) !== undefined,
    syncRowsOnHost: allRows(syncRows, toSyncRow),
    domainUuidsOnHost: (hostId) => domainUuids.all(hostId) as string[],
    domainVersionsOnHost: (hostId) => new Map(domainVersions.all(hostId) as [string, string][]),
    withTask: (hostId) => (withTask.all() as Row[]).map(toInstance).filter((instance) => hostId === undefined || instance.hostId === hostId),
    update(uuid, patch, guard) {
      const current = get(uuid);
      if (!current) throw new NotFoundError('Instance', uuid);
      if (current.deletedAt !== null) throw new InvalidInputError(`Instance ${current.name} (${uuid}) is deleted and cannot change`);
      const expected = guard?.expectedTaskState;
      // better-sqlite3 is synchronous and the caller holds the write transaction, so read-then-write is atomic.
      if (expected !== undefined && !expected.includes(current.taskState)) throw new UnexpectedTaskStateError(uuid, expected, current.taskState);
      const columns = patchColumns(patch);
      const names = Object.keys(columns);
      if (names.length === 0) return current;
      updateStatement(names).run({ ...columns, uuid, updated_at: now() });
      return get(uuid) as InstanceRecord;
    },
    changedSince: allRows(changed, toInstance),
    releaseHost(hostId) {
      releaseHost.run({ hostId, at: now() });
    },
    list(filter = {}) {
      const where: string[] = [];
      const params: string[] = [];
      if (!filter.includeDeleted) where.push('deleted_at IS NULL');
      if (filter.projectId !== undefined) {
        where.push('project_id = ?');
        params.push(filter.projectId);
      }
      if (filter.hostId !== undefined) {
        where.push('host_id = ?');
        params.push(filter.hostId);
      }
      const sql = `SELECT * FROM instances ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, launch_index, uuid`;
      return (db.prepare(sql).all(...params) as Row[]).map(toInstance);
    },
    insert(instance) {
      const uuid = instance.uuid ?? randomUUID();
      // The row as stored, also returned as is: mapped like a read (toInstance), without reading it back, since
      // adoption inserts thousands at a time.
      const row: Row = {
        uuid,
        name: instance.name,
        project_id: instance.projectId,
        user_id: instance.userId ?? null,
        host_id: instance.hostId,
        availability_zone: instance.availabilityZone ?? null,
        flavor_id: instance.flavorId ?? null,
        flavor_json: JSON.stringify(instance.flavor ?? {}),
        image_id: instance.imageId ?? null,
        vm_state: instance.vmState,
        task_state: instance.taskState ?? null,
        power_state: instance.powerState ?? 0,
        locked: 0,
        locked_reason: null,
        vcpus: instance.vcpus,
        ram_mib: instance.ramMiB,
        disk_gib: instance.diskGiB,
        libvirt_domain_name: instance.libvirtDomainName ?? null,
        libvirt_domain_uuid: instance.libvirtDomainUuid ?? null,
        request_id: instance.requestId ?? null,
        launch_index: instance.launchIndex ?? 0,
        metadata_json: JSON.stringify(instance.metadata ?? {}),
        addresses_json: '{}',
        fault_json: null,
        launched_at: instance.launchedAt ?? null,
        terminated_at: null,
        deleted_at: null,
        created_at: now(),
        origin: instance.origin ?? 'adopted',
        description: instance.description ?? null,
        key_name: instance.keyName ?? null,
        user_data: instance.userData ?? null,
        network: instance.network ?? null,
        task_owner: instance.taskOwner ?? null,
        volumes_json: '[]',
        reclaim_at: null,
        build_attempts_json: '[]',
        previous_flavor_json: null,
      };
      row['updated_at'] = row['created_at'];
      try {
        insert.run(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Instance', uuid);
        throw error;
      }
      return toInstance(row);
    },
    softDelete(uuid) {
      if (softDelete.run({ uuid, at: now() }).changes === 0 && !get(uuid)) throw new NotFoundError('Instance', uuid);
      // As Nova does on delete: a deleted instance no longer counts for its group's (anti-)affinity.
      leaveGroups.run(uuid);
    },
    reclaimDue: (now) => dueForReclaim.all(now) as string[],
    usageOfProject(projectId) {
      const row = projectUsage.get(projectId) as Row | undefined;
      return row ? toUsage(row) : EMPTY_USAGE;
    },
    usageByHost() {
      const out = new Map<string, InstanceUsage>();
      for (const row of hostUsage.all() as Row[]) out.set(text(row, 'host_id'), toUsage(row));
      return out;
    },
    liveInstancesByHost() {
      const out = new Map<string, string[]>();
      for (const row of liveOnHosts.all() as Row[]) {
        const host = text(row, 'host_id');
        const list = out.get(host) ?? [];
        list.push(text(row, 'uuid'));
        out.set(host, list);
      }
      return out;
    },
  };
}

/** Column values of a patch; absent fields are left out so they keep their value. */
function patchColumns(patch: InstancePatch): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const set = (column: string, value: string | number | null | undefined) => {
    if (value !== undefined) out[column] = value;
  };
  set('name', patch.name);
  set('project_id', patch.projectId);
  set('host_id', patch.hostId);
  set('vm_state', patch.vmState);
  set('task_state', patch.taskState);
  set('power_state', patch.powerState);
  set('vcpus', patch.vcpus);
  set('ram_mib', patch.ramMiB);
  set('disk_gib', patch.diskGiB);
  set('libvirt_domain_name', patch.libvirtDomainName);
  set('libvirt_domain_uuid', patch.libvirtDomainUuid);
  set('addresses_json', patch.addresses === undefined ? undefined : JSON.stringify(patch.addresses));
  set('fault_json', patch.fault === undefined ? undefined : patch.fault === null ? null : JSON.stringify(patch.fault));
  set('launched_at', patch.launchedAt);
  set('terminated_at', patch.terminatedAt);
  set('locked', patch.locked === undefined ? undefined : patch.locked ? 1 : 0);
  set('locked_reason', patch.lockedReason);
  set('flavor_id', patch.flavorId);
  set('flavor_json', json(patch.flavor));
  set('metadata_json', json(patch.metadata));
  set('availability_zone', patch.availabilityZone);
  set('description', patch.description);
  set('network', patch.network);
  set('volumes_json', json(patch.volumes));
  set('task_owner', patch.taskOwner);
  set('reclaim_at', patch.reclaimAt);
  set('build_attempts_json', json(patch.buildAttempts));
  set('previous_flavor_json', patch.previousFlavor === null ? null : json(patch.previousFlavor));
  return out;
}

/** A JSON column value, or undefined to leave the column alone. */
function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/** A JSON array column back to an array (the columns are CHECKed to be valid JSON). */
function parseArray<T>(text: unknown): T[] {
  if (typeof text !== 'string') return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as T[]) : [];
}

function toSyncRow(row: Row): InstanceSyncRow {
  return {
    uuid: text(row, 'uuid'),
    name: text(row, 'name'),
    vmState: text(row, 'vm_state') as VmState,
    taskState: textOrNull(row['task_state']),
    powerState: num(row, 'power_state') as PowerState,
    fault: row['fault_json'] === null ? null : (parseObject(row['fault_json']) as unknown as InstanceFault),
    launchedAt: textOrNull(row['launched_at']),
    libvirtDomainName: textOrNull(row['libvirt_domain_name']),
    libvirtDomainUuid: text(row, 'libvirt_domain_uuid'),
    origin: row['origin'] === 'created' ? 'created' : 'adopted',
    updatedAt: text(row, 'updated_at'),
    hasAddresses: num(row, 'has_addresses') === 1,
  };
}

function toUsage(row: Row): InstanceUsage {
  return { instances: num(row, 'instances'), vcpus: num(row, 'vcpus'), ramMiB: num(row, 'ram_mib'), diskGiB: num(row, 'disk_gib') };
}

function toInstance(row: Row): InstanceRecord {
  const fault = row['fault_json'] === null ? null : (parseObject(row['fault_json']) as unknown as InstanceFault);
  return {
    uuid: text(row, 'uuid'),
    name: text(row, 'name'),
    projectId: text(row, 'project_id'),
    userId: textOrNull(row['user_id']),
    hostId: textOrNull(row['host_id']),
    availabilityZone: textOrNull(row['availability_zone']),
    flavorId: textOrNull(row['flavor_id']),
    flavor: parseObject(row['flavor_json']),
    imageId: textOrNull(row['image_id']),
    vmState: text(row, 'vm_state') as VmState,
    taskState: textOrNull(row['task_state']),
    powerState: num(row, 'power_state') as PowerState,
    locked: num(row, 'locked') === 1,
    lockedReason: textOrNull(row['locked_reason']),
    vcpus: num(row, 'vcpus'),
    ramMiB: num(row, 'ram_mib'),
    diskGiB: num(row, 'disk_gib'),
    libvirtDomainName: textOrNull(row['libvirt_domain_name']),
    libvirtDomainUuid: textOrNull(row['libvirt_domain_uuid']),
    requestId: textOrNull(row['request_id']),
    launchIndex: num(row, 'launch_index'),
    metadata: parseStringMap(row['metadata_json']),
    addresses: parseObject(row['addresses_json']),
    fault,
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
    launchedAt: textOrNull(row['launched_at']),
    terminatedAt: textOrNull(row['terminated_at']),
    deletedAt: textOrNull(row['deleted_at']),
    origin: row['origin'] === 'created' ? 'created' : 'adopted',
    description: textOrNull(row['description']),
    keyName: textOrNull(row['key_name']),
    userData: textOrNull(row['user_data']),
    network: textOrNull(row['network']),
    volumes: parseArray<InstanceVolume>(row['volumes_json']),
    taskOwner: textOrNull(row['task_owner']),
    reclaimAt: textOrNull(row['reclaim_at']),
    buildAttempts: parseArray<BuildAttempt>(row['build_attempts_json']),
    previousFlavor: row['previous_flavor_json'] === null || row['previous_flavor_json'] === undefined ? null : parseObject(row['previous_flavor_json']),
  };
}
