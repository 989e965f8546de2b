import { randomUUID } from 'node:crypto';
import { AlreadyExistsError } from '../errors';
import type { AggregateRecord, AggregateRepository } from '../repositories';
import { allRows, isUniqueViolation, oneRow, parseStringMap, text, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link AggregateRepository}. */
export function sqliteAggregates({ db, now }: SqliteContext): AggregateRepository {
  const byId = db.prepare('SELECT * FROM aggregates WHERE id = ?');
  const byName = db.prepare('SELECT * FROM aggregates WHERE name = ?');
  const all = db.prepare('SELECT * FROM aggregates ORDER BY name');
  const hostsOf = allRows(db.prepare('SELECT host_id FROM aggregate_hosts WHERE aggregate_id = ? ORDER BY host_id'), (h) => text(h, 'host_id'));
  const insert = db.prepare('INSERT INTO aggregates (id, name, metadata_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const remove = db.prepare('DELETE FROM aggregates WHERE id = ?');
  const addHost = db.prepare(
    'INSERT INTO aggregate_hosts (aggregate_id, host_id) VALUES (?, ?) ON CONFLICT (aggregate_id, host_id) DO NOTHING',
  );
  const removeHost = db.prepare('DELETE FROM aggregate_hosts WHERE aggregate_id = ? AND host_id = ?');

  const toAggregate = (row: Row): AggregateRecord => {
    const id = text(row, 'id');
    return {
      id,
      name: text(row, 'name'),
      metadata: parseStringMap(row['metadata_json']),
      hosts: hostsOf(id),
    };
  };
  const get = oneRow(byId, toAggregate);

  return {
    list: allRows(all, toAggregate),
    get,
    getByName: oneRow(byName, toAggregate),
    insert(aggregate) {
      const id = randomUUID();
      const at = now();
      try {
        insert.run(id, aggregate.name, JSON.stringify(aggregate.metadata ?? {}), at, at);
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Aggregate', aggregate.name);
        throw error;
      }
      return get(id) as AggregateRecord;
    },
    delete(id) {
      remove.run(id);
    },
    addHost(aggregateId, hostId) {
      addHost.run(aggregateId, hostId);
    },
    removeHost(aggregateId, hostId) {
      removeHost.run(aggregateId, hostId);
    },
  };
}
