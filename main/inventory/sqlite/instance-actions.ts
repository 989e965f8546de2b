import type { InstanceActionEventRecord, InstanceActionRecord } from '../model';
import type { InstanceActionRepository } from '../repositories';
import { num, text, textOrNull, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link InstanceActionRepository}. */
export function sqliteInstanceActions({ db, now }: SqliteContext): InstanceActionRepository {
  const insertAction = db.prepare(
    `INSERT INTO instance_actions (instance_uuid, request_id, action, project_id, user_id, start_time, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const actionById = db.prepare('SELECT * FROM instance_actions WHERE id = ?');
  const insertFinished = db.prepare(
    `INSERT INTO instance_actions (instance_uuid, request_id, action, project_id, user_id, start_time, finish_time, message, updated_at)
     VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
  );
  const finishAction = db.prepare('UPDATE instance_actions SET finish_time = ?, message = coalesce(?, message), updated_at = ? WHERE id = ?');
  const actionsOf = db.prepare('SELECT * FROM instance_actions WHERE instance_uuid = ? ORDER BY start_time, id');
  const insertEvent = db.prepare('INSERT INTO instance_action_events (action_id, event, host, start_time) VALUES (?, ?, ?, ?)');
  const eventById = db.prepare('SELECT * FROM instance_action_events WHERE id = ?');
  const finishEvent = db.prepare('UPDATE instance_action_events SET finish_time = ?, result = ?, traceback = ? WHERE id = ?');
  const eventsOf = db.prepare('SELECT * FROM instance_action_events WHERE action_id = ? ORDER BY start_time, id');
  // Nova bumps the action's updated_at with each event, so "last activity" is one column.
  const touchAction = db.prepare('UPDATE instance_actions SET updated_at = ? WHERE id = ?');

  return {
    start(action) {
      const at = now();
      const { lastInsertRowid } = insertAction.run(
        action.instanceUuid,
        action.requestId,
        action.action,
        action.projectId ?? null,
        action.userId ?? null,
        at,
        at,
      );
      return toAction(actionById.get(lastInsertRowid) as Row);
    },
    recordFinished(action) {
      const at = now();
      insertFinished.run(action.instanceUuid, action.requestId, action.action, action.projectId ?? null, at, at, action.message, at);
    },
    finish(actionId, message = null) {
      const at = now();
      finishAction.run(at, message, at, actionId);
    },
    list: (instanceUuid) => (actionsOf.all(instanceUuid) as Row[]).map(toAction),
    startEvent(actionId, event, host = null) {
      const at = now();
      const { lastInsertRowid } = insertEvent.run(actionId, event, host, at);
      touchAction.run(at, actionId);
      return toEvent(eventById.get(lastInsertRowid) as Row);
    },
    finishEvent(eventId, result, traceback = null) {
      const at = now();
      finishEvent.run(at, result, traceback, eventId);
      const row = eventById.get(eventId) as Row | undefined;
      if (row) touchAction.run(at, num(row, 'action_id'));
    },
    events: (actionId) => (eventsOf.all(actionId) as Row[]).map(toEvent),
  };
}

function toAction(row: Row): InstanceActionRecord {
  return {
    id: num(row, 'id'),
    instanceUuid: text(row, 'instance_uuid'),
    requestId: text(row, 'request_id'),
    action: text(row, 'action'),
    projectId: textOrNull(row['project_id']),
    userId: textOrNull(row['user_id']),
    startTime: text(row, 'start_time'),
    finishTime: textOrNull(row['finish_time']),
    message: textOrNull(row['message']),
  };
}

function toEvent(row: Row): InstanceActionEventRecord {
  const result = textOrNull(row['result']);
  return {
    id: num(row, 'id'),
    actionId: num(row, 'action_id'),
    event: text(row, 'event'),
    host: textOrNull(row['host']),
    startTime: text(row, 'start_time'),
    finishTime: textOrNull(row['finish_time']),
    result: result === 'Success' || result === 'Error' ? result : null,
    traceback: textOrNull(row['traceback']),
    details: textOrNull(row['details']),
  };
}
