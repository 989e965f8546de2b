import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

/** Name of the project new instances go to when none is given. */
export const ADMIN_PROJECT_NAME = 'admin';

/** Name of the project that holds domains found on hosts that Virt Deck did not create (adopted domains). */
export const UNASSIGNED_PROJECT_NAME = 'unassigned';

/** Nova's classic flavors, with their classic ids. */
export const CLASSIC_FLAVORS = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ramMib: 512, diskGib: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ramMib: 2048, diskGib: 20 },
  { id: '3', name: 'm1.medium', vcpus: 2, ramMib: 4096, diskGib: 40 },
  { id: '4', name: 'm1.large', vcpus: 4, ramMib: 8192, diskGib: 80 },
  { id: '5', name: 'm1.xlarge', vcpus: 8, ramMib: 16384, diskGib: 160 },
] as const;

/**
 * Insert the rows a new inventory starts with. Called once, by migration 1, so it is written against the v1 schema
 * in plain SQL rather than through repositories that follow the latest schema.
 */
export function seedDefaults(db: Database.Database, now: string): void {
  const project = db.prepare(
    'INSERT INTO projects (id, name, description, enabled, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
  );
  project.run(randomUUID(), ADMIN_PROJECT_NAME, 'Default project', now, now);
  const unassignedId = randomUUID();
  project.run(unassignedId, UNASSIGNED_PROJECT_NAME, 'Domains found on hosts that Virt Deck did not create', now, now);
  // Adopted domains already run: quota would only make them look "over limit", so this project is unlimited.
  const quota = db.prepare('INSERT INTO quotas (project_id, resource, hard_limit, updated_at) VALUES (?, ?, -1, ?)');
  for (const resource of ['instances', 'cores', 'ram', 'disk']) quota.run(unassignedId, resource, now);

  const flavor = db.prepare(
    `INSERT INTO flavors (id, name, vcpus, ram_mib, disk_gib, ephemeral_gib, swap_mib, is_public, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, 0, 1, ?, ?)`,
  );
  for (const f of CLASSIC_FLAVORS) flavor.run(f.id, f.name, f.vcpus, f.ramMib, f.diskGib, now, now);
}
