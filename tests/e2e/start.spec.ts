// `npm start` on a machine without the Electron binary (this one): one attempt to fetch it fails, and the same UI
// is served in web mode on 127.0.0.1 with a line saying why.
import { expect, test } from '@playwright/test';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testIds } from '../../renderer/testIds';
import { openInventory } from '../../main/inventory';
import { ROOT, freePort, startNode, stopChild, waitForLine } from './web-mode';

function electronBinaryInstalled(): boolean {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  return existsSync(pathFile) && existsSync(join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()));
}

test('npm start without the Electron binary serves the web UI on 127.0.0.1 and says why', async ({ page }) => {
  test.skip(electronBinaryInstalled(), 'the Electron binary is installed here: npm start would open a window');
  // The download attempt may take up to its 30 s limit before web mode starts.
  test.setTimeout(90_000);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-start-'));
  // --data-dir on the command line (not the environment): the fallback must honour it too.
  const child = startNode('scripts/start.mjs', ['--data-dir', dataDir], { VIRT_DECK_PORT: String(port), VIRT_DECK_WEB: '' });
  try {
    const lines = await waitForLine(child, /web UI at /, 60_000);
    const why = lines.find((line) => line.includes('web mode instead'));
    expect(why, lines.join('\n')).toMatch(/^virt-deck: Electron binary not installed \(download failed: .+\); serving the UI in web mode instead$/);
    expect(lines.filter((line) => line.includes('web mode instead'))).toHaveLength(1);

    const url = /(http:\/\/127\.0\.0\.1:(\d+)\/#secret=[\w-]{43})/.exec(lines.at(-1) ?? '');
    expect(url?.[2]).toBe(String(port));

    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Virt Deck</title>');

    await page.goto(url?.[1] ?? '');
    await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId(testIds.dataDir)).toHaveText(dataDir);
  } finally {
    // Ctrl-C stops it cleanly: exit code 0.
    expect(await stopChild(child, 'SIGINT')).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('npm start -- --web forces web mode without trying Electron', async () => {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-start-'));
  const child = startNode('scripts/start.mjs', ['--web'], { VIRT_DECK_PORT: String(port), VIRT_DECK_DATA_DIR: dataDir });
  try {
    const lines = await waitForLine(child, /web UI at /, 30_000);
    expect(lines).toContain('virt-deck: web mode requested (--web)');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  } finally {
    expect(await stopChild(child, 'SIGTERM')).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('npm start -- --web --data-dir X --port P serves inventory X on port P', async ({ page }) => {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-start-'));
  // A project only this inventory has: the page must show it.
  const seed = openInventory({ dataDir });
  seed.services.projects.create({ name: 'vd-start-proof', description: 'from --data-dir' });
  seed.close();
  // The environment points elsewhere: the flags must win.
  const decoy = mkdtempSync(join(tmpdir(), 'virt-deck-start-decoy-'));
  const child = startNode('scripts/start.mjs', ['--web', '--data-dir', dataDir, '--port', String(port)], { VIRT_DECK_DATA_DIR: decoy, VIRT_DECK_PORT: '' });
  try {
    const lines = await waitForLine(child, /web UI at /, 30_000);
    expect(lines).toContain('virt-deck: web mode requested (--web)');
    const url = /(http:\/\/127\.0\.0\.1:(\d+)\/#secret=[\w-]{43})/.exec(lines.at(-1) ?? '');
    expect(url?.[2]).toBe(String(port));
    expect(lines.at(-1)).toContain(`(data: ${dataDir};`);

    await page.goto(url?.[1] ?? '');
    await expect(page.getByTestId(testIds.dataDir)).toHaveText(dataDir);
    await page.getByTestId(testIds.navItem('projects')).click();
    await expect(page.getByTestId(testIds.projectRow('vd-start-proof'))).toContainText('from --data-dir');
  } finally {
    expect(await stopChild(child, 'SIGINT')).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(decoy, { recursive: true, force: true });
  }
});

test('npm start -- --port P alone serves web mode on P (a port only means something there)', async () => {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-start-'));
  const child = startNode('scripts/start.mjs', ['--port', String(port), '--data-dir', dataDir], { VIRT_DECK_WEB: '' });
  try {
    const lines = await waitForLine(child, /web UI at /, 30_000);
    expect(lines).toContain(`virt-deck: web mode requested (--port ${port})`);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  } finally {
    expect(await stopChild(child, 'SIGTERM')).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an unknown flag is an error naming it, exit 2, in npm start, web mode and the CLI', async () => {
  const runs = [
    { script: 'scripts/start.mjs', args: ['--data-dri', '/tmp/x'], message: 'virt-deck: unknown option --data-dri (npm start takes --web, --data-dir DIR, --port N, --demo)' },
    { script: 'scripts/start.mjs', args: ['--web', '--port', 'http'], message: 'virt-deck: --port must be a port number 0-65535, not "http"' },
    { script: 'dist/web.mjs', args: ['--host', '0.0.0.0'], message: 'virt-deck: unknown option --host (web mode takes --data-dir DIR, --port N, --static-dir DIR)' },
    { script: 'scripts/virt-deck.mjs', args: ['flavor', 'list', '--bogus'], message: "virt-deck: unknown option --bogus for 'flavor list'" },
  ];
  for (const run of runs) {
    const child = startNode(run.script, run.args, { VIRT_DECK_CLI_FROM_SOURCE: '1' });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code, `${run.script} ${run.args.join(' ')}: ${stderr}`).toBe(2);
    expect(stderr.split('\n')[0]).toBe(run.message);
  }
});
