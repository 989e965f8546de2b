import type { ConsoleTokenRecord } from '../model';
import type { ConsoleTokenRepository } from '../repositories';
import { parseObject, text, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link ConsoleTokenRepository} over the `console_tokens` table. */
export function sqliteConsoleTokens({ db }: SqliteContext): ConsoleTokenRepository {
  const insert = db.prepare(
    `INSERT INTO console_tokens (token_hash, instance_uuid, console_type, target_json, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  // Single use in one statement: whoever deletes the row owns the token; a second taker finds nothing.
  const take = db.prepare('DELETE FROM console_tokens WHERE token_hash = ? RETURNING *');
  const removeExpired = db.prepare('DELETE FROM console_tokens WHERE expires_at <= ? RETURNING token_hash');
  const count = db.prepare('SELECT count(*) AS n FROM console_tokens').pluck();

  return {
    insert(token) {
      insert.run(token.tokenHash, token.instanceUuid, token.consoleType, JSON.stringify(token.target), token.createdAt, token.expiresAt);
    },
    take(tokenHash) {
      const row = take.get(tokenHash) as Row | undefined;
      return row === undefined ? undefined : toToken(row);
    },
    removeExpired: (now) => (removeExpired.all(now) as Row[]).map((row) => text(row, 'token_hash')),
    count: () => count.get() as number,
  };
}

function toToken(row: Row): ConsoleTokenRecord {
  return {
    tokenHash: text(row, 'token_hash'),
    instanceUuid: text(row, 'instance_uuid'),
    consoleType: text(row, 'console_type'),
    target: parseObject(row['target_json']),
    createdAt: text(row, 'created_at'),
    expiresAt: text(row, 'expires_at'),
  };
}
