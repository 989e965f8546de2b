import type Database from 'better-sqlite3';
import { DatabaseTooNewError, MigrationError } from '../errors';
import { seedDefaults } from './seed';

/** Context handed to a migration. */
export interface MigrationContext {
  /** Clock for rows a migration seeds (tests pin it). */
  readonly now: () => Date;
}

/** One schema step. Versions are consecutive from 1; a released migration is never edited, only followed by another. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs inside the migration's IMMEDIATE transaction with foreign keys off (see {@link migrate}). */
  up(db: Database.Database, context: MigrationContext): void;
}

const vmStates = `'active','building','paused','suspended','stopped','rescued','resized','soft-delete','deleted','error','shelved','shelved_offloaded'`;

// Conventions: STRICT tables (SQLite enforces column types), times are ISO-8601 UTC text written by the app
// (sortable, readable in the sqlite3 shell), booleans are 0/1 with a CHECK, JSON columns carry json_valid().
// Enumerations that Nova keeps stable (vm_state, power_state) get a CHECK; ones that grow as features land
// (task_state, action names) are validated by the code instead, since changing a CHECK means rebuilding the table.
const SCHEMA_V1 = `
CREATE TABLE projects (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- Per project, per resource; a missing row means "use the default". -1 = unlimited.
CREATE TABLE quotas (
  project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  resource    TEXT NOT NULL,
  hard_limit  INTEGER NOT NULL CHECK (hard_limit >= -1),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (project_id, resource)
) STRICT, WITHOUT ROWID;

-- Hypervisor hosts. auth_json holds how to authenticate (user, key file path, known_hosts path, agent socket),
-- never a password or key material. facts_json is what the host reported on its last sync (hostname, hypervisor
-- and libvirt versions, cpus, memory, free memory, disk, capabilities summary). NULL ratios and reservations mean
-- "use the app-wide defaults" (cpu 4.0, ram 1.0, disk 1.0, 512 MiB reserved). A NULL availability_zone means
-- "from the host's aggregates' availability_zone metadata, else the default zone", as Nova derives it.
CREATE TABLE hosts (
  id                    TEXT PRIMARY KEY,
  name                  TEXT NOT NULL UNIQUE,
  uri                   TEXT NOT NULL UNIQUE,
  auth_json             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(auth_json)),
  availability_zone     TEXT,
  tags_json             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags_json)),
  enabled               INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  disabled_reason       TEXT,
  status                TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('up', 'down', 'unknown')),
  status_reason         TEXT,
  last_seen_at          TEXT,
  facts_json            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(facts_json)),
  facts_updated_at      TEXT,
  cpu_allocation_ratio  REAL CHECK (cpu_allocation_ratio IS NULL OR cpu_allocation_ratio > 0),
  ram_allocation_ratio  REAL CHECK (ram_allocation_ratio IS NULL OR ram_allocation_ratio > 0),
  disk_allocation_ratio REAL CHECK (disk_allocation_ratio IS NULL OR disk_allocation_ratio > 0),
  reserved_vcpus        INTEGER CHECK (reserved_vcpus IS NULL OR reserved_vcpus >= 0),
  reserved_ram_mib      INTEGER CHECK (reserved_ram_mib IS NULL OR reserved_ram_mib >= 0),
  reserved_disk_gib     INTEGER CHECK (reserved_disk_gib IS NULL OR reserved_disk_gib >= 0),
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
) STRICT;

-- Host aggregates as in Nova: a named group of hosts with metadata (filters match flavor extra specs against it).
-- Tables rather than JSON on hosts: one aggregate spans many hosts and is edited in one place.
CREATE TABLE aggregates (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  metadata_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata_json)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE aggregate_hosts (
  aggregate_id TEXT NOT NULL REFERENCES aggregates(id) ON DELETE CASCADE,
  host_id      TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
  PRIMARY KEY (aggregate_id, host_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX aggregate_hosts_by_host ON aggregate_hosts (host_id);

CREATE TABLE flavors (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  vcpus            INTEGER NOT NULL CHECK (vcpus >= 1),
  ram_mib          INTEGER NOT NULL CHECK (ram_mib >= 1),
  disk_gib         INTEGER NOT NULL CHECK (disk_gib >= 0),
  ephemeral_gib    INTEGER NOT NULL DEFAULT 0 CHECK (ephemeral_gib >= 0),
  swap_mib         INTEGER NOT NULL DEFAULT 0 CHECK (swap_mib >= 0),
  is_public        INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0, 1)),
  description      TEXT,
  extra_specs_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra_specs_json)),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;

-- Which projects may use a private flavor.
CREATE TABLE flavor_projects (
  flavor_id  TEXT NOT NULL REFERENCES flavors(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  PRIMARY KEY (flavor_id, project_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX flavor_projects_by_project ON flavor_projects (project_id);

CREATE TABLE images (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  owner_project_id TEXT REFERENCES projects(id) ON DELETE SET NULL,
  visibility       TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
  status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('queued', 'active', 'deleted')),
  disk_format      TEXT NOT NULL DEFAULT 'qcow2' CHECK (disk_format IN ('qcow2', 'raw', 'iso')),
  source           TEXT,
  size_bytes       INTEGER CHECK (size_bytes IS NULL OR size_bytes >= 0),
  checksum_sha256  TEXT,
  min_disk_gib     INTEGER NOT NULL DEFAULT 0 CHECK (min_disk_gib >= 0),
  min_ram_mib      INTEGER NOT NULL DEFAULT 0 CHECK (min_ram_mib >= 0),
  properties_json  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(properties_json)),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  deleted_at       TEXT
) STRICT;
CREATE UNIQUE INDEX images_live_name ON images (name) WHERE deleted_at IS NULL;

-- Instances are soft-deleted (deleted_at set, vm_state 'deleted') so actions and history stay readable.
-- vcpus/ram_mib/disk_gib are the instance's allocation on host_id: host usage and quota usage are sums over
-- live rows, so the ledger can never drift from the instances themselves. flavor_id/image_id are deliberately
-- not foreign keys: as in Nova, a flavor or image may be deleted while instances built from it live on;
-- flavor_json keeps the flavor as it was at build time.
CREATE TABLE instances (
  uuid                TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  project_id          TEXT NOT NULL REFERENCES projects(id) ON DELETE RESTRICT,
  user_id             TEXT,
  host_id             TEXT REFERENCES hosts(id) ON DELETE RESTRICT,
  availability_zone   TEXT,
  flavor_id           TEXT,
  flavor_json         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(flavor_json)),
  image_id            TEXT,
  vm_state            TEXT NOT NULL CHECK (vm_state IN (${vmStates})),
  task_state          TEXT,
  power_state         INTEGER NOT NULL DEFAULT 0 CHECK (power_state IN (0, 1, 3, 4, 6, 7)),
  locked              INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  locked_reason       TEXT,
  vcpus               INTEGER NOT NULL CHECK (vcpus >= 0),
  ram_mib             INTEGER NOT NULL CHECK (ram_mib >= 0),
  disk_gib            INTEGER NOT NULL CHECK (disk_gib >= 0),
  libvirt_domain_name TEXT,
  libvirt_domain_uuid TEXT,
  request_id          TEXT,
  launch_index        INTEGER NOT NULL DEFAULT 0,
  metadata_json       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata_json)),
  addresses_json      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(addresses_json)),
  fault_json          TEXT CHECK (fault_json IS NULL OR json_valid(fault_json)),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  launched_at         TEXT,
  terminated_at       TEXT,
  deleted_at          TEXT,
  CHECK ((deleted_at IS NULL) = (vm_state <> 'deleted'))
) STRICT;
-- Quota counting (per project) and host usage (per host) only ever look at live rows.
CREATE INDEX instances_live_by_project ON instances (project_id) WHERE deleted_at IS NULL;
CREATE INDEX instances_live_by_host ON instances (host_id) WHERE deleted_at IS NULL;
-- Host sync maps libvirt domains back to instances; a domain belongs to at most one live instance.
CREATE UNIQUE INDEX instances_live_by_domain ON instances (host_id, libvirt_domain_uuid)
  WHERE deleted_at IS NULL AND libvirt_domain_uuid IS NOT NULL;
CREATE INDEX instances_by_updated ON instances (updated_at);

CREATE TABLE server_groups (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  policy     TEXT NOT NULL CHECK (policy IN ('affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity')),
  rules_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(rules_json)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (project_id, name)
) STRICT;

CREATE TABLE server_group_members (
  group_id      TEXT NOT NULL REFERENCES server_groups(id) ON DELETE CASCADE,
  instance_uuid TEXT NOT NULL REFERENCES instances(uuid) ON DELETE CASCADE,
  PRIMARY KEY (group_id, instance_uuid)
) STRICT, WITHOUT ROWID;
-- As in Nova, an instance is a member of at most one group.
CREATE UNIQUE INDEX server_group_members_by_instance ON server_group_members (instance_uuid);

-- Nova's instance actions: one row per user request on an instance, events are the steps it went through.
CREATE TABLE instance_actions (
  id            INTEGER PRIMARY KEY,
  instance_uuid TEXT NOT NULL REFERENCES instances(uuid) ON DELETE CASCADE,
  request_id    TEXT NOT NULL,
  action        TEXT NOT NULL,
  project_id    TEXT,
  user_id       TEXT,
  start_time    TEXT NOT NULL,
  finish_time   TEXT,
  message       TEXT,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX instance_actions_by_request ON instance_actions (instance_uuid, request_id);
CREATE INDEX instance_actions_by_instance ON instance_actions (instance_uuid, start_time);

CREATE TABLE instance_action_events (
  id          INTEGER PRIMARY KEY,
  action_id   INTEGER NOT NULL REFERENCES instance_actions(id) ON DELETE CASCADE,
  event       TEXT NOT NULL,
  host        TEXT,
  start_time  TEXT NOT NULL,
  finish_time TEXT,
  result      TEXT CHECK (result IS NULL OR result IN ('Success', 'Error')),
  traceback   TEXT,
  details     TEXT
) STRICT;
CREATE INDEX instance_action_events_by_action ON instance_action_events (action_id);

-- One-time console tokens: only the SHA-256 of the token is stored (lower-case hex), so a copy of the database
-- does not let anyone open a console. target_json is where the proxy connects, resolved when the token is issued.
CREATE TABLE console_tokens (
  token_hash    TEXT PRIMARY KEY CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
  instance_uuid TEXT NOT NULL REFERENCES instances(uuid) ON DELETE CASCADE,
  console_type  TEXT NOT NULL DEFAULT 'vnc',
  target_json   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(target_json)),
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  used_at       TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX console_tokens_by_expiry ON console_tokens (expires_at);
CREATE INDEX console_tokens_by_instance ON console_tokens (instance_uuid);
`;

// Version 2: what acting on hosts needs (issue [compute]). Instances learn where they came from (created here or
// adopted from a host), what a build created on the host (so a crash can find and remove it), who owns a task in
// progress (so recovery can tell a dead owner from a live one), soft delete's reclaim time, the scheduling attempts
// and the flavor to revert a resize to. Hosts name the pool and network instances go to. New tables: key pairs,
// which base images each host holds (Nova's _base cache, one row per image and host), and installation settings.
const SCHEMA_V2 = `
ALTER TABLE instances ADD COLUMN origin TEXT NOT NULL DEFAULT 'adopted' CHECK (origin IN ('created', 'adopted'));
ALTER TABLE instances ADD COLUMN description TEXT;
ALTER TABLE instances ADD COLUMN key_name TEXT;
ALTER TABLE instances ADD COLUMN user_data TEXT CHECK (user_data IS NULL OR length(user_data) <= 65536);
ALTER TABLE instances ADD COLUMN network TEXT;
ALTER TABLE instances ADD COLUMN volumes_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(volumes_json));
ALTER TABLE instances ADD COLUMN task_owner TEXT;
ALTER TABLE instances ADD COLUMN reclaim_at TEXT;
ALTER TABLE instances ADD COLUMN build_attempts_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(build_attempts_json));
ALTER TABLE instances ADD COLUMN previous_flavor_json TEXT CHECK (previous_flavor_json IS NULL OR json_valid(previous_flavor_json));
-- Recovery looks for tasks in progress; the reclaimer for soft-deleted rows that are due.
CREATE INDEX instances_with_task ON instances (task_state) WHERE task_state IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX instances_reclaim ON instances (reclaim_at) WHERE reclaim_at IS NOT NULL AND deleted_at IS NULL;

ALTER TABLE hosts ADD COLUMN storage_pool TEXT;
ALTER TABLE hosts ADD COLUMN default_network TEXT;

-- Nova key pairs. There are no users here, so names are global.
CREATE TABLE key_pairs (
  name        TEXT PRIMARY KEY,
  type        TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  comment     TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL
) STRICT;

-- Base images held by hosts. status 'uploading' with owner (pid:start@hostname) and heartbeat lets a second process
-- wait for the first upload, and recovery delete what a dead uploader left behind. sha256 NULL = not verifiable
-- (the test driver has no volume upload: its base is created empty).
CREATE TABLE image_host_cache (
  image_id     TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  host_id      TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
  pool         TEXT NOT NULL,
  volume_name  TEXT NOT NULL,
  format       TEXT NOT NULL CHECK (format IN ('qcow2', 'raw')),
  size_bytes   INTEGER CHECK (size_bytes IS NULL OR size_bytes >= 0),
  sha256       TEXT,
  path         TEXT,
  status       TEXT NOT NULL CHECK (status IN ('uploading', 'ready')),
  owner        TEXT,
  heartbeat_at TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (image_id, host_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX image_host_cache_by_host ON image_host_cache (host_id);

-- Installation settings (reclaim_instance_interval, stop_timeout_seconds, …): JSON values, validated by the code.
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value_json TEXT NOT NULL CHECK (json_valid(value_json)),
  updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

// Version 3: when a host's session tries again after a failed connection (null while up or never tried), so every
// view of the host can say "next retry at …" and not only the process that runs the session.
const SCHEMA_V3 = `
ALTER TABLE hosts ADD COLUMN next_retry_at TEXT;
`;

/** Every schema version, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema, default projects and flavors',
    up(db, context) {
      db.exec(SCHEMA_V1);
      // Seeding here (not on every open) means it happens exactly once: a flavor the user deleted stays deleted.
      seedDefaults(db, context.now().toISOString());
    },
  },
  {
    version: 2,
    name: 'instance origin, build volumes, task owner, soft delete; host pool and network; key pairs, image cache, settings',
    up(db) {
      db.exec(SCHEMA_V2);
    },
  },
  {
    version: 3,
    name: "host session's next retry time",
    up(db) {
      db.exec(SCHEMA_V3);
    },
  },
];

/** Schema version this build of the app writes. */
export const SCHEMA_VERSION = latestVersion(MIGRATIONS);

/** What {@link migrate} did. */
export interface MigrationResult {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly number[];
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** File name for error messages. */
  readonly file: string;
  readonly migrations: readonly Migration[];
  readonly now: () => Date;
}

/**
 * Bring the database to the latest schema version (`PRAGMA user_version`), one IMMEDIATE transaction per migration.
 *
 * Several processes may open the same file at once: each step re-reads the version after taking the write lock, so
 * a step another process already applied is skipped. Foreign keys are switched off while migrating because SQLite
 * cannot change that setting inside a transaction and table rebuilds (SQLite's 12-step ALTER TABLE) need it off;
 * `PRAGMA foreign_key_check` must come back empty before each step commits instead.
 */
export function migrate(db: Database.Database, options: MigrateOptions): MigrationResult {
  const { file, migrations } = options;
  checkMigrationList(migrations);
  const latest = latestVersion(migrations);
  const from = userVersion(db);
  if (from > latest) throw new DatabaseTooNewError(file, from, latest);
  const applied: number[] = [];
  if (from === latest) return { from, to: from, applied };

  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrations) {
      const step = db.transaction(() => {
        const at = userVersion(db);
        if (at >= migration.version) return false;
        migration.up(db, { now: options.now });
        const violations = db.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) {
          throw new MigrationError(`leaves ${violations.length} foreign key violation(s), e.g. ${JSON.stringify(violations[0])}`);
        }
        // user_version lives in the database header, so it commits or rolls back with the step.
        db.pragma(`user_version = ${migration.version}`);
        return true;
      });
      try {
        if (step.immediate()) applied.push(migration.version);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(
          `Inventory ${file}: migration ${migration.version} (${migration.name}) failed, database left at version ${userVersion(db)}: ${reason}`,
        );
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  const to = userVersion(db);
  if (to > latest) throw new DatabaseTooNewError(file, to, latest);
  return { from, to, applied };
}

/** The schema version stored in the file (0 for a new, empty database). */
export function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Throws unless versions run 1, 2, 3… without gaps or repeats: a mistake here would skip or rerun a step. */
export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(`Migration list is out of order: entry ${index} has version ${migration.version}, expected ${index + 1}`);
    }
  });
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}
