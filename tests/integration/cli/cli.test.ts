import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The real `virt-deck` bin, run as a child process against a temp data directory.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repoRoot, 'scripts', 'virt-deck.mjs');
const root = mkdtempSync(join(tmpdir(), 'virt-deck-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `data-${dirs++}`);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const baseEnv = { ...process.env };
    delete baseEnv['VIRT_DECK_DATA_DIR'];
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      // Always the source under test, never a stale dist/cli.mjs; HOME points away from the real user's data.
      env: { ...baseEnv, HOME: join(root, 'home'), XDG_DATA_HOME: '', VIRT_DECK_CLI_FROM_SOURCE: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('virt-deck CLI', () => {
  it('lists the seeded flavors as a nova table on a fresh data directory', async () => {
    const dir = freshDir();
    const run = await cli(['flavor', 'list', '--data-dir', dir]);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        '+----+-----------+------------+------+-----------+------+-------+-----------+',
        '| ID | Name      | Memory_MiB | Disk | Ephemeral | Swap | VCPUs | Is_Public |',
        '+----+-----------+------------+------+-----------+------+-------+-----------+',
        '| 1  | m1.tiny   | 512        | 1    | 0         |      | 1     | True      |',
        '| 2  | m1.small  | 2048       | 20   | 0         |      | 1     | True      |',
        '| 3  | m1.medium | 4096       | 40   | 0         |      | 2     | True      |',
        '| 4  | m1.large  | 8192       | 80   | 0         |      | 4     | True      |',
        '| 5  | m1.xlarge | 16384      | 160  | 0         |      | 8     | True      |',
        '+----+-----------+------------+------+-----------+------+-------+-----------+',
        '',
      ].join('\n'),
    });
    expect(existsSync(join(dir, 'inventory.sqlite3'))).toBe(true);
  });

  it('creates, shows and deletes a flavor, with one-line errors and exit 1', async () => {
    const dir = freshDir();
    const created = await cli(['flavor', 'create', 'm1.nano', '--vcpus', '1', '--ram', '128', '--disk', '1', '--id', '42', '--property', 'hw:cpu_policy=shared', '--data-dir', dir]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('| 42 | m1.nano | 128        | 1    | 0         |      | 1     | True      |');

    const [shown, duplicate, invalid] = await Promise.all([
      cli(['flavor', 'show', 'm1.nano', '--data-dir', dir]),
      cli(['flavor', 'create', 'm1.nano', '--vcpus', '1', '--ram', '128', '--disk', '1', '--data-dir', dir]),
      cli(['flavor', 'create', 'm1.bad', '--vcpus', '0', '--ram', '128', '--disk', '1', '--data-dir', dir]),
    ]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^\| ram +\| 128 +\|$/m);
    expect(shown.stdout).toContain('| extra_specs     | {"hw:cpu_policy":"shared"} |');
    expect(duplicate).toEqual({ code: 1, stdout: '', stderr: 'error: Flavor m1.nano already exists\n' });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toBe('error: Invalid flavor: flavor.vcpus: vcpus must be ≥ 1\n');

    expect((await cli(['flavor', 'delete', '42', '--data-dir', dir])).stdout).toBe('Deleted flavor m1.nano (id 42)\n');
    expect(await cli(['flavor', 'show', 'm1.nano', '--data-dir', dir])).toEqual({ code: 1, stdout: '', stderr: 'error: Flavor m1.nano not found\n' });
  });

  it('prints JSON for scripts', async () => {
    const run = await cli(['--json', 'flavor', 'list', '--data-dir', freshDir()]);
    expect(run.code).toBe(0);
    const flavors = JSON.parse(run.stdout) as { name: string; ramMiB: number }[];
    expect(flavors.map((f) => [f.name, f.ramMiB])).toContainEqual(['m1.large', 8192]);
  });

  it('shows and sets quotas with usage, by project name', async () => {
    const dir = freshDir();
    expect((await cli(['project', 'create', 'demo', '--description', 'Demo project', '--data-dir', dir])).code).toBe(0);
    const set = await cli(['quota', 'set', '--project', 'demo', '--cores', '8', '--instances', '-1', '--data-dir', dir]);
    expect(set.code).toBe(0);
    const [shown, projects, ghost] = await Promise.all([
      cli(['quota', 'show', '--project', 'demo', '--data-dir', dir]),
      cli(['project', 'list', '--json', '--data-dir', dir]),
      cli(['quota', 'show', '--project', 'ghost', '--data-dir', dir]),
    ]);
    expect(shown.stdout).toBe(
      [
        '+-----------+-------+--------+',
        '| Quota     | Limit | In Use |',
        '+-----------+-------+--------+',
        '| cores     | 8     | 0      |',
        '| disk      | -1    | 0      |',
        '| instances | -1    | 0      |',
        '| ram       | 51200 | 0      |',
        '+-----------+-------+--------+',
        '',
      ].join('\n'),
    );
    expect((JSON.parse(projects.stdout) as { name: string }[]).map((p) => p.name)).toEqual(['admin', 'demo', 'unassigned']);
    expect(ghost).toEqual({ code: 1, stdout: '', stderr: 'error: Project ghost not found\n' });
  });

  it('creates, lists and deletes server groups', async () => {
    const dir = freshDir();
    const created = await cli(['server-group', 'create', 'web', 'anti-affinity', '--max-server-per-host', '2', '--data-dir', dir]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/\| web {2}\| anti-affinity \| max_server_per_host=2 \| +\| admin {3}\|/);
    const listed = await cli(['server-group', 'list', '--json', '--data-dir', dir]);
    expect((JSON.parse(listed.stdout) as { name: string; policy: string }[]).map((g) => [g.name, g.policy])).toEqual([['web', 'anti-affinity']]);
    const [deleted, bad] = await Promise.all([
      cli(['server-group', 'delete', 'web', '--data-dir', dir]),
      cli(['server-group', 'create', 'db', 'clustered', '--data-dir', dir]),
    ]);
    expect(deleted.stdout).toMatch(/^Deleted server group web \(id [0-9a-f-]{36}\)\n$/);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: Invalid server group: .*policy must be one of affinity, anti-affinity, soft-affinity, soft-anti-affinity\n$/);
  });

  it('exits 2 with a hint on usage errors, without touching the data directory', async () => {
    const dir = freshDir();
    const runs = await Promise.all([
      cli(['--data-dir', dir]),
      cli(['frobnicate', '--data-dir', dir]),
      cli(['flavor', '--data-dir', dir]),
      cli(['flavor', 'create', 'x', '--ram', '1', '--disk', '1', '--data-dir', dir]),
      cli(['flavor', 'create', 'x', '--vcpus', 'two', '--data-dir', dir]),
      cli(['quota', 'set', '--cores', 'lots', '--data-dir', dir]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(runs.map((r) => r.stderr.split('\n')[0])).toEqual([
      'virt-deck: missing command',
      "virt-deck: unknown command 'frobnicate'",
      "virt-deck: 'flavor' needs a subcommand: list, show, create, delete",
      "virt-deck: 'flavor create' needs --vcpus",
      'virt-deck: --vcpus expects a number, got "two"',
      'virt-deck: --cores expects a whole number, -1 (unlimited) or "default", got "lots"',
    ]);
    expect(runs[3]?.stderr).toContain("Run 'virt-deck help flavor create' for usage.");
    expect(existsSync(dir)).toBe(false);
  });

  it('prints help with exit 0', async () => {
    const [overview, command] = await Promise.all([cli(['help']), cli(['flavor', 'create', '--help'])]);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain('server-group create');
    expect(overview.stdout).toContain('Exit codes: 0 success, 1 error (one line on stderr), 2 usage error.');
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(/^usage: virt-deck flavor create <name> \[options\]/);
    expect(command.stdout).toContain('--ram <MiB>');
  });

  it('finds the data directory through VIRT_DECK_DATA_DIR and reports an unusable one in one line', async () => {
    const dir = freshDir();
    const viaEnv = await cli(['project', 'list'], { VIRT_DECK_DATA_DIR: dir });
    expect(viaEnv.code).toBe(0);
    expect(existsSync(join(dir, 'inventory.sqlite3'))).toBe(true);

    const file = join(root, 'not-a-dir');
    writeFileSync(file, 'x');
    const bad = await cli(['flavor', 'list', '--data-dir', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: Cannot create the data directory .*not-a-dir: .*\n$/);
  });
});
