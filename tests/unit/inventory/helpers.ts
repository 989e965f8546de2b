import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { HostFacts } from '../../../main/inventory/model';
import type { NewHost } from '../../../main/inventory/repositories';
import { openSqliteStore, type SqliteInventoryStore } from '../../../main/inventory/sqlite/store';

/** A fresh temp directory per call, removed after the test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'virt-deck-inv-'));
    dirs.push(dir);
    return dir;
  };
}

/** A real on-disk store in a temp directory, closed after the test. */
export function useTempStore(): (options?: { readonly now?: () => Date }) => SqliteInventoryStore {
  const tempDir = useTempDirs();
  const stores: SqliteInventoryStore[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });
  return (options = {}) => {
    const store = openSqliteStore({ file: join(tempDir(), 'inventory.sqlite3'), ...options });
    stores.push(store);
    return store;
  };
}

/** Facts of a small x86_64 QEMU host. */
export function hostFacts(overrides: Partial<HostFacts> = {}): HostFacts {
  return { hostname: 'lab', hypervisorType: 'QEMU', domainType: 'qemu', arch: 'x86_64', cpus: 4, memoryMiB: 8704, diskGiB: 100, ...overrides };
}

/** Add an up, enabled host. */
export function addHost(store: SqliteInventoryStore, name: string, facts: Partial<HostFacts> = {}, extra: Partial<NewHost> = {}) {
  const host = store.hosts.insert({ name, uri: `qemu+ssh://root@${name}/system`, facts: hostFacts(facts), ...extra });
  return store.hosts.update(host.id, { status: 'up' });
}
