import { randomUUID } from 'node:crypto';
import { AlreadyExistsError, InUseError, NotFoundError } from '../errors';
import type { HostAuth, HostFacts, HostOvercommit, HostRecord, HostStatus } from '../model';
import type { HostPatch, HostRepository } from '../repositories';
import {
  allRows,
  isForeignKeyViolation,
  isUniqueViolation,
  num,
  numberOrUndefined,
  oneRow,
  parseObject,
  parseStringList,
  parseStringMap,
  text,
  textOrNull,
  toFlag,
  type Row,
  type SqliteContext,
} from './rows';

/** SQLite implementation of {@link HostRepository}. */
export function sqliteHosts({ db, now }: SqliteContext): HostRepository {
  const byId = db.prepare('SELECT * FROM hosts WHERE id = ?');
  const byName = db.prepare('SELECT * FROM hosts WHERE name = ?');
  const all = db.prepare('SELECT * FROM hosts ORDER BY name');
  const changed = db.prepare('SELECT * FROM hosts WHERE updated_at >= ? ORDER BY updated_at, id');
  const aggregatesOf = allRows(
    db.prepare('SELECT a.name, a.metadata_json FROM aggregates a JOIN aggregate_hosts ah ON ah.aggregate_id = a.id WHERE ah.host_id = ? ORDER BY a.name'),
    (a) => ({ name: text(a, 'name'), metadata: parseStringMap(a['metadata_json']) }),
  );
  const insert = db.prepare(
    `INSERT INTO hosts (id, name, uri, auth_json, availability_zone, tags_json, enabled, facts_json, facts_updated_at,
       cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio, reserved_vcpus, reserved_ram_mib,
       reserved_disk_gib, storage_pool, default_network, created_at, updated_at)
     VALUES (@id, @name, @uri, @auth, @zone, @tags, @enabled, @facts, @factsAt, @cpuRatio, @ramRatio, @diskRatio,
       @reservedVcpus, @reservedRam, @reservedDisk, @storagePool, @defaultNetwork, @at, @at)`,
  );
  const update = db.prepare(
    `UPDATE hosts SET name = @name, uri = @uri, auth_json = @auth, enabled = @enabled, disabled_reason = @disabledReason, status = @status, status_reason = @statusReason,
       last_seen_at = @lastSeenAt, next_retry_at = @nextRetryAt, facts_json = @facts, facts_updated_at = @factsAt, availability_zone = @zone,
       tags_json = @tags, cpu_allocation_ratio = @cpuRatio, ram_allocation_ratio = @ramRatio,
       disk_allocation_ratio = @diskRatio, reserved_vcpus = @reservedVcpus, reserved_ram_mib = @reservedRam,
       reserved_disk_gib = @reservedDisk, storage_pool = @storagePool, default_network = @defaultNetwork, updated_at = @at
     WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM hosts WHERE id = ?');

  const toHost = (row: Row): HostRecord => {
    const id = text(row, 'id');
    return {
      id,
      name: text(row, 'name'),
      uri: text(row, 'uri'),
      auth: parseObject(row['auth_json']) as HostAuth,
      availabilityZone: textOrNull(row['availability_zone']),
      tags: parseStringList(row['tags_json']),
      aggregates: aggregatesOf(id),
      enabled: num(row, 'enabled') === 1,
      disabledReason: textOrNull(row['disabled_reason']),
      status: text(row, 'status') as HostStatus,
      statusReason: textOrNull(row['status_reason']),
      lastSeenAt: textOrNull(row['last_seen_at']),
      nextRetryAt: textOrNull(row['next_retry_at']),
      facts: parseObject(row['facts_json']) as HostFacts,
      factsUpdatedAt: textOrNull(row['facts_updated_at']),
      overcommit: dropUndefined({
        cpuAllocationRatio: numberOrUndefined(row['cpu_allocation_ratio']),
        ramAllocationRatio: numberOrUndefined(row['ram_allocation_ratio']),
        diskAllocationRatio: numberOrUndefined(row['disk_allocation_ratio']),
        reservedVcpus: numberOrUndefined(row['reserved_vcpus']),
        reservedRamMiB: numberOrUndefined(row['reserved_ram_mib']),
        reservedDiskGiB: numberOrUndefined(row['reserved_disk_gib']),
      }),
      storagePool: textOrNull(row['storage_pool']),
      defaultNetwork: textOrNull(row['default_network']),
      createdAt: text(row, 'created_at'),
      updatedAt: text(row, 'updated_at'),
    };
  };
  const get = oneRow(byId, toHost);

  return {
    list: allRows(all, toHost),
    changedSince: allRows(changed, toHost),
    get,
    getByName: oneRow(byName, toHost),
    insert(host) {
      const id = randomUUID();
      const at = now();
      try {
        insert.run({
          id,
          name: host.name,
          uri: host.uri,
          auth: JSON.stringify(host.auth ?? {}),
          zone: host.availabilityZone ?? null,
          tags: JSON.stringify(host.tags ?? []),
          enabled: toFlag(host.enabled ?? true),
          facts: JSON.stringify(host.facts ?? {}),
          factsAt: host.facts ? at : null,
          ...overcommitParams(host.overcommit ?? {}),
          storagePool: host.storagePool ?? null,
          defaultNetwork: host.defaultNetwork ?? null,
          at,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Host', `${host.name} (${host.uri})`);
        throw error;
      }
      return get(id) as HostRecord;
    },
    update(id, patch) {
      const current = get(id);
      if (!current) throw new NotFoundError('Host', id);
      const at = now();
      try {
        update.run({ id, at, ...mergePatch(current, patch, at) });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Host', `${patch.name ?? current.name} (${patch.uri ?? current.uri})`);
        throw error;
      }
      return get(id) as HostRecord;
    },
    delete(id) {
      try {
        remove.run(id);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new InUseError(`Host ${get(id)?.name ?? id} still has instances`);
        throw error;
      }
    },
  };
}

function mergePatch(current: HostRecord, patch: HostPatch, at: string): Record<string, unknown> {
  return {
    name: patch.name ?? current.name,
    uri: patch.uri ?? current.uri,
    auth: JSON.stringify(patch.auth ?? current.auth),
    enabled: toFlag(patch.enabled ?? current.enabled),
    disabledReason: patch.disabledReason !== undefined ? patch.disabledReason : current.disabledReason,
    status: patch.status ?? current.status,
    statusReason: patch.statusReason !== undefined ? patch.statusReason : current.statusReason,
    lastSeenAt: patch.lastSeenAt !== undefined ? patch.lastSeenAt : current.lastSeenAt,
    nextRetryAt: patch.nextRetryAt !== undefined ? patch.nextRetryAt : current.nextRetryAt,
    facts: JSON.stringify(patch.facts ?? current.facts),
    factsAt: patch.facts ? at : current.factsUpdatedAt,
    zone: patch.availabilityZone !== undefined ? patch.availabilityZone : current.availabilityZone,
    tags: JSON.stringify(patch.tags ?? current.tags),
    ...overcommitParams(patch.overcommit ?? current.overcommit),
    storagePool: patch.storagePool !== undefined ? patch.storagePool : current.storagePool,
    defaultNetwork: patch.defaultNetwork !== undefined ? patch.defaultNetwork : current.defaultNetwork,
  };
}

function overcommitParams(o: HostOvercommit): Record<string, number | null> {
  return {
    cpuRatio: o.cpuAllocationRatio ?? null,
    ramRatio: o.ramAllocationRatio ?? null,
    diskRatio: o.diskAllocationRatio ?? null,
    reservedVcpus: o.reservedVcpus ?? null,
    reservedRam: o.reservedRamMiB ?? null,
    reservedDisk: o.reservedDiskGiB ?? null,
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
