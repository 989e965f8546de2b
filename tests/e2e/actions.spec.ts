// Lifecycle actions as an operator runs them, on the lab: a pause and an unpause from the details bar with the
// status changing in the row and the details (and the task state shown while it runs), the guard's words on a
// disabled button, a bulk stop of three running instances with its summary, and the activity panel listing it.
// Its own web mode and data directory with the lab's two file-based test hosts: each connection has a private copy of
// their domains, so what is stopped here is this test's own and nobody else sees it.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityTestIds } from '../../renderer/features/activity/test-ids';
import { actionTestIds } from '../../renderer/features/instances/actions/test-ids';
import { instanceRowId, testIds } from '../../renderer/testIds';
import { labHost, type LabInfo } from '../lab';
import { e2eLab } from './lab';
import { addLabHostsThroughUi } from './lab-hosts';
import { shoot } from './shoot';
import { startWebModeChild, type WebModeChild } from './web-mode';

test.describe.configure({ mode: 'serial' });

let lab: LabInfo;
let server: WebModeChild;
let dataDir: string;
const uuids = new Map<string, string>();

test.beforeAll(async () => {
  lab = e2eLab();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-actions-'));
  server = await startWebModeChild(dataDir);
  for (const host of ['small', 'large']) for (const d of labHost(lab, host).seed.domains) uuids.set(d.name, d.uuid);
});

test.afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const uuidOf = (name: string): string => uuids.get(name) ?? `(no seeded domain ${name})`;
const row = (page: Page, name: string) => page.getByTestId(instanceRowId(uuidOf(name)));
const status = (page: Page, name: string) => row(page, name).getByTestId(testIds.instanceStatus);
const detail = (page: Page) => page.getByTestId(testIds.instanceDetail);

async function openInstances(page: Page): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
  await page.getByTestId(testIds.navItem('instances')).click();
  await expect(page.getByTestId(testIds.screen('instances'))).toBeVisible();
}

test('the lab’s test hosts are added; their domains are listed', async ({ page }) => {
  await page.goto(server.url);
  await addLabHostsThroughUi(page, lab, ['small', 'large']);
  await page.getByTestId(testIds.navItem('instances')).click();
  await expect(page.getByTestId(testIds.instancesSummary)).toHaveAttribute('data-total', String(uuids.size));
});

test('a lifecycle action from the details bar: pause, then unpause; the row and the details follow', async ({ page }) => {
  await openInstances(page);
  await row(page, 'large-app1').click();
  await expect(detail(page)).toBeVisible();
  await expect(status(page, 'large-app1')).toHaveText('ACTIVE');

  // A disabled button says why, in the guard's words, on hover and on keyboard focus.
  const start = page.getByTestId(actionTestIds.button('list', 'start'));
  await expect(start).toHaveAttribute('aria-disabled', 'true');
  await start.hover();
  const tip = page.getByTestId(actionTestIds.tooltip('list', 'start'));
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText("Cannot 'start' instance large-app1 while it is in vm_state active");
  // Shown after a short delay (a pointer passing over the bar does not flash tooltips).
  await expect(tip).toHaveCSS('opacity', '1');
  await shoot(page, 'actions-toolbar');
  await page.mouse.move(5, 5);

  await page.getByTestId(actionTestIds.button('detail', 'pause')).click();
  await expect(status(page, 'large-app1')).toHaveText('PAUSED');
  await expect(detail(page).getByTestId(testIds.instanceDetailValue('vm_state'))).toHaveText('paused');
  // The pair turned: Unpause in the details bar, Start still refused with the new state's words.
  const unpause = page.getByTestId(actionTestIds.button('detail', 'unpause'));
  await expect(unpause).toHaveAttribute('aria-disabled', 'false');
  await expect(page.getByTestId(actionTestIds.tooltip('detail', 'start'))).toHaveText("Cannot 'start' instance large-app1 while it is in vm_state paused");

  // While it runs, the row shows the task (main's task_state, or the action asked for until main's arrives).
  await unpause.click();
  await expect(status(page, 'large-app1')).toHaveText('ACTIVE');
  await expect(detail(page).getByTestId(testIds.instanceDetailValue('vm_state'))).toHaveText('active');
  await expect(row(page, 'large-app1').getByTestId(testIds.instanceTask)).toHaveCount(0);
});

test('the row menu: the same actions, refused ones greyed with the reason; stop and start from it', async ({ page }) => {
  await openInstances(page);
  await row(page, 'small-db').click({ button: 'right' });
  const menu = page.getByTestId(testIds.instanceMenu);
  await expect(menu.getByTestId(testIds.instanceMenuItem('action-stop'))).toHaveAttribute('title', "Cannot 'stop' instance small-db while it is in vm_state stopped");
  await menu.getByTestId(testIds.instanceMenuItem('action-start')).click();
  await expect(status(page, 'small-db')).toHaveText('ACTIVE');
  await row(page, 'small-db').click({ button: 'right' });
  await page.getByTestId(testIds.instanceMenu).getByTestId(testIds.instanceMenuItem('action-stop')).click();
  await expect(status(page, 'small-db')).toHaveText('SHUTOFF', { timeout: 20_000 });
});

test('bulk stop of three running instances and a stopped one: the summary names what was refused and why', async ({ page }) => {
  await openInstances(page);
  const names = ['large-app1', 'large-app2', 'small-web'];
  for (const name of names) await expect(status(page, name)).toHaveText('ACTIVE');
  await row(page, 'large-app1').click();
  await row(page, 'large-app2').click({ modifiers: ['Control'] });
  await row(page, 'small-web').click({ modifiers: ['Control'] });
  await row(page, 'large-archive').click({ modifiers: ['Control'] });
  await expect(page.getByTestId(testIds.instancesSummary)).toHaveAttribute('data-selected', '4');
  const stop = page.getByTestId(actionTestIds.button('list', 'stop'));
  await expect(page.getByTestId(actionTestIds.tooltip('list', 'stop'))).toHaveText(/^Stop 3 of 4: 1 left out \(Cannot 'stop' instance large-archive while it is in vm_state stopped\)$/);
  await stop.click();

  const summary = page.getByTestId(actionTestIds.summary);
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(summary.getByRole('heading', { level: 2 })).toHaveText('Stop 4 instances: 3 done, 1 refused');
  await expect(summary.getByTestId(actionTestIds.summaryDone)).toHaveAttribute('data-count', '3');
  for (const name of names) await expect(summary.getByTestId(actionTestIds.summaryDone)).toContainText(name);
  await expect(summary.getByTestId(actionTestIds.summaryRefused)).toContainText("large-archiveCannot 'stop' instance large-archive while it is in vm_state stopped");
  await shoot(page, 'actions-bulk-summary');
  await page.getByTestId(actionTestIds.summaryClose).click();
  for (const name of names) await expect(status(page, name)).toHaveText('SHUTOFF');

  // The activity panel lists the bulk action with its outcome; keyboard: it takes focus, Escape gives it back.
  const button = page.getByTestId(activityTestIds.button);
  await button.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId(activityTestIds.panel);
  await expect(panel).toBeFocused();
  const bulk = panel.locator('[data-kind=bulk]').first();
  await expect(bulk).toContainText('Stop 4 instances');
  await expect(bulk).toHaveAttribute('data-state', 'failed');
  await expect(bulk).toContainText('3 of 4 done, 1 refused or not done');
  await expect(bulk).toContainText('4 of 4');
  await shoot(page, 'activity-panel');
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(button).toBeFocused();

  // Bulk start brings them back: three done; the activity has both.
  await page.getByTestId(actionTestIds.button('list', 'start')).click();
  await expect(page.getByTestId(actionTestIds.summary).getByRole('heading', { level: 2 })).toHaveText('Start 4 instances: 4 done', { timeout: 30_000 });
  await page.getByTestId(actionTestIds.summaryClose).click();
  for (const name of [...names, 'large-archive']) await expect(status(page, name)).toHaveText('ACTIVE');
});
