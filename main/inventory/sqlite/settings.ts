import type { SettingsRepository } from '../repositories';
import { text, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link SettingsRepository}: one JSON value per key. */
export function sqliteSettings({ db, now }: SqliteContext): SettingsRepository {
  const byKey = db.prepare('SELECT value_json FROM settings WHERE key = ?').pluck();
  const all = db.prepare('SELECT key, value_json FROM settings ORDER BY key');
  const upsert = db.prepare(
    `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  return {
    get(key) {
      const value = byKey.get(key);
      return typeof value === 'string' ? (JSON.parse(value) as unknown) : undefined;
    },
    list() {
      const out: Record<string, unknown> = {};
      for (const row of all.all() as Row[]) out[text(row, 'key')] = JSON.parse(text(row, 'value_json')) as unknown;
      return out;
    },
    set(key, value) {
      upsert.run(key, JSON.stringify(value), now());
    },
    clear(key) {
      remove.run(key);
    },
  };
}
