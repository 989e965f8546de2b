import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, InventoryError, MigrationError } from '../../../main/inventory/errors';
import { openSqliteInventory } from '../../../main/inventory/sqlite/database';
import { checkMigrationList, MIGRATIONS, SCHEMA_VERSION, userVersion, type Migration } from '../../../main/inventory/sqlite/migrations';
import { CLASSIC_FLAVORS } from '../../../main/inventory/sqlite/seed';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';
import { useTempDirs } from './helpers';

describe('opening the inventory', () => {
  const tempDir = useTempDirs();

  it('creates the file with WAL, synchronous=FULL, foreign keys and the latest schema', () => {
    const db = openSqliteInventory({ file: join(tempDir(), 'nested', 'dir', 'inv.sqlite3') });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      expect(userVersion(db)).toBe(SCHEMA_VERSION);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('seeds admin, unassigned and the classic flavors once', () => {
    const file = join(tempDir(), 'inv.sqlite3');
    const store = openSqliteStore({ file });
    expect(store.projects.list().map((p) => p.name)).toEqual(['admin', 'unassigned']);
    expect(store.flavors.list().map((f) => [f.id, f.name, f.vcpus, f.ramMiB, f.diskGiB])).toEqual([
      ['1', 'm1.tiny', 1, 512, 1],
      ['2', 'm1.small', 1, 2048, 20],
      ['3', 'm1.medium', 2, 4096, 40],
      ['4', 'm1.large', 4, 8192, 80],
      ['5', 'm1.xlarge', 8, 16384, 160],
    ]);
    expect(CLASSIC_FLAVORS).toHaveLength(5);
    // Adopted domains must never look over quota.
    const unassigned = store.projects.getByName('unassigned');
    expect(store.quotas.overrides(unassigned?.id ?? '')).toEqual({ instances: -1, cores: -1, ram: -1, disk: -1 });
    store.flavors.delete('1');
    store.close();

    const again = openSqliteStore({ file });
    expect(again.flavors.getByName('m1.tiny')).toBeUndefined();
    expect(again.projects.list()).toHaveLength(2);
    again.close();
  });

  it('refuses a database written by a newer Virt Deck, naming both versions', () => {
    const file = join(tempDir(), 'inv.sqlite3');
    openSqliteInventory({ file }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openSqliteInventory({ file })).toThrow(DatabaseTooNewError);
    expect(() => openSqliteInventory({ file })).toThrow(
      `has schema version ${SCHEMA_VERSION + 5}, but this Virt Deck only knows versions up to ${SCHEMA_VERSION}`,
    );
  });

  it('reports a file that is not a database instead of crashing', () => {
    const file = join(tempDir(), 'inv.sqlite3');
    writeFileSync(file, 'this is not sqlite, just text that is long enough to have a header '.repeat(20));
    expect(() => openSqliteInventory({ file })).toThrow(InventoryError);
    expect(() => openSqliteInventory({ file })).toThrow(/Cannot open inventory .*: file is not a database/);
  });
});

describe('migrations', () => {
  const tempDir = useTempDirs();
  const base = MIGRATIONS[0] as Migration;

  it('are numbered 1, 2, 3… without gaps', () => {
    expect(() => checkMigrationList(MIGRATIONS)).not.toThrow();
    expect(() => checkMigrationList([base, { ...base, version: 3 }])).toThrow(/entry 1 has version 3, expected 2/);
  });

  it('applies only pending steps, each in its own transaction', () => {
    const file = join(tempDir(), 'inv.sqlite3');
    openSqliteInventory({ file, migrations: [base] }).close();
    const second: Migration = { version: 2, name: 'add notes', up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)') };
    const db = openSqliteInventory({ file, migrations: [base, second] });
    expect(userVersion(db)).toBe(2);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'notes'").get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM projects').get()).toEqual({ n: 2 }); // not seeded twice
    db.close();
  });

  it('roll a failed step back entirely and leave the version where it was', () => {
    const file = join(tempDir(), 'inv.sqlite3');
    openSqliteInventory({ file, migrations: [base] }).close();
    const broken: Migration = {
      version: 2,
      name: 'half done',
      up(db) {
        db.exec('CREATE TABLE half (id INTEGER)');
        throw new Error('disk on fire');
      },
    };
    expect(() => openSqliteInventory({ file, migrations: [base, broken] })).toThrow(MigrationError);
    expect(() => openSqliteInventory({ file, migrations: [base, broken] })).toThrow(
      /migration 2 \(half done\) failed, database left at version 1: disk on fire/,
    );
    const raw = new Database(file);
    expect(userVersion(raw)).toBe(1);
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'").get()).toEqual({ n: 0 });
    raw.close();
  });

  it('refuse to commit a step that leaves foreign keys dangling', () => {
    const file = join(tempDir(), 'inv.sqlite3');
    openSqliteInventory({ file, migrations: [base] }).close();
    const dangling: Migration = {
      version: 2,
      name: 'orphan quota',
      up: (db) => db.exec("INSERT INTO quotas (project_id, resource, hard_limit, updated_at) VALUES ('nope', 'cores', 1, 'x')"),
    };
    expect(() => openSqliteInventory({ file, migrations: [base, dangling] })).toThrow(/foreign key violation/);
  });
});

describe('schema constraints', () => {
  const tempDir = useTempDirs();

  it('reject values the model does not allow', () => {
    const store = openSqliteStore({ file: join(tempDir(), 'inv.sqlite3') });
    const { db } = store;
    const project = store.projects.getByName('admin')?.id;
    const insertInstance = (vmState: string, deletedAt: string | null) =>
      db
        .prepare(
          `INSERT INTO instances (uuid, name, project_id, vm_state, vcpus, ram_mib, disk_gib, created_at, updated_at, deleted_at)
           VALUES (lower(hex(randomblob(16))), 'x', ?, ?, 1, 1, 1, 'now', 'now', ?)`,
        )
        .run(project, vmState, deletedAt);
    expect(() => insertInstance('exploded', null)).toThrow(/CHECK constraint failed/);
    expect(() => insertInstance('deleted', null)).toThrow(/CHECK constraint failed/); // deleted ⇔ deleted_at set
    expect(() => insertInstance('active', null)).not.toThrow();
    // STRICT tables: a fractional vCPU count is a type error, not silently stored.
    expect(() => store.flavors.insert({ name: 'half', vcpus: 1.5, ramMiB: 1, diskGiB: 1 })).toThrow(/cannot store REAL value in INTEGER column/);
    // Console tokens are stored only as SHA-256 hex.
    expect(() =>
      db.prepare("INSERT INTO console_tokens (token_hash, instance_uuid, created_at, expires_at) VALUES ('plaintext-token', 'x', 'a', 'b')").run(),
    ).toThrow(/CHECK constraint failed/);
    store.close();
  });
});

describe('migration 2 (acting on hosts)', () => {
  const tempDir = useTempDirs();

  it('keeps version-1 rows, marks existing instances as adopted, and adds the new tables', () => {
    const file = join(tempDir(), 'inv.sqlite3');
    openSqliteInventory({ file, migrations: MIGRATIONS.slice(0, 1) }).close();
    const raw = new Database(file);
    const project = (raw.prepare("SELECT id FROM projects WHERE name = 'unassigned'").pluck().get() as string);
    raw
      .prepare(
        `INSERT INTO instances (uuid, name, project_id, vm_state, vcpus, ram_mib, disk_gib, created_at, updated_at)
         VALUES ('00000000-0000-0000-0000-000000000001', 'old', ?, 'active', 1, 64, 0, 'then', 'then')`,
      )
      .run(project);
    raw.close();

    const store = openSqliteStore({ file });
    try {
      expect(userVersion(store.db)).toBe(SCHEMA_VERSION);
      const old = store.instances.get('00000000-0000-0000-0000-000000000001');
      expect(old).toMatchObject({ name: 'old', origin: 'adopted', volumes: [], buildAttempts: [], taskOwner: null, reclaimAt: null, previousFlavor: null });
      for (const table of ['key_pairs', 'image_host_cache', 'settings']) {
        expect(store.db.prepare('SELECT count(*) FROM sqlite_schema WHERE name = ?').pluck().get(table)).toBe(1);
      }
    } finally {
      store.close();
    }
  });

  it('round-trips the new instance and host fields and the settings', () => {
    const store = openSqliteStore({ file: join(tempDir(), 'inv.sqlite3') });
    try {
      const project = store.projects.getByName('admin')?.id ?? '';
      const host = store.hosts.insert({ name: 'h', uri: 'test:///default', storagePool: 'vd-pool', defaultNetwork: 'vd-net' });
      expect(host).toMatchObject({ storagePool: 'vd-pool', defaultNetwork: 'vd-net' });
      expect(store.hosts.update(host.id, { storagePool: null })).toMatchObject({ storagePool: null, defaultNetwork: 'vd-net' });

      const created = store.instances.insert({
        name: 'web',
        projectId: project,
        hostId: host.id,
        vmState: 'building',
        vcpus: 1,
        ramMiB: 64,
        diskGiB: 1,
        origin: 'created',
        keyName: 'k',
        userData: '#cloud-config\n',
        network: 'vd-net',
        taskOwner: '1:2@ws',
      });
      expect(created).toMatchObject({ origin: 'created', keyName: 'k', userData: '#cloud-config\n', network: 'vd-net', taskOwner: '1:2@ws' });
      const attempt = { host: 'h', explanation: 'most free RAM', startedAt: 'now', fault: null };
      const updated = store.instances.update(created.uuid, {
        volumes: [{ pool: 'vd-pool', name: `${created.uuid}_disk`, role: 'root' }],
        buildAttempts: [attempt],
        locked: true,
        lockedReason: 'maintenance',
        metadata: { a: 'b' },
        previousFlavor: { name: 'm1.tiny' },
        reclaimAt: 'later',
        taskOwner: null,
      });
      expect(updated).toMatchObject({
        volumes: [{ pool: 'vd-pool', name: `${created.uuid}_disk`, role: 'root' }],
        buildAttempts: [attempt],
        locked: true,
        lockedReason: 'maintenance',
        metadata: { a: 'b' },
        previousFlavor: { name: 'm1.tiny' },
        reclaimAt: 'later',
        taskOwner: null,
      });
      expect(store.instances.update(created.uuid, { previousFlavor: null }).previousFlavor).toBeNull();

      expect(store.settings.get('reclaim_instance_interval')).toBeUndefined();
      store.settings.set('reclaim_instance_interval', 3600);
      store.settings.set('note', { nested: [1, 'two'] });
      expect(store.settings.get('reclaim_instance_interval')).toBe(3600);
      expect(store.settings.list()).toEqual({ note: { nested: [1, 'two'] }, reclaim_instance_interval: 3600 });
      store.settings.clear('note');
      expect(store.settings.get('note')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('refuses user-data over 64 KiB', () => {
    const store = openSqliteStore({ file: join(tempDir(), 'inv.sqlite3') });
    try {
      const project = store.projects.getByName('admin')?.id ?? '';
      expect(() => store.instances.insert({ name: 'x', projectId: project, hostId: null, vmState: 'building', vcpus: 1, ramMiB: 1, diskGiB: 0, userData: 'x'.repeat(65537) })).toThrow(/CHECK constraint failed/);
    } finally {
      store.close();
    }
  });
});

describe('migration 3 (a down host\'s next retry)', () => {
  const tempDir = useTempDirs();

  it('keeps version-2 hosts, with no next retry, and they take every update after it', () => {
    const file = join(tempDir(), 'inv.sqlite3');
    openSqliteInventory({ file, migrations: MIGRATIONS.slice(0, 2) }).close();
    const raw = new Database(file);
    raw
      .prepare(
        `INSERT INTO hosts (id, name, uri, auth_json, status, status_reason, created_at, updated_at)
         VALUES ('h-old', 'old', 'qemu+ssh://root@old.example/system', '{"username":"root"}', 'down', 'refused', 'then', 'then')`,
      )
      .run();
    raw.close();

    const store = openSqliteStore({ file });
    try {
      expect(userVersion(store.db)).toBe(SCHEMA_VERSION);
      expect(store.hosts.get('h-old')).toMatchObject({ name: 'old', status: 'down', statusReason: 'refused', nextRetryAt: null, auth: { username: 'root' } });
      const at = '2026-12-07T23:00:00.000Z';
      expect(store.hosts.update('h-old', { nextRetryAt: at })).toMatchObject({ nextRetryAt: at });
      expect(store.hosts.update('h-old', { name: 'renamed', uri: 'qemu+ssh://ops@old.example:2222/system', auth: { username: 'ops' }, status: 'up', nextRetryAt: null })).toMatchObject({
        name: 'renamed',
        uri: 'qemu+ssh://ops@old.example:2222/system',
        auth: { username: 'ops' },
        status: 'up',
        nextRetryAt: null,
      });
    } finally {
      store.close();
    }
  });
});
