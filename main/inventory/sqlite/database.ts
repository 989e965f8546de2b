import Database from 'better-sqlite3';
import { closeSync, existsSync, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseTooNewError, InventoryError } from '../errors';
import { migrate, MIGRATIONS, userVersion, type Migration } from './migrations';
import { openReadOnlyInventory } from './read-only';

/** A better-sqlite3 connection to the inventory. */
export type SqliteDatabase = Database.Database;

/** Default time a connection waits for another connection's write lock before failing with SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/** How to open the inventory file. */
export interface OpenSqliteOptions {
  /** Path of the database file; its directory is created (mode 0700) when missing. */
  readonly file: string;
  /** Wait this long for a lock held by another connection (CLI, web mode and Electron share the file). */
  readonly busyTimeoutMs?: number;
  /** Clock used by migrations that seed rows. */
  readonly now?: () => Date;
  /** Migration list; tests pass their own, the app always uses {@link MIGRATIONS}. */
  readonly migrations?: readonly Migration[];
  /**
   * Only read: an existing file at the current schema version is opened so that nothing can be written (see
   * read-only.ts), which also works in a data directory the user may only read. A missing file, or one that needs a
   * migration, is opened for writing as usual (there is nothing to read yet, or it must be upgraded first).
   */
  readonly readOnly?: boolean;
}

/**
 * Open (creating if needed) the inventory database, configure the connection and bring the schema up to date.
 *
 * Connection settings, and why:
 * - `journal_mode = WAL`: readers never block the writer and vice versa, so the UI can read while a claim commits;
 *   a crash mid-transaction leaves the WAL tail uncommitted and SQLite ignores it on the next open.
 * - `synchronous = FULL`: in WAL mode NORMAL only fsyncs at checkpoints, so a transaction that COMMIT reported as done
 *   can vanish after an OS crash or power loss. The inventory is the ledger of what was placed on which hypervisor
 *   and of quota usage; forgetting a committed claim would leave an orphan domain on a host and under-count quota.
 *   FULL fsyncs the WAL on every commit; our write rate (tens per second at most) easily affords that.
 * - `foreign_keys = ON`: SQLite leaves it off by default, per connection.
 * - busy timeout: several processes write the same file; IMMEDIATE transactions queue on it instead of failing.
 * - `trusted_schema = OFF`: a database file someone hands us cannot run app-defined functions from views or triggers.
 */
export function openSqliteInventory(options: OpenSqliteOptions): SqliteDatabase {
  const { file } = options;
  const migrations = options.migrations ?? MIGRATIONS;
  if (options.readOnly === true && existsSync(file)) {
    const db = openReadOnlyInventory(file, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    const version = userVersion(db);
    const latest = migrations.at(-1)?.version ?? 0;
    if (version === latest) return db;
    db.close();
    if (version > latest) throw new DatabaseTooNewError(file, version, latest);
    // Older: it must be migrated, which needs write access; fall through.
  }
  try {
    // 0700: the inventory names hosts, users and key file paths; nobody else on the machine needs to read it.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new InventoryError(`Cannot create the data directory ${dirname(file)}: ${messageOf(error)}`);
  }
  try {
    createPrivateFile(file);
  } catch (error) {
    throw new InventoryError(`Cannot create inventory ${file}: ${messageOf(error)}${noWriteAccessHint(error)}`);
  }
  let db: SqliteDatabase;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new InventoryError(`Cannot open inventory ${file}: ${messageOf(error)}${noWriteAccessHint(error)}`);
  }
  try {
    configureConnection(db, file);
    migrate(db, { file, migrations, now: options.now ?? (() => new Date()) });
  } catch (error) {
    db.close();
    if (error instanceof InventoryError) throw error;
    throw new InventoryError(`Cannot open inventory ${file}: ${messageOf(error)}${noWriteAccessHint(error)}`);
  }
  return db;
}

/**
 * Create the database file 0600 when it does not exist yet (an empty file is an empty database to SQLite). SQLite
 * gives the -wal and -shm files it creates the mode of the database file, so all three are private; without this
 * the file would get 0644 from the usual umask. An existing file keeps its mode: its owner may share it on purpose.
 */
function createPrivateFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    fchmodSync(fd, 0o600); // whatever the umask took away or left
  } finally {
    closeSync(fd);
  }
}

function configureConnection(db: SqliteDatabase, file: string): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    // WAL needs shared memory between processes; network file systems refuse it. Better to say so than to run slower and unsafe.
    throw new InventoryError(`Cannot open inventory ${file}: the file system refused WAL mode (got journal_mode=${String(mode)})`);
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('trusted_schema = OFF');
  // SQLite's default page cache is 2 MiB; a first sync of thousands of domains touches more than that across the
  // instances table and its five indexes. 32 MiB per connection keeps the working set of a large inventory cached.
  db.pragma('cache_size = -32768');
}

/** For SQLite's "attempt to write a readonly database" and EACCES: what it means here. */
function noWriteAccessHint(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const denied = typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM');
  return denied ? ' (this user may not write the inventory or its directory; commands that only read it still work)' : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
