// The screenshots in docs/screenshots/: every screen, light and dark, at 1280×800, on the lab. Writes into the
// checkout, so it runs only when asked:  VIRT_DECK_SCREENSHOTS=1 npx playwright test tests/e2e/screenshots.spec.ts
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostRowId, instanceRowId, testIds } from '../../renderer/testIds';
import { labHost } from '../lab';
import { e2eLab } from './lab';
import { ROOT, startWebModeChild, type WebModeChild } from './web-mode';

const OUT = join(ROOT, 'docs', 'screenshots');

test.skip(process.env.VIRT_DECK_SCREENSHOTS !== '1', 'writes docs/screenshots/: run with VIRT_DECK_SCREENSHOTS=1');

let server: WebModeChild | undefined;
let dataDir = '';

test.afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Save the page as `<name>-light.png` and `<name>-dark.png`. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Let the theme's colours settle (and any menu keep its place) before the picture.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function go(page: Page, section: 'overview' | 'instances' | 'hosts' | 'flavors' | 'projects'): Promise<void> {
  await page.getByTestId(testIds.navItem(section)).click();
  await expect(page.getByTestId(testIds.screen(section))).toBeVisible();
}

test('every screen, light and dark', async ({ page }) => {
  test.setTimeout(240_000);
  const lab = e2eLab();
  mkdirSync(OUT, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-screenshots-'));
  server = await startWebModeChild(dataDir);
  await page.goto(server.url);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');

  // A first start: nothing configured.
  await shoot(page, 'overview-first-run');
  await go(page, 'instances');
  await expect(page.getByTestId(testIds.instancesEmpty)).toBeVisible();
  await shoot(page, 'instances-empty');
  await go(page, 'hosts');
  await page.getByTestId(testIds.addHostName).fill('small');
  await page.getByTestId(testIds.addHostUri).fill(labHost(lab, 'small').unixUri);
  await shoot(page, 'hosts-add');

  for (const name of ['small', 'large', 'qemu']) {
    if (!(await page.getByTestId(testIds.addHostForm).isVisible())) await page.getByTestId(testIds.addHostOpen).click();
    await page.getByTestId(testIds.addHostName).fill(name);
    await page.getByTestId(testIds.addHostUri).fill(labHost(lab, name).unixUri);
    await page.getByTestId(testIds.addHostSubmit).click();
    await expect(page.getByTestId(hostRowId(name)).getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'up', { timeout: 30_000 });
  }
  await shoot(page, 'hosts');
  await go(page, 'overview');
  await shoot(page, 'overview');
  await go(page, 'flavors');
  await shoot(page, 'flavors');
  await go(page, 'projects');
  await shoot(page, 'projects');

  await go(page, 'instances');
  const small = labHost(lab, 'small').seed.domains;
  const large = labHost(lab, 'large').seed.domains;
  await expect(page.getByTestId(instanceRowId(large[0]?.uuid ?? ''))).toBeVisible();
  await shoot(page, 'instances');

  // A selection of three, the details of one, the row menu on the selection.
  await page.getByTestId(instanceRowId(large[1]?.uuid ?? '')).click();
  await page.getByTestId(instanceRowId(large[2]?.uuid ?? '')).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId(testIds.instanceDetail)).toBeVisible();
  await shoot(page, 'instances-details');
  await page.getByTestId(instanceRowId(large[3]?.uuid ?? '')).click({ button: 'right' });
  await expect(page.getByTestId(testIds.instanceMenu)).toBeVisible();
  await shoot(page, 'instances-menu');
  await page.getByTestId(testIds.instanceMenuItem('delete')).click();
  // The question only: confirming would delete the lab's domain.
  await expect(page.getByTestId(testIds.deleteDialog)).toBeVisible();
  await shoot(page, 'instances-delete');
  await page.getByTestId(testIds.deleteCancel).click();

  await page.getByTestId(testIds.instanceDetailClose).click();
  await page.getByTestId(testIds.instancesSearch).fill('small');
  await page.getByTestId(testIds.instancesFilter('status')).selectOption('ACTIVE');
  await expect(page.getByTestId(instanceRowId(small.find((d) => d.state === 'running')?.uuid ?? ''))).toBeVisible();
  await shoot(page, 'instances-filtered');
  await page.getByTestId(testIds.instancesClearFilters).click();

  await page.keyboard.press('?');
  await expect(page.getByTestId(testIds.shortcutHelp)).toBeVisible();
  await shoot(page, 'shortcuts');
  await page.getByTestId(testIds.shortcutHelpClose).click();

  // Offline: main goes away; the list stays, marked stale.
  await server.stop();
  server = undefined;
  await expect(page.getByTestId(testIds.instancesStale)).toBeVisible();
  await shoot(page, 'instances-offline');
});
