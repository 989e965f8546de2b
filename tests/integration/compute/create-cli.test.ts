// `virt-deck create` as a user runs it: the real bin, a host added and synced from the shell, the lab's boot image
// imported; `--wait` prints each task state as it passes and then the instance as `show` does; the command does not
// return before the build ended, and a failed build exits 1 with the fault.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../../lab/lab-info';
import { labHost } from '../../lab/virsh';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repoRoot, 'scripts', 'virt-deck.mjs');
const lab = labInfo();
const dataDir = mkdtempSync(join(tmpdir(), 'vd-create-cli-'));

/** Run the bin; never throws. */
async function cli(dir: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args, '--data-dir', dir], { cwd: repoRoot, env: { ...process.env, VIRT_DECK_CLI_FROM_SOURCE: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  // A test-driver host: the build is fast; its state is private to each connection, so nothing outlives the command.
  const added = await cli(dataDir, ['host', 'add', 'small', labHost(lab, 'small').unixUri, '--network', 'small-net']);
  expect(added).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Added host small: test\+unix:\/\/\/.*small\.xml\?socket=.*\n {2}status unknown .*storage pool \(automatic\), network small-net\n$/) });
  expect((await cli(dataDir, ['sync'])).code).toBe(0);
  expect((await cli(dataDir, ['image', 'import', lab.bootImage.path, '--name', 'boot'])).code).toBe(0);
  expect((await cli(dataDir, ['flavor', 'create', 'vd.tiny', '--vcpus', '1', '--ram', '128', '--disk', '1'])).code).toBe(0);
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('virt-deck create', () => {
  it('--wait prints the nova boot table, each task state as it passes, then the active instance', async () => {
    const run = await cli(dataDir, ['create', 'vd-lab-cli', '--flavor', 'vd.tiny', '--image', 'boot', '--description', 'from the shell', '--wait']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    // nova boot's table first: the instance as claimed.
    expect(out).toMatch(/\| status +\| BUILD +\|/);
    expect(out).toMatch(/\| OS-EXT-STS:task_state +\| scheduling +\|/);
    expect(out).toMatch(/\| description +\| from the shell +\|/);
    const steps = [...out.matchAll(/^vd-lab-cli: (\S+)/gm)].map((m) => m[1]);
    expect(steps).toEqual(['networking', 'block_device_mapping', 'spawning', 'active']);
    // Then `show`: ACTIVE on small, launched.
    const show = out.slice(out.lastIndexOf('vd-lab-cli: active'));
    expect(show).toMatch(/\| status +\| ACTIVE +\|/);
    expect(show).toMatch(/\| OS-EXT-SRV-ATTR:host +\| small +\|/);
    expect(show).toMatch(/\| OS-SRV-USG:launched_at +\| \d{4}-/);
    const listed = await cli(dataDir, ['list']);
    expect(listed.stdout).toMatch(/\| vd-lab-cli +\| ACTIVE +\| - +\| Running +\|/);
  });

  it('without --wait still returns only when the build ended; a failed build exits 1 with the fault', async () => {
    const run = await cli(dataDir, ['create', 'vd-lab-bad', '--flavor', 'vd.tiny', '--image', 'boot', '--network', 'nope']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\| status +\| BUILD +\|/);
    expect(run.stdout).toContain('vd-lab-bad: ERROR: Build failed on host small during networking: Network nope does not exist on host small');
    expect(run.stderr).toMatch(/^error: 1 of 1 instance failed to build: vd-lab-bad: Build failed on host small during networking: Network nope does not exist on host small: it has small-net \(active\); no other host to retry on: every host that could take it was tried \(small\)\n$/);
    const shown = await cli(dataDir, ['show', 'vd-lab-bad']);
    expect(shown.stdout).toMatch(/\| status +\| ERROR +\|/);
    expect(shown.stdout).toMatch(/\| build_attempts +\| 1\. small: rank 1 of 1 candidate/);
  });

  it('refuses a bad command line before touching anything', async () => {
    expect(await cli(dataDir, ['create', 'x', '--image', 'boot'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^virt-deck: 'create' needs --flavor\n/) });
    expect(await cli(dataDir, ['create', 'x', '--flavor', 'vd.tiny', '--image', 'boot', '--count', '0'])).toMatchObject({ code: 1, stderr: 'error: count: must be a whole number from 1 to 100, not 0\n' });
    expect(await cli(dataDir, ['create', 'x', '--flavor', 'vd.tiny', '--image', 'boot', '--user-data', '/nonexistent'])).toMatchObject({ code: 1, stderr: 'error: --user-data /nonexistent: no such file\n' });
  });
});
