// End to end: a `virsh start` or `virsh destroy` on the lab's test-default host, until the instance's row shows its
// new Status on screen. virsh runs interactively (one open connection), so the command's own start-up is not counted.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { uniqueName, virsh, type LabInfo } from '../../lab';
import { statusPaintedAt, watchStatuses } from './page-probes';

/** Domains defined for the run, each started and stopped in turn. */
export interface LatencyDomains {
  readonly names: readonly string[];
  /** Their UUIDs, as virsh reports them. */
  readonly uuids: readonly string[];
  remove(): Promise<void>;
}

/** Define and start `count` small `vd-lab-*` domains on test-default (removed by `remove()`). */
export async function defineLatencyDomains(lab: LabInfo, count: number): Promise<LatencyDomains> {
  const dir = mkdtempSync(join(tmpdir(), 'vd-bench-ui-lat-'));
  const names = Array.from({ length: count }, () => uniqueName('uilat'));
  const onTestDefault = (args: readonly string[]) => virsh(lab, args, { host: 'test-default' });
  const remove = async () => {
    for (const name of names) {
      await onTestDefault(['destroy', name]).catch(() => undefined);
      await onTestDefault(['undefine', name]).catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const uuids: string[] = [];
    for (const name of names) {
      const xml = join(dir, `${name}.xml`);
      writeFileSync(xml, `<domain type='test'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>\n`);
      await onTestDefault(['define', xml]);
      await onTestDefault(['start', name]);
      uuids.push(await onTestDefault(['domuuid', name]));
    }
    return { names, uuids, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Start and stop latencies (ms), virsh command written → row painted with ACTIVE / SHUTOFF. */
export interface StateChangeLatencies {
  readonly start: number[];
  readonly stop: number[];
}

/**
 * `rounds` times: stop every domain, then start every domain, one command at a time, each timed until the page has
 * painted the row's new Status. The page must show the domains' rows (running) when this starts.
 */
export async function measureStateChanges(page: Page, lab: LabInfo, domains: LatencyDomains, rounds: number): Promise<StateChangeLatencies> {
  const testDefault = lab.hosts.find((host) => host.name === 'test-default');
  if (testDefault === undefined) throw new Error('the lab has no test-default host');
  const shell = spawn('/usr/bin/virsh', ['--quiet', '--connect', testDefault.unixUri]);
  let stderr = '';
  shell.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  shell.stdout.resume();
  const result: StateChangeLatencies = { start: [], stop: [] };
  try {
    await watchStatuses(page, domains.uuids);
    for (let round = 0; round < rounds; round++) {
      for (const [kind, command, status] of [
        ['stop', 'destroy', 'SHUTOFF'],
        ['start', 'start', 'ACTIVE'],
      ] as const) {
        for (const [i, name] of domains.names.entries()) {
          if (shell.exitCode !== null) throw new Error(`virsh exited: ${stderr}`);
          const sent = performance.timeOrigin + performance.now();
          shell.stdin.write(`${command} ${name}\n`);
          const painted = await statusPaintedAt(page, domains.uuids[i] as string, status, sent, 20_000);
          result[kind].push(painted - sent);
        }
      }
    }
    return result;
  } finally {
    shell.stdin.end('quit\n');
  }
}
