import type { SqliteDatabase } from './database';

/** Current time as the ISO-8601 UTC text every timestamp column holds. */
export type Clock = () => string;

/** What every SQLite repository is built from. */
export interface SqliteContext {
  readonly db: SqliteDatabase;
  readonly now: Clock;
}

/** SQLite has no boolean: 0/1. */
export function toFlag(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** A JSON object column back to an object; anything else (never expected, the columns are CHECKed) becomes `{}`. */
export function parseObject(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A JSON object of strings (metadata, extra specs); non-string values are dropped. */
export function parseStringMap(text: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseObject(text))) if (typeof value === 'string') out[key] = value;
  return out;
}

/** A JSON array of strings (tags). */
export function parseStringList(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A nullable text column. */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A nullable numeric column; absent → undefined so optional fields stay absent. */
export function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

/** Read a text column that the schema declares NOT NULL. */
export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`inventory row: column ${column} is ${typeof value}, expected text`);
  return value;
}

/** Read an integer/real column that the schema declares NOT NULL. */
export function num(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number') throw new Error(`inventory row: column ${column} is ${typeof value}, expected a number`);
  return value;
}

/** True when a better-sqlite3 error is a UNIQUE or PRIMARY KEY violation. */
export function isUniqueViolation(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' || sqliteCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when a better-sqlite3 error is a FOREIGN KEY violation. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  // ON DELETE RESTRICT fires as SQLITE_CONSTRAINT_TRIGGER with the foreign key message.
  return (
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    (code === 'SQLITE_CONSTRAINT_TRIGGER' && error instanceof Error && error.message.includes('FOREIGN KEY'))
  );
}

function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** A prepared statement as the repositories use it. */
export interface RowStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** Lookup returning the first row mapped, or undefined. */
export function oneRow<T>(statement: RowStatement, map: (row: Row) => T): (...params: unknown[]) => T | undefined {
  return (...params) => {
    const row = statement.get(...params) as Row | undefined;
    return row === undefined ? undefined : map(row);
  };
}

/** Query returning every row mapped. */
export function allRows<T>(statement: RowStatement, map: (row: Row) => T): (...params: unknown[]) => T[] {
  return (...params) => (statement.all(...params) as Row[]).map(map);
}
