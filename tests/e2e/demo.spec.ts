// `npm start -- --demo` against the shared test lab, which is already running: the demo must reuse it, open the app
// with the lab's hosts already added, and at Ctrl-C stop the app but leave the lab up (it ran before the demo).
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInventory } from '../../main/inventory';
import { hostRowId, testIds } from '../../renderer/testIds';
import { readRunningLab } from '../lab';
import { e2eLab } from './lab';
import { ROOT, freePort, waitForLine } from './web-mode';

/** Everything `child` wrote on stderr so far, and a wait for a line matching `pattern`. */
function stderrOf(child: ChildProcess): { text: () => string; line: (pattern: RegExp, timeoutMs: number) => Promise<void> } {
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (const waiter of waiters.splice(0)) (waiter.pattern.test(text) ? waiter.resolve : () => waiters.push(waiter))();
  });
  return {
    text: () => text,
    line: (pattern, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(text)) return resolve();
        const timer = setTimeout(() => reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms:\n${text}`)), timeoutMs);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

test('npm start -- --demo reuses the running lab, opens on its hosts, and leaves the lab up at Ctrl-C', async ({ page }) => {
  test.setTimeout(180_000);
  const lab = e2eLab();
  const port = await freePort();
  // Its own data directory: the shared lab's `.lab/demo` is left to people.
  const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-demo-'));
  // Its own process group, so Ctrl-C can be sent as a terminal sends it: to npm and everything under it.
  const child = spawn('npm', ['start', '--', '--demo', '--web', '--port', String(port), '--data-dir', dataDir], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VIRT_DECK_LAB_DIR: lab.stateDir, VIRT_DECK_WEB: '', VIRT_DECK_PORT: '' },
  });
  const stderr = stderrOf(child);
  const leases = () => readdirSync(join(lab.stateDir, 'leases'));
  const leasesBefore = leases();
  const exited = once(child, 'exit');
  try {
    const lines = await waitForLine(child, /web UI at /, 150_000);
    expect(lines).toContain(`virt-deck: demo: the lab in ${lab.stateDir} was already running; it stays up after the demo`);
    expect(lines).toContain(`virt-deck: demo: data in ${dataDir}; hosts: qemu (qemu+ssh), test-default (test+unix), small (test+unix), large (test+unix)`);
    const url = /(http:\/\/127\.0\.0\.1:(\d+)\/#secret=[\w-]{43})/.exec(lines.at(-1) ?? '');
    expect(url?.[2]).toBe(String(port));

    await page.goto(url?.[1] ?? '');
    await expect(page.getByTestId(testIds.dataDir)).toHaveText(dataDir);
    await page.getByTestId(testIds.navItem('hosts')).click();
    for (const name of ['qemu', 'test-default', 'small', 'large']) {
      await expect(page.getByTestId(hostRowId(name)).getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'up', { timeout: 30_000 });
    }
    await expect(page.getByTestId(hostRowId('qemu')).getByTestId(testIds.hostFact('uri'))).toContainText('qemu+ssh://root@127.0.0.1:');

    process.kill(-child.pid!, 'SIGINT');
    await stderr.line(/virt-deck: demo: the lab was running before the demo: left up/, 30_000);
    // npm re-raises the Ctrl-C on itself once its script has exited (as a shell does); the script itself exits 0.
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect(code === 0 || signal === 'SIGINT', `${code ?? signal}: ${stderr.text()}`).toBe(true);
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  }

  // The lab is still up, and the demo's lease is gone.
  expect(await readRunningLab(lab.stateDir)).not.toBeNull();
  expect(leases().filter((lease) => !leasesBefore.includes(lease))).toEqual([]);
  // The demo data directory holds the lab's hosts.
  const inventory = openInventory({ dataDir });
  try {
    const hosts = inventory.store.hosts.list().map((host) => [host.name, host.uri.split(':', 1)[0]]);
    expect(hosts.sort()).toEqual([['large', 'test+unix'], ['qemu', 'qemu+ssh'], ['small', 'test+unix'], ['test-default', 'test+unix']]);
  } finally {
    inventory.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
