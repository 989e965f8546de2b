// Opening the inventory for reading only (`virt-deck hosts`, `list`, `show`, … — docs/inventory.md), so that a
// read never writes, and so that it works in a data directory the user may read but not write.
//
// A WAL database is the main file plus its write-ahead log (-wal) and the log's index (-shm). SQLite's read-only
// mode still needs the -shm file: it opens it, or creates it (and an empty -wal) beside the database when there is
// none — which fails in a directory the user cannot write ("attempt to write a readonly database"). Two cases:
// - a -wal file exists (a writer has the inventory open, or one crashed): the newest commits may be in it, so we
//   open the file in SQLite's read-only mode, which reads the log through the existing -shm;
// - no -wal file: the last connection checkpointed everything into the main file and removed the log, so the main
//   file is the whole database. We read it into memory and open that copy read-only: nothing is created beside it.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { InventoryError } from '../errors';

/** Offsets of the "file format write/read version" bytes of the SQLite header: 2 means WAL, 1 rollback journal. */
const FORMAT_VERSION_OFFSETS = [18, 19] as const;
const ROLLBACK_FORMAT = 1;
const WAL_FORMAT = 2;

/** Open `file` (which exists) so that nothing can write it. */
export function openReadOnlyInventory(file: string, busyTimeoutMs: number): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = snapshotOf(file) ?? new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    // Same reasons as for a writer (database.ts); neither pragma writes the file.
    db.pragma('trusted_schema = OFF');
    db.pragma('cache_size = -32768');
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    const hint = existsSync(`${file}-wal`) ? ` (its write-ahead log ${file}-wal must be readable, with its index ${file}-shm)` : '';
    throw new InventoryError(`Cannot open inventory ${file} for reading: ${reason}${hint}`);
  }
}

/**
 * An in-memory read-only copy of the main file when there is no write-ahead log to merge, else null. A writer that
 * opens the inventory creates the log before it can change anything, and the main file changes only when the log is
 * checkpointed into it, so a file read while no log existed, before and after, is a consistent database.
 */
function snapshotOf(file: string): Database.Database | null {
  if (existsSync(`${file}-wal`)) return null;
  const bytes = readFileSync(file);
  if (existsSync(`${file}-wal`)) return null;
  // A copy in memory has no log beside it: SQLite refuses to open one marked WAL, so mark the copy rollback.
  if (bytes.length >= 100 && FORMAT_VERSION_OFFSETS.every((offset) => bytes[offset] === WAL_FORMAT)) {
    for (const offset of FORMAT_VERSION_OFFSETS) bytes[offset] = ROLLBACK_FORMAT;
  }
  return new Database(bytes, { readonly: true });
}
