import { randomUUID } from 'node:crypto';
import { AlreadyExistsError, NotFoundError } from '../errors';
import type { ImageDiskFormat, ImageRecord, ImageStatus, ImageVisibility } from '../model';
import type { ImageRepository } from '../repositories';
import { allRows, isUniqueViolation, num, oneRow, parseStringMap, text, textOrNull, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link ImageRepository}. */
export function sqliteImages({ db, now }: SqliteContext): ImageRepository {
  const byId = db.prepare('SELECT * FROM images WHERE id = ?');
  const byName = db.prepare('SELECT * FROM images WHERE name = ? AND deleted_at IS NULL');
  const live = db.prepare('SELECT * FROM images WHERE deleted_at IS NULL ORDER BY name, id');
  const everything = db.prepare('SELECT * FROM images ORDER BY name, id');
  const insert = db.prepare(
    `INSERT INTO images (id, name, owner_project_id, visibility, status, disk_format, source, size_bytes, checksum_sha256,
       min_disk_gib, min_ram_mib, properties_json, created_at, updated_at)
     VALUES (@id, @name, @owner, @visibility, @status, @diskFormat, @source, @size, @checksum, @minDisk, @minRam, @properties, @at, @at)`,
  );
  const softDelete = db.prepare("UPDATE images SET status = 'deleted', deleted_at = @at, updated_at = @at WHERE id = @id AND deleted_at IS NULL");
  const remove = db.prepare('DELETE FROM images WHERE id = ?');
  const get = oneRow(byId, toImage);

  return {
    list(filter = {}) {
      const rows = allRows(filter.includeDeleted === true ? everything : live, toImage)();
      return filter.status === undefined ? rows : rows.filter((image) => image.status === filter.status);
    },
    get,
    getByName: oneRow(byName, toImage),
    insert(image) {
      const id = image.id ?? randomUUID();
      if (get(id)) throw new AlreadyExistsError('Image with id', id);
      try {
        insert.run({
          id,
          name: image.name,
          owner: image.ownerProjectId ?? null,
          visibility: image.visibility ?? 'public',
          status: image.status ?? 'queued',
          diskFormat: image.diskFormat,
          source: image.source ?? null,
          size: image.sizeBytes ?? null,
          checksum: image.checksumSha256 ?? null,
          minDisk: image.minDiskGiB ?? 0,
          minRam: image.minRamMiB ?? 0,
          properties: JSON.stringify(image.properties ?? {}),
          at: now(),
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Image', image.name);
        throw error;
      }
      return get(id) as ImageRecord;
    },
    update(id, patch) {
      const sets: string[] = [];
      const params: Record<string, unknown> = { id, at: now() };
      const set = (column: string, value: unknown) => {
        if (value === undefined) return;
        sets.push(`${column} = @${column}`);
        params[column] = value;
      };
      set('name', patch.name);
      set('status', patch.status);
      set('disk_format', patch.diskFormat);
      set('size_bytes', patch.sizeBytes);
      set('checksum_sha256', patch.checksumSha256);
      set('min_disk_gib', patch.minDiskGiB);
      set('min_ram_mib', patch.minRamMiB);
      set('visibility', patch.visibility);
      set('properties_json', patch.properties === undefined ? undefined : JSON.stringify(patch.properties));
      try {
        const result = db.prepare(`UPDATE images SET ${[...sets, 'updated_at = @at'].join(', ')} WHERE id = @id AND deleted_at IS NULL`).run(params);
        if (result.changes === 0) throw new NotFoundError('Image', id);
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Image', patch.name ?? id);
        throw error;
      }
      return get(id) as ImageRecord;
    },
    softDelete(id) {
      softDelete.run({ id, at: now() });
    },
    remove(id) {
      remove.run(id);
    },
  };
}

function toImage(row: Row): ImageRecord {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    ownerProjectId: textOrNull(row['owner_project_id']),
    visibility: text(row, 'visibility') as ImageVisibility,
    status: text(row, 'status') as ImageStatus,
    diskFormat: text(row, 'disk_format') as ImageDiskFormat,
    source: textOrNull(row['source']),
    sizeBytes: typeof row['size_bytes'] === 'number' ? row['size_bytes'] : null,
    checksumSha256: textOrNull(row['checksum_sha256']),
    minDiskGiB: num(row, 'min_disk_gib'),
    minRamMiB: num(row, 'min_ram_mib'),
    properties: parseStringMap(row['properties_json']),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
    deletedAt: textOrNull(row['deleted_at']),
  };
}
