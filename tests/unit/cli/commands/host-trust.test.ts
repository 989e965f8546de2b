import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliIn as cli } from '../run-in-process';
import { useTempDirs } from '../../inventory/helpers';

const tempDir = useTempDirs();
// An empty home: the machine's own ~/.ssh/config must not add warnings of its own.
const realHome = process.env['HOME'];
beforeEach(() => {
  process.env['HOME'] = tempDir();
});
afterEach(() => {
  process.env['HOME'] = realHome;
});

describe('virt-deck host add', () => {
  it('warns on stderr when the URI skips host-key checks for unknown hosts (no_verify=1)', async () => {
    const dataDir = tempDir();
    const run = await cli(dataDir, 'host', 'add', 'lab1', 'qemu+ssh://root@lab1.example/system?no_verify=1');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Added host lab1: qemu\+ssh:\/\/root@lab1.example\/system\?no_verify=1\n {2}status unknown /);
    expect(run.stderr).toMatch(/^warning: no_verify=1: lab1\.example is accepted even when its host key is in no known_hosts file.*\n$/);
    // Also with --json, where stdout must stay parseable.
    const json = await cli(dataDir, 'host', 'add', 'lab2', 'qemu+ssh://root@lab2.example/system?no_verify=1', '--json');
    expect((JSON.parse(json.stdout) as { warnings: string[] }).warnings).toHaveLength(1);
    expect(json.stderr).toMatch(/^warning: no_verify=1/);
    expect((await cli(dataDir, 'host', 'add', 'lab3', 'qemu+ssh://root@lab3.example/system')).stderr).toBe('');
  });

  it('refuses /dev/zero as a key file', async () => {
    const run = await cli(tempDir(), 'host', 'add', 'lab1', 'qemu+ssh://root@lab1.example/system', '--key-file', '/dev/zero');
    expect(run).toMatchObject({ code: 1, stderr: 'error: Cannot use SSH key file /dev/zero: it is a character device, not a regular file\n' });
  });
});
