// The `virt-deck` actions as a user runs them: separate processes against one data directory, each dialing the host
// itself. Two processes acting on one instance at once: one wins, the other is refused cleanly. A stop whose guest
// ignores ACPI exits 1 and says how to force it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { labHost, virsh } from '../../lab/virsh';
import { testDomainXml } from './helpers';

const lab = labInfo();
const dataDir = mkdtempSync(join(tmpdir(), 'vd-compute-cli-'));
const cliPath = resolve(__dirname, '../../../scripts/virt-deck.mjs');
const defined: { host: string; name: string }[] = [];

afterAll(async () => {
  for (const { host, name } of defined) {
    await virsh(lab, ['destroy', name], { host }).catch(() => undefined);
    await virsh(lab, ['undefine', '--managed-save', '--snapshots-metadata', name], { host }).catch(() => undefined);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `virt-deck …` as its own process on the suite's data directory. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [cliPath, ...args, '--data-dir', dataDir], { env: { ...process.env, VIRT_DECK_CLI_FROM_SOURCE: '1' }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, stdout, stderr });
    });
  });
}

async function define(host: string, name: string, xml: string): Promise<void> {
  const file = join(dataDir, `${name}.xml`);
  writeFileSync(file, xml);
  await virsh(lab, ['define', file], { host });
  defined.push({ host, name });
}

describe('virt-deck instance actions', () => {
  it('adopts with sync, acts, and lets one of two concurrent processes win', async () => {
    expect((await cli('host', 'add', 'shared', labHost(lab, 'test-default').unixUri)).code).toBe(0);
    const name = uniqueName('cli');
    await define('test-default', name, testDomainXml(name));
    expect((await cli('sync', '--host', 'shared')).code).toBe(0);

    const start = await cli('start', name);
    expect(start).toMatchObject({ code: 0, stderr: '' });
    expect(start.stdout).toMatch(new RegExp(`^Instance ${name} \\([0-9a-f-]{36}\\) is ACTIVE: vm_state active, power state Running\\.\\n$`));
    const json = JSON.parse((await cli('pause', name, '--json')).stdout) as { done: boolean; instance: { status: string } };
    expect(json).toMatchObject({ done: true, instance: { status: 'PAUSED' } });
    await cli('unpause', name);

    const [a, b] = await Promise.all([cli('stop', name), cli('suspend', name)]);
    const runs = [a, b];
    expect(runs.filter((r) => r.code === 0)).toHaveLength(1);
    const loser = runs.find((r) => r.code !== 0) as Run;
    expect(loser.code).toBe(1);
    // Refused either while the winner's task ran, or after it left the instance in a state the other cannot start from.
    expect(loser.stderr).toMatch(new RegExp(`^error: Cannot '(stop|suspend)' instance ${name} while it is in (task_state (powering-off|suspending)|vm_state (stopped|suspended))\\n$`));

    const log = JSON.parse((await cli('action-list', name, '--json')).stdout) as { action: string }[];
    expect(log.map((l) => l.action).slice(0, 4)).toEqual([expect.stringMatching(/^(stop|suspend)$/), 'unpause', 'pause', 'start']);
    expect((await cli('settings', 'set', 'stop_timeout_seconds', 'soon')).code).toBe(2);
  });

  it('exits 1 when a stop times out, saying how to force it; --force does', async () => {
    expect((await cli('host', 'add', 'qemu', labHost(lab, 'qemu').unixUri)).code).toBe(0);
    const name = uniqueName('cli-noacpi');
    // No OS: nobody answers the ACPI power button.
    await define('qemu', name, `<domain type='qemu'><name>${name}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><features><acpi/></features></domain>`);
    expect((await cli('sync', '--host', 'qemu')).code).toBe(0);
    expect((await cli('start', name)).code).toBe(0);
    const stop = await cli('stop', name, '--timeout', '1');
    expect(stop.code).toBe(1);
    expect(stop.stdout).toMatch(new RegExp(`is ACTIVE: .*\\nInstance ${name} did not stop within 1 s of the ACPI shutdown request; it is still running\\. Force it off to stop it now\\.\\nTo force it off now: virt-deck stop --force [0-9a-f-]{36}\\n$`));
    const forced = await cli('stop', name, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('is SHUTOFF');
    expect((await cli('stop', name, '--force', '--timeout', '3')).code).toBe(2);
    const deleted = await cli('delete', name);
    expect(deleted).toMatchObject({ code: 0, stdout: `Instance ${name} deleted.\n` });
    expect(await virsh(lab, ['list', '--all', '--name'])).not.toContain(name);
  });
});
