import { randomUUID } from 'node:crypto';
import { AlreadyExistsError } from '../errors';
import type { FlavorRecord } from '../model';
import type { FlavorRepository } from '../repositories';
import { allRows, isUniqueViolation, num, oneRow, parseStringMap, text, textOrNull, toFlag, type Row, type SqliteContext } from './rows';

/** SQLite implementation of {@link FlavorRepository}. */
export function sqliteFlavors({ db, now }: SqliteContext): FlavorRepository {
  const byId = db.prepare('SELECT * FROM flavors WHERE id = ?');
  const byName = db.prepare('SELECT * FROM flavors WHERE name = ?');
  // Numeric ids (Nova's classic 1..5) sort as numbers, then the rest by name.
  const all = db.prepare("SELECT * FROM flavors ORDER BY CASE WHEN id GLOB '[0-9]*' AND id NOT GLOB '*[^0-9]*' THEN CAST(id AS INTEGER) END, name");
  const insert = db.prepare(
    `INSERT INTO flavors (id, name, vcpus, ram_mib, disk_gib, ephemeral_gib, swap_mib, is_public, description,
       extra_specs_json, created_at, updated_at)
     VALUES (@id, @name, @vcpus, @ramMiB, @diskGiB, @ephemeralGiB, @swapMiB, @isPublic, @description, @extraSpecs, @at, @at)`,
  );
  const remove = db.prepare('DELETE FROM flavors WHERE id = ?');
  const access = db.prepare('SELECT project_id FROM flavor_projects WHERE flavor_id = ? ORDER BY project_id');
  const grant = db.prepare('INSERT OR IGNORE INTO flavor_projects (flavor_id, project_id) VALUES (?, ?)');
  const get = oneRow(byId, toFlavor);

  return {
    list: allRows(all, toFlavor),
    get,
    getByName: oneRow(byName, toFlavor),
    insert(flavor) {
      const id = flavor.id ?? randomUUID();
      if (get(id)) throw new AlreadyExistsError('Flavor with id', id);
      try {
        insert.run({
          id,
          name: flavor.name,
          vcpus: flavor.vcpus,
          ramMiB: flavor.ramMiB,
          diskGiB: flavor.diskGiB,
          ephemeralGiB: flavor.ephemeralGiB ?? 0,
          swapMiB: flavor.swapMiB ?? 0,
          isPublic: toFlag(flavor.isPublic ?? true),
          description: flavor.description ?? null,
          extraSpecs: JSON.stringify(flavor.extraSpecs ?? {}),
          at: now(),
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('Flavor', flavor.name);
        throw error;
      }
      return get(id) as FlavorRecord;
    },
    delete(id) {
      remove.run(id);
    },
    projectsWithAccess: allRows(access, (row) => text(row, 'project_id')),
    grantAccess(flavorId, projectId) {
      grant.run(flavorId, projectId);
    },
  };
}

function toFlavor(row: Row): FlavorRecord {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    vcpus: num(row, 'vcpus'),
    ramMiB: num(row, 'ram_mib'),
    diskGiB: num(row, 'disk_gib'),
    ephemeralGiB: num(row, 'ephemeral_gib'),
    swapMiB: num(row, 'swap_mib'),
    isPublic: num(row, 'is_public') === 1,
    description: textOrNull(row['description']),
    extraSpecs: parseStringMap(row['extra_specs_json']),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}
