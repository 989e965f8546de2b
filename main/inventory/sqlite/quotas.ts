import { QUOTA_RESOURCES, type QuotaResource } from '../../quota/limits';
import type { QuotaRepository } from '../repositories';
import { num, text, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link QuotaRepository}. */
export function sqliteQuotas({ db, now }: SqliteContext): QuotaRepository {
  const byProject = db.prepare('SELECT resource, hard_limit FROM quotas WHERE project_id = ?');
  const upsert = db.prepare(
    `INSERT INTO quotas (project_id, resource, hard_limit, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (project_id, resource) DO UPDATE SET hard_limit = excluded.hard_limit, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM quotas WHERE project_id = ? AND resource = ?');
  const known = new Set<string>(QUOTA_RESOURCES);

  return {
    overrides(projectId) {
      const out: Partial<Record<QuotaResource, number>> = {};
      for (const row of byProject.all(projectId) as Row[]) {
        const resource = text(row, 'resource');
        // Rows for resources this version does not know (written by a newer one) are ignored, not fatal.
        if (known.has(resource)) out[resource as QuotaResource] = num(row, 'hard_limit');
      }
      return out;
    },
    set(projectId, resource, limit) {
      upsert.run(projectId, resource, limit, now());
    },
    clear(projectId, resource) {
      remove.run(projectId, resource);
    },
  };
}
