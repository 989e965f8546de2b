import type { InventoryRepositories, InventoryStore } from '../repositories';
import { openSqliteInventory, type OpenSqliteOptions, type SqliteDatabase } from './database';
import { sqliteAggregates } from './aggregates';
import { sqliteConsoleTokens } from './console-tokens';
import { sqliteFlavors } from './flavors';
import { sqliteHosts } from './hosts';
import { sqliteImageHostCache } from './image-host-cache';
import { sqliteImages } from './images';
import { sqliteInstanceActions } from './instance-actions';
import { sqliteInstances } from './instances';
import { sqliteKeyPairs } from './key-pairs';
import { sqliteProjects } from './projects';
import { sqliteQuotas } from './quotas';
import type { SqliteContext } from './rows';
import { sqliteServerGroups } from './server-groups';
import { sqliteSettings } from './settings';

/** An {@link InventoryStore} on SQLite, with its connection exposed for tests and diagnostics. */
export interface SqliteInventoryStore extends InventoryStore {
  readonly db: SqliteDatabase;
}

/** Open the inventory file and wrap it in a store. */
export function openSqliteStore(options: OpenSqliteOptions): SqliteInventoryStore {
  const now = options.now ?? (() => new Date());
  const db = openSqliteInventory({ ...options, now });
  return sqliteStore(db, options.file, () => now().toISOString());
}

/** Wrap an open, migrated connection in a store. */
export function sqliteStore(db: SqliteDatabase, location: string, now: () => string = () => new Date().toISOString()): SqliteInventoryStore {
  const context: SqliteContext = { db, now };
  const repos: InventoryRepositories = {
    projects: sqliteProjects(context),
    quotas: sqliteQuotas(context),
    flavors: sqliteFlavors(context),
    serverGroups: sqliteServerGroups(context),
    hosts: sqliteHosts(context),
    aggregates: sqliteAggregates(context),
    instances: sqliteInstances(context),
    instanceActions: sqliteInstanceActions(context),
    settings: sqliteSettings(context),
    consoleTokens: sqliteConsoleTokens(context),
    images: sqliteImages(context),
    imageHostCache: sqliteImageHostCache(context),
    keyPairs: sqliteKeyPairs(context),
  };
  const commitListeners = new Set<() => void>();
  return {
    ...repos,
    db,
    location,
    write(work) {
      const outermost = !db.inTransaction;
      // Inside an outer transaction better-sqlite3 turns this into a SAVEPOINT, which is what "join" means here.
      const result = db.transaction(() => work(repos)).immediate();
      if (outermost) for (const listener of commitListeners) listener();
      return result;
    },
    onCommit(listener) {
      commitListeners.add(listener);
      return () => commitListeners.delete(listener);
    },
    read(work) {
      return db.transaction(() => work(repos)).deferred();
    },
    close() {
      if (db.open) db.close();
    },
  };
}
