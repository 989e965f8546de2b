import { AlreadyExistsError } from '../errors';
import type { BaseVolumeStatus, ImageHostCacheRecord } from '../model';
import type { ImageHostCacheRepository } from '../repositories';
import { allRows, isUniqueViolation, oneRow, text, textOrNull, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link ImageHostCacheRepository}: every ownership change is one guarded UPDATE. */
export function sqliteImageHostCache({ db, now }: SqliteContext): ImageHostCacheRepository {
  const byKey = db.prepare('SELECT * FROM image_host_cache WHERE image_id = ? AND host_id = ?');
  const all = db.prepare(
    `SELECT * FROM image_host_cache
     WHERE (@hostId IS NULL OR host_id = @hostId) AND (@imageId IS NULL OR image_id = @imageId) AND (@status IS NULL OR status = @status)
     ORDER BY host_id, image_id`,
  );
  const insert = db.prepare(
    `INSERT INTO image_host_cache (image_id, host_id, pool, volume_name, format, size_bytes, status, owner, heartbeat_at, created_at, updated_at)
     VALUES (@imageId, @hostId, @pool, @volumeName, @format, @sizeBytes, 'uploading', @owner, @at, @at, @at)`,
  );
  // `owner IS @from` matches a NULL owner too (a row whose owner was never recorded can be taken over).
  const takeOver = db.prepare(
    `UPDATE image_host_cache SET owner = @to, heartbeat_at = @at, updated_at = @at,
       pool = coalesce(@pool, pool), volume_name = coalesce(@volumeName, volume_name), format = coalesce(@format, format),
       size_bytes = coalesce(@sizeBytes, size_bytes)
     WHERE image_id = @imageId AND host_id = @hostId AND status = 'uploading' AND owner IS @from`,
  );
  const heartbeat = db.prepare(
    "UPDATE image_host_cache SET heartbeat_at = @at WHERE image_id = @imageId AND host_id = @hostId AND status = 'uploading' AND owner = @owner",
  );
  const ready = db.prepare(
    `UPDATE image_host_cache SET status = 'ready', owner = NULL, heartbeat_at = NULL, sha256 = @sha256, path = @path,
       size_bytes = coalesce(@sizeBytes, size_bytes), updated_at = @at
     WHERE image_id = @imageId AND host_id = @hostId AND status = 'uploading' AND owner = @owner`,
  );
  const removeAny = db.prepare('DELETE FROM image_host_cache WHERE image_id = ? AND host_id = ?');
  const removeOwned = db.prepare('DELETE FROM image_host_cache WHERE image_id = ? AND host_id = ? AND owner = ?');
  const get = oneRow(byKey, toRecord);
  const list = allRows(all, toRecord);

  return {
    get,
    list: (filter = {}) => list({ hostId: filter.hostId ?? null, imageId: filter.imageId ?? null, status: filter.status ?? null }),
    claim(row) {
      try {
        insert.run({ ...row, at: now() });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError(`Base volume of image ${row.imageId} on host`, row.hostId);
        throw error;
      }
      return get(row.imageId, row.hostId) as ImageHostCacheRecord;
    },
    takeOver(imageId, hostId, fromOwner, toOwner, row = {}) {
      const params = {
        imageId,
        hostId,
        from: fromOwner,
        to: toOwner,
        at: now(),
        pool: row.pool ?? null,
        volumeName: row.volumeName ?? null,
        format: row.format ?? null,
        sizeBytes: row.sizeBytes ?? null,
      };
      return takeOver.run(params).changes === 1;
    },
    heartbeat: (imageId, hostId, owner) => heartbeat.run({ imageId, hostId, owner, at: now() }).changes === 1,
    markReady: (imageId, hostId, owner, result) =>
      ready.run({ imageId, hostId, owner, sha256: result.sha256, path: result.path, sizeBytes: result.sizeBytes, at: now() }).changes === 1,
    delete: (imageId, hostId, owner) => (owner === undefined ? removeAny.run(imageId, hostId) : removeOwned.run(imageId, hostId, owner)).changes === 1,
  };
}

function toRecord(row: Row): ImageHostCacheRecord {
  return {
    imageId: text(row, 'image_id'),
    hostId: text(row, 'host_id'),
    pool: text(row, 'pool'),
    volumeName: text(row, 'volume_name'),
    format: text(row, 'format') as 'qcow2' | 'raw',
    sizeBytes: typeof row['size_bytes'] === 'number' ? row['size_bytes'] : null,
    sha256: textOrNull(row['sha256']),
    path: textOrNull(row['path']),
    status: text(row, 'status') as BaseVolumeStatus,
    owner: textOrNull(row['owner']),
    heartbeatAt: textOrNull(row['heartbeat_at']),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}
