import { randomUUID } from 'node:crypto';
import type { ServerGroupPolicy, ServerGroupRules } from '../../../common/model/server-group';
import { AlreadyExistsError } from '../errors';
import type { ServerGroupRecord } from '../model';
import type { ServerGroupRepository } from '../repositories';
import { allRows, isUniqueViolation, numberOrUndefined, oneRow, parseObject, text, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link ServerGroupRepository}. */
export function sqliteServerGroups({ db, now }: SqliteContext): ServerGroupRepository {
  const byId = db.prepare('SELECT * FROM server_groups WHERE id = ?');
  const byName = db.prepare('SELECT * FROM server_groups WHERE name = ? ORDER BY project_id');
  const all = db.prepare('SELECT * FROM server_groups ORDER BY name, id');
  const ofProject = db.prepare('SELECT * FROM server_groups WHERE project_id = ? ORDER BY name, id');
  const members = allRows(db.prepare('SELECT instance_uuid FROM server_group_members WHERE group_id = ? ORDER BY instance_uuid'), (m) =>
    text(m, 'instance_uuid'),
  );
  const insert = db.prepare(
    'INSERT INTO server_groups (id, name, project_id, policy, rules_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const remove = db.prepare('DELETE FROM server_groups WHERE id = ?');
  const addMember = db.prepare(// Re-adding a member is a no-op; joining a second group still fails on the one-group-per-instance index.
    'INSERT INTO server_group_members (group_id, instance_uuid) VALUES (?, ?) ON CONFLICT (group_id, instance_uuid) DO NOTHING');

  const toGroup = (row: Row): ServerGroupRecord => {
    const id = text(row, 'id');
    return {
      id,
      name: text(row, 'name'),
      projectId: text(row, 'project_id'),
      policy: text(row, 'policy') as ServerGroupPolicy,
      rules: toRules(parseObject(row['rules_json'])),
      members: members(id),
      createdAt: text(row, 'created_at'),
      updatedAt: text(row, 'updated_at'),
    };
  };
  const get = oneRow(byId, toGroup);
  const listAll = allRows(all, toGroup);
  const listOfProject = allRows(ofProject, toGroup);

  return {
    list: (projectId) => (projectId === undefined ? listAll() : listOfProject(projectId)),
    get,
    findByName: allRows(byName, toGroup),
    insert(group) {
      const id = group.id ?? randomUUID();
      const at = now();
      const rules = group.rules?.maxServerPerHost === undefined ? {} : { max_server_per_host: group.rules.maxServerPerHost };
      try {
        insert.run(id, group.name, group.projectId, group.policy, JSON.stringify(rules), at, at);
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Server group', group.name);
        throw error;
      }
      return get(id) as ServerGroupRecord;
    },
    delete(id) {
      remove.run(id);
    },
    addMember(groupId, instanceUuid) {
      addMember.run(groupId, instanceUuid);
    },
  };
}

// Stored with Nova's key names, so the JSON reads like Nova's API.
function toRules(json: Record<string, unknown>): ServerGroupRules {
  const max = numberOrUndefined(json['max_server_per_host']);
  return max === undefined ? {} : { maxServerPerHost: max };
}
