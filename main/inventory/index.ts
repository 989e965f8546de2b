import { dataDirAccessWarning } from '../config/data-dir-access';
import { inventoryPath, resolveDataDir } from '../config/paths';
import { createChangeFeed, type ChangeFeed, type ChangeFeedOptions } from './change-feed';
import { inventoryServices, type InventoryServices } from './services';
import { openSqliteStore, type SqliteInventoryStore } from './sqlite/store';

export * from './errors';
export type * from './model';
export type * from './repositories';
export { SCHEMA_VERSION } from './sqlite/migrations';
export { ADMIN_PROJECT_NAME, CLASSIC_FLAVORS, UNASSIGNED_PROJECT_NAME } from './sqlite/seed';
export type { SqliteInventoryStore } from './sqlite/store';
export { createChangeFeed, type ChangeFeed, type ChangeFeedOptions, type InventoryDelta } from './change-feed';
export { inventoryServices } from './services';
export type { InventoryServices } from './services';

/** Where and how to open the inventory. */
export interface OpenInventoryOptions {
  /** Data directory (`--data-dir`); default: {@link resolveDataDir}. */
  readonly dataDir?: string;
  /** Environment read for `VIRT_DECK_DATA_DIR` and the platform defaults (default: the process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly busyTimeoutMs?: number;
  readonly now?: () => Date;
  /** Only read (the CLI's read-only commands): writes fail, and a data directory the user may only read works. */
  readonly readOnly?: boolean;
}

/** An open inventory: the store and the services over it. */
export interface Inventory {
  readonly dataDir: string;
  readonly store: SqliteInventoryStore;
  readonly services: InventoryServices;
  /** Things the user should know, found while opening (a data directory other users can read); shown once by the caller. */
  readonly warnings: readonly string[];
  close(): void;
}

/** Open the app's inventory (creating and migrating it when needed, unless it exists and `readOnly` is set). */
export function openInventory(options: OpenInventoryOptions = {}): Inventory {
  const dataDir = resolveDataDir({ dataDir: options.dataDir, ...(options.env === undefined ? {} : { env: options.env }) });
  const store = openSqliteStore({
    file: inventoryPath(dataDir),
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.readOnly === undefined ? {} : { readOnly: options.readOnly }),
  });
  const warning = dataDirAccessWarning(dataDir);
  return { dataDir, store, services: inventoryServices(store), warnings: warning === null ? [] : [warning], close: () => store.close() };
}

/** The change feed of a SQLite inventory, also seeing other processes' commits (through `PRAGMA data_version`). */
export function createSqliteChangeFeed(store: SqliteInventoryStore, options: Omit<ChangeFeedOptions, 'externalVersion'> = {}): ChangeFeed {
  return createChangeFeed(store, { ...options, externalVersion: () => store.db.pragma('data_version', { simple: true }) as number });
}
