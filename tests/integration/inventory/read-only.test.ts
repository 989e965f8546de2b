import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openInventory, type Inventory } from '../../../main/inventory';

// Needs no lab. The read-only commands of `virt-deck`, run by a user who may read the data directory but not write
// it. Tests run as root, whom file modes do not stop, so the CLI runs as `nobody` (setpriv); as another user the
// test removes its own write permission instead. The real thing: the real bin, a real file, a real kernel check.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repoRoot, 'scripts', 'virt-deck.mjs');
const isRoot = process.getuid?.() === 0;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));
const root = mkdtempSync(join(tmpdir(), 'virt-deck-ro-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const READ_ONLY_COMMANDS = [
  ['hosts'],
  ['host', 'list'],
  ['host', 'show', 'lab1'],
  ['list'],
  ['show', 'vm1'],
  ['flavor', 'list'],
  ['flavor', 'show', 'm1.tiny'],
  ['project', 'list'],
  ['quota', 'show'],
  ['server-group', 'list'],
];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the CLI as a user without write access to `dataDir`. */
function cliAsReader(dataDir: string, args: readonly string[]): Promise<Run> {
  const command = isRoot ? [setpriv as string, '--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath] : [process.execPath];
  return new Promise((resolveRun) => {
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: root, VIRT_DECK_CLI_FROM_SOURCE: '1' };
    execFile(command[0] as string, [...command.slice(1), bin, '--data-dir', dataDir, ...args], { cwd: root, env }, (error, stdout, stderr) => {
      resolveRun({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

/** A data directory holding a host, an instance and a project, made readable but not writable by the reader. */
function readableInventory(name: string): { dataDir: string; file: string } {
  const dataDir = join(root, name);
  const inventory = openInventory({ dataDir });
  try {
    const host = inventory.store.hosts.insert({ name: 'lab1', uri: 'qemu+ssh://root@lab1.example/system' });
    const admin = inventory.services.projects.show('admin');
    inventory.store.instances.insert({ name: 'vm1', projectId: admin.id, hostId: host.id, vmState: 'active', vcpus: 1, ramMiB: 64, diskGiB: 1 });
    inventory.services.projects.create({ name: 'demo' });
  } finally {
    inventory.close();
  }
  shareReadOnly(dataDir);
  return { dataDir, file: join(dataDir, 'inventory.sqlite3') };
}

/** Let the reader in, without write access: root lets `nobody` read; another user takes its own write bits away. */
function shareReadOnly(dataDir: string): void {
  const fileMode = isRoot ? 0o644 : 0o444;
  for (const entry of readdirSync(dataDir)) chmodSync(join(dataDir, entry), fileMode);
  chmodSync(dataDir, isRoot ? 0o755 : 0o555);
  chmodSync(root, 0o755);
}

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.skipIf(isRoot && setpriv === undefined)('read-only commands on a data directory the user can only read', () => {
  it('work on a closed inventory, write nothing and warn once that the directory is open to others', async () => {
    const { dataDir, file } = readableInventory('closed');
    const before = digest(file);
    for (const args of READ_ONLY_COMMANDS) {
      const run = await cliAsReader(dataDir, args);
      expect(run, args.join(' ')).toMatchObject({ code: 0 });
      expect(run.stderr.split('\n').filter((line) => line.includes('warning:')), args.join(' ')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/readonly database/);
    }
    expect((await cliAsReader(dataDir, ['list'])).stdout).toMatch(/\| vm1 +\| ACTIVE/);
    expect((await cliAsReader(dataDir, ['project', 'list'])).stdout).toMatch(/\| demo /);
    expect(digest(file)).toBe(before);
    expect(readdirSync(dataDir)).toEqual(['inventory.sqlite3']);
  });

  it('work while the app holds the inventory open (reading its write-ahead log), seeing the latest commit', async () => {
    const { dataDir, file } = readableInventory('live');
    if (!isRoot) chmodSync(dataDir, 0o755); // the writer below needs its directory back
    let writer: Inventory | undefined;
    try {
      writer = openInventory({ dataDir });
      writer.services.projects.create({ name: 'latest' });
      shareReadOnly(dataDir);
      expect(existsSync(`${file}-wal`)).toBe(true);
      const run = await cliAsReader(dataDir, ['project', 'list']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/\| latest /);
      expect((await cliAsReader(dataDir, ['hosts'])).code).toBe(0);
    } finally {
      writer?.close();
    }
  });

  it('refuse a write command with one clear line instead of a stack', async () => {
    const { dataDir, file } = readableInventory('write');
    const before = digest(file);
    const run = await cliAsReader(dataDir, ['project', 'create', 'nope']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^error: .*(readonly|read-only|permission denied)/i);
    expect(digest(file)).toBe(before);
  });
});
