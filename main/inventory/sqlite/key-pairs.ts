import { AlreadyExistsError } from '../errors';
import type { KeyPairRecord } from '../model';
import type { KeyPairRepository } from '../repositories';
import { allRows, isUniqueViolation, oneRow, text, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link KeyPairRepository}. */
export function sqliteKeyPairs({ db, now }: SqliteContext): KeyPairRepository {
  const byName = db.prepare('SELECT * FROM key_pairs WHERE name = ?');
  const all = db.prepare('SELECT * FROM key_pairs ORDER BY name');
  const insert = db.prepare(
    'INSERT INTO key_pairs (name, type, public_key, fingerprint, comment, created_at) VALUES (@name, @type, @publicKey, @fingerprint, @comment, @at)',
  );
  const remove = db.prepare('DELETE FROM key_pairs WHERE name = ?');
  const get = oneRow(byName, toKeyPair);
  return {
    list: allRows(all, toKeyPair),
    get,
    insert(keyPair) {
      try {
        insert.run({ ...keyPair, at: now() });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Key pair', keyPair.name);
        throw error;
      }
      return get(keyPair.name) as KeyPairRecord;
    },
    delete: (name) => remove.run(name).changes === 1,
  };
}

function toKeyPair(row: Row): KeyPairRecord {
  return {
    name: text(row, 'name'),
    type: text(row, 'type'),
    publicKey: text(row, 'public_key'),
    fingerprint: text(row, 'fingerprint'),
    comment: text(row, 'comment'),
    createdAt: text(row, 'created_at'),
  };
}
