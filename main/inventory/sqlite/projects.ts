import { randomUUID } from 'node:crypto';
import { AlreadyExistsError, InUseError } from '../errors';
import type { ProjectRecord } from '../model';
import type { ProjectRepository } from '../repositories';
import { allRows, isForeignKeyViolation, isUniqueViolation, num, oneRow, text, toFlag, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link ProjectRepository}. */
export function sqliteProjects({ db, now }: SqliteContext): ProjectRepository {
  const byId = db.prepare('SELECT * FROM projects WHERE id = ?');
  const byName = db.prepare('SELECT * FROM projects WHERE name = ?');
  const all = db.prepare('SELECT * FROM projects ORDER BY name');
  const insert = db.prepare(
    'INSERT INTO projects (id, name, description, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const remove = db.prepare('DELETE FROM projects WHERE id = ?');
  const get = oneRow(byId, toProject);

  return {
    list: allRows(all, toProject),
    get,
    getByName: oneRow(byName, toProject),
    insert(project) {
      const id = project.id ?? randomUUID();
      const at = now();
      try {
        insert.run(id, project.name, project.description ?? '', toFlag(project.enabled ?? true), at, at);
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Project', get(id) ? id : project.name);
        throw error;
      }
      return get(id) as ProjectRecord;
    },
    delete(id) {
      try {
        remove.run(id);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new InUseError(`Project ${get(id)?.name ?? id} still has instances`);
        throw error;
      }
    },
  };
}

function toProject(row: Row): ProjectRecord {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    description: text(row, 'description'),
    enabled: num(row, 'enabled') === 1,
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}
