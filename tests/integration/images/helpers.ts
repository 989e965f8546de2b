// Shared set-up of the image integration tests: a private dir pool on the lab's QEMU host (so base volumes never
// mix with other tests' volumes, and `lab down` sweeps it by its vd-lab- name), a fresh data directory with its
// inventory, and lab hosts registered in it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { HostRecord } from '../../../main/inventory/model';
import { openSqliteStore, type SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { connectLibvirt, isLibvirtError, type LibvirtConnection } from '../../../main/libvirt';
import { labHost, uniqueName, type LabInfo } from '../../lab';
import { labInfo } from '../../lab/lab-info';

/** A dir pool of its own on the QEMU host, emptied after each test and removed after the file. */
export function usePrivatePool(): { lab: () => LabInfo; pool: () => string; conn: () => LibvirtConnection } {
  let lab: LabInfo | undefined;
  let conn: LibvirtConnection | undefined;
  let dir: string | undefined;
  const name = uniqueName('img-pool');
  beforeAll(async () => {
    lab = labInfo();
    conn = await connectLibvirt(labHost(lab, 'qemu').unixUri);
    dir = mkdtempSync(join(tmpdir(), 'vd-lab-img-pool-'));
    chmodSync(dir, 0o755);
    const pool = await conn.storage.createPoolXml(`<pool type='dir'><name>${name}</name><target><path>${dir}</path></target></pool>`);
    await conn.storage.refreshPool(pool);
  });
  afterEach(async () => {
    if (conn !== undefined) await emptyPool(conn, name);
  });
  afterAll(async () => {
    if (conn !== undefined) {
      await emptyPool(conn, name).catch(() => undefined);
      await conn.storage.destroyPool(await conn.storage.lookupPoolByName(name)).catch(() => undefined);
      await conn.close();
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('pool set-up failed');
    return value;
  };
  return { lab: () => need(lab), pool: () => name, conn: () => need(conn) };
}

/** Delete every volume of a pool. */
export async function emptyPool(conn: LibvirtConnection, poolName: string): Promise<void> {
  const pool = await conn.storage.lookupPoolByName(poolName);
  await conn.storage.refreshPool(pool).catch(() => undefined);
  for (const vol of await conn.storage.listVolumes(pool)) {
    await conn.storage.deleteVol(vol).catch((error: unknown) => {
      if (!isLibvirtError(error)) throw error;
    });
  }
}

/** Volume names in a pool. */
export async function volumeNames(conn: LibvirtConnection, poolName: string): Promise<string[]> {
  const pool = await conn.storage.lookupPoolByName(poolName);
  await conn.storage.refreshPool(pool).catch(() => undefined);
  return (await conn.storage.listVolumes(pool)).map((vol) => vol.name).sort();
}

/** A data directory with its inventory, removed after each test. */
export function useDataDir(): () => { dataDir: string; store: SqliteInventoryStore } {
  const made: { dataDir: string; store: SqliteInventoryStore }[] = [];
  afterEach(() => {
    for (const { dataDir, store } of made.splice(0)) {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  return () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vd-images-data-'));
    const store = openSqliteStore({ file: join(dataDir, 'inventory.sqlite3') });
    const entry = { dataDir, store };
    made.push(entry);
    return entry;
  };
}

/** Register a lab host in an inventory, reached over `transport`, with the pool instances' disks go to. */
export function addLabHost(store: SqliteInventoryStore, lab: LabInfo, name: string, transport: 'unix' | 'ssh', storagePool: string | null = null): HostRecord {
  const host = labHost(lab, name);
  return store.hosts.insert({ name: `${name}-${transport}`, uri: transport === 'unix' ? host.unixUri : host.sshUri, storagePool });
}
