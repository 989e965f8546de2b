// `npm start` on a machine without the Electron binary (this one): one attempt to fetch it fails, and the same UI
// is served in web mode on 127.0.0.1 with a line saying why.
import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testIds } from '../../renderer/testIds';
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
  const child = startNode('scripts/start.mjs', [], { VIRT_DECK_PORT: String(port), VIRT_DECK_DATA_DIR: dataDir, VIRT_DECK_WEB: '' });
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
