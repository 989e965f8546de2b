// Terminal escapes never reach the terminal: names with control characters are refused at creation, and what
// comes from elsewhere (domain names from a remote host, error messages) is printed escaped.
import { describe, expect, it } from 'vitest';
import { cliIn as cli } from './run-in-process';
import { reconcileHostDomains } from '../../../main/hosts/reconcile';
import { openInventory } from '../../../main/inventory';
import { UNASSIGNED_PROJECT_NAME } from '../../../main/inventory/sqlite/seed';
import { useTempDirs } from '../inventory/helpers';

const tempDir = useTempDirs();

/** An OSC that retitles the terminal, then a CSI that clears it: what a hostile name carries. */
const OSC_TITLE = 'p\u001b]0;owned\u0007';
const CSI_CLEAR = '\u001b[2J';
/** C1 CSI (U+009B) and a right-to-left override: not caught by JSON's own escaping. */
const C1_AND_BIDI = 'x\u009b31m\u202eevil';

/** Any character the terminal could act on: C0 but newline, DEL, C1, and the bidi controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A host whose sync adopted domains with hostile names (names come from the remote libvirtd). */
function seedHostileDomains(dataDir: string): void {
  const inventory = openInventory({ dataDir });
  try {
    const host = inventory.store.hosts.insert({ name: 'lab1', uri: 'qemu+ssh://root@lab1.example/system' });
    const unassigned = inventory.store.projects.getByName(UNASSIGNED_PROJECT_NAME);
    if (unassigned === undefined) throw new Error('seed failed');
    inventory.store.write((repos) =>
      reconcileHostDomains(repos, { host, unassignedProjectId: unassigned.id, now: '2026-12-01T10:00:00.000Z' }, [
        { uuid: '11111111-1111-4111-8111-111111111111', name: OSC_TITLE, id: 1, state: 1, size: { vcpus: 1, memoryMiB: 64 } },
        { uuid: '22222222-2222-4222-8222-222222222222', name: C1_AND_BIDI, id: 2, state: 1, size: { vcpus: 1, memoryMiB: 64 } },
      ]),
    );
  } finally {
    inventory.close();
  }
}

describe('control characters in names', () => {
  it('refuses them when a project, flavor, server group or host is created, naming the character', async () => {
    const dataDir = tempDir();
    const attempts = [
      ['project', 'create', OSC_TITLE],
      ['project', 'create', 'ok', '--description', `a${CSI_CLEAR}`],
      ['flavor', 'create', OSC_TITLE, '--vcpus', '1', '--ram', '64', '--disk', '1'],
      ['flavor', 'create', 'f1', '--vcpus', '1', '--ram', '64', '--disk', '1', '--property', `k=${CSI_CLEAR}`],
      ['flavor', 'create', 'f2', '--vcpus', '1', '--ram', '64', '--disk', '1', '--property', `k\u009b=v`],
      ['flavor', 'create', 'f3', '--vcpus', '1', '--ram', '64', '--disk', '1', '--description', `x${C1_AND_BIDI}`],
      ['server-group', 'create', C1_AND_BIDI, 'affinity'],
      ['host', 'add', 'h1', 'test:///default', '--zone', `az${CSI_CLEAR}`],
      ['host', 'add', 'h2', 'test:///default', '--tag', `t${CSI_CLEAR}`],
      ['host', 'add', 'h3', 'qemu+ssh://root@h3.example/system', '--key-file', `/k/${CSI_CLEAR}`],
      ['host', 'add', 'h4', 'test:///%1b%5d0;x%07.xml'],
    ];
    for (const argv of attempts) {
      const run = await cli(dataDir, ...argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr, argv.join(' ')).toMatch(/control character/);
      expect(run.stderr, argv.join(' ')).not.toMatch(RAW_CONTROL);
      expect(run.stdout).toBe('');
    }
    const listed = await cli(dataDir, 'project', 'list', '--json');
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((p) => p.name).sort()).toEqual(['admin', 'unassigned']);
    expect(JSON.parse((await cli(dataDir, 'hosts', '--json')).stdout)).toEqual([]);
    // Multi-line descriptions stay allowed: a newline or a tab is not an escape sequence.
    expect((await cli(dataDir, 'project', 'create', 'multi', '--description', 'line one\nline two\tend')).code).toBe(0);
  });

  it('shows domain names from a remote host escaped in lists, show views, JSON and error messages', async () => {
    const dataDir = tempDir();
    seedHostileDomains(dataDir);
    const list = await cli(dataDir, 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).not.toMatch(RAW_CONTROL);
    expect(list.stdout).toContain('p\\x1b]0;owned\\x07');
    expect(list.stdout).toContain('x\\x9b31m\\u202eevil');
    // Every table line is as wide as the borders: escapes are measured as printed.
    const widths = new Set(list.stdout.trimEnd().split('\n').map((line) => line.length));
    expect(widths.size).toBe(1);

    const show = await cli(dataDir, 'show', '11111111-1111-4111-8111-111111111111');
    expect(show.stdout).not.toMatch(RAW_CONTROL);
    expect(show.stdout).toMatch(/\| name +\| p\\x1b\]0;owned\\x07 +\|/);

    const json = await cli(dataDir, 'list', '--json');
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as { name: string }[]).map((i) => i.name)).toEqual([OSC_TITLE, C1_AND_BIDI]);

    const missing = await cli(dataDir, 'show', `${CSI_CLEAR}ghost`);
    expect(missing).toMatchObject({ code: 1, stderr: 'error: Instance \\x1b[2Jghost not found\n' });
    const usage = await cli(dataDir, 'flavor', `${CSI_CLEAR}`);
    expect(usage.code).toBe(2);
    expect(usage.stderr).not.toMatch(RAW_CONTROL);
  });
});
