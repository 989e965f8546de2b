// How the inventory file is opened: its modes when created, the warning about a data directory others can read,
// and read-only opening (which never writes). The unreadable-directory case itself, as a user without write
// access, is in tests/integration/inventory/read-only.test.ts (tests run as root here, whom file modes do not stop).
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/app';
import { runCli } from '../../../main/cli/run';
import { openInventory } from '../../../main/inventory';
import { useTempDirs } from './helpers';

const tempDir = useTempDirs();

const mode = (path: string): number => statSync(path).mode & 0o777;
const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A data directory with a closed inventory holding one extra project. */
function closedInventory(): { dataDir: string; file: string } {
  const dataDir = join(tempDir(), 'data');
  const inventory = openInventory({ dataDir });
  inventory.services.projects.create({ name: 'demo' });
  inventory.close();
  return { dataDir, file: join(dataDir, 'inventory.sqlite3') };
}

describe('inventory file modes', () => {
  it('creates the data directory 0700 and the database, its WAL and SHM 0600, whatever the umask', () => {
    const previous = process.umask(0o022);
    try {
      const dataDir = join(tempDir(), 'nested', 'data');
      const inventory = openInventory({ dataDir });
      try {
        inventory.services.projects.create({ name: 'demo' }); // a write: the WAL has content
        const file = join(dataDir, 'inventory.sqlite3');
        expect(mode(dataDir)).toBe(0o700);
        expect(mode(file)).toBe(0o600);
        expect(mode(`${file}-wal`)).toBe(0o600);
        expect(mode(`${file}-shm`)).toBe(0o600);
        expect(inventory.warnings).toEqual([]);
      } finally {
        inventory.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it('warns when other users can read the data directory, naming it and the fix', () => {
    const dataDir = join(tempDir(), 'shared');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const inventory = openInventory({ dataDir });
    inventory.close();
    expect(inventory.warnings).toEqual([
      `The data directory ${dataDir} is accessible to other users (mode 0755); it names hosts, user names and key files: chmod 700 ${dataDir}`,
    ]);
  });

  it('prints that warning once in the CLI and in the app log', async () => {
    const dataDir = join(tempDir(), 'shared');
    mkdirSync(dataDir, { mode: 0o750 });
    chmodSync(dataDir, 0o750);
    let stderr = '';
    const code = await runCli(['flavor', 'list', '--data-dir', dataDir], { stdout: () => undefined, stderr: (t) => (stderr += t), env: {} });
    expect(code).toBe(0);
    expect(stderr).toBe(`virt-deck: warning: The data directory ${dataDir} is accessible to other users (mode 0750); it names hosts, user names and key files: chmod 700 ${dataDir}\n`);

    const logged: string[] = [];
    const app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [], log: (line) => logged.push(line) });
    try {
      await app.service.call('flavors.list', {}, { transport: 'websocket' });
      await app.service.call('projects.list', {}, { transport: 'websocket' });
    } finally {
      await app.close();
    }
    expect(logged.filter((line) => line.includes('accessible to other users'))).toEqual([
      `virt-deck: warning: The data directory ${dataDir} is accessible to other users (mode 0750); it names hosts, user names and key files: chmod 700 ${dataDir}`,
    ]);
  });
});

describe('read-only opening', () => {
  it('reads a closed inventory (no WAL to merge) as a snapshot, creating nothing beside it', () => {
    const { dataDir, file } = closedInventory();
    expect(readdirSync(dataDir)).toEqual(['inventory.sqlite3']);
    const before = digest(file);
    const inventory = openInventory({ dataDir, readOnly: true });
    try {
      expect(inventory.store.db.readonly).toBe(true);
      expect(inventory.services.projects.list().map((p) => p.name)).toContain('demo');
      expect(inventory.services.flavors.list().length).toBeGreaterThan(0);
      expect(() => inventory.services.projects.create({ name: 'other' })).toThrow(/readonly|read-only/);
    } finally {
      inventory.close();
    }
    expect(digest(file)).toBe(before);
    // No -wal or -shm: a directory the user cannot write is no obstacle.
    expect(readdirSync(dataDir)).toEqual(['inventory.sqlite3']);
  });

  it('reads through the WAL while a writer holds the inventory open, seeing its latest commit', () => {
    const { dataDir, file } = closedInventory();
    const writer = openInventory({ dataDir });
    try {
      writer.services.projects.create({ name: 'latest' });
      expect(existsSync(`${file}-wal`)).toBe(true);
      const reader = openInventory({ dataDir, readOnly: true });
      try {
        expect(reader.store.db.readonly).toBe(true);
        expect(reader.services.projects.list().map((p) => p.name)).toContain('latest');
      } finally {
        reader.close();
      }
    } finally {
      writer.close();
    }
  });

  it('creates a missing inventory even for a read-only command (nothing to read yet)', () => {
    const dataDir = join(tempDir(), 'fresh');
    const inventory = openInventory({ dataDir, readOnly: true });
    try {
      expect(inventory.services.flavors.list().length).toBeGreaterThan(0);
    } finally {
      inventory.close();
    }
  });
});
