// The Instances list as an operator uses it, on the lab: search, sort, filters, multi-selection, the keyboard, the row
// menu, the delete question and a real delete, and the view surviving a reload. Its own web mode and data directory, with the lab's two
// file-based test hosts (each connection has a private copy of their domains, so the rows are exactly the seeded ones).
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instanceRowId, testIds } from '../../renderer/testIds';
import { labHost, type LabInfo } from '../lab';
import { e2eLab } from './lab';
import { addLabHostsThroughUi } from './lab-hosts';
import { ROOT, freePort, importWebMode, startWebModeChild, type WebModeChild } from './web-mode';

test.describe.configure({ mode: 'serial' });

let lab: LabInfo;
let server: WebModeChild;
let dataDir: string;
/** Every seeded domain of the two hosts, by name. */
let domains: Map<string, { readonly uuid: string; readonly host: string; readonly state: string }>;

test.beforeAll(async () => {
  lab = e2eLab();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-instances-'));
  server = await startWebModeChild(dataDir);
  domains = new Map(['small', 'large'].flatMap((host) => labHost(lab, host).seed.domains.map((d) => [d.name, { uuid: d.uuid, host, state: d.state }] as const)));
});

test.afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openInstances(page: Page): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
  await page.getByTestId(testIds.navItem('instances')).click();
  await expect(page.getByTestId(testIds.screen('instances'))).toBeVisible();
}

/** `nova list`'s Status of a seeded domain state. */
const STATUS_OF: Readonly<Record<string, string>> = { running: 'ACTIVE', paused: 'PAUSED', 'shut off': 'SHUTOFF' };
const uuidOf = (name: string): string => domains.get(name)?.uuid ?? `(no seeded domain ${name})`;
const row = (page: Page, name: string) => page.getByTestId(instanceRowId(uuidOf(name)));
const grid = (page: Page) => page.getByTestId(testIds.instancesTable);

/** The names of the shown rows, top to bottom. */
async function shownNames(page: Page): Promise<string[]> {
  return grid(page).evaluate((element) =>
    [...element.querySelectorAll<HTMLElement>('[role=row][data-row-key]')]
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((r) => r.querySelector('[role=gridcell]')?.textContent ?? ''),
  );
}

/** The names of the selected rows, top to bottom. */
async function selectedNames(page: Page): Promise<string[]> {
  const names = await shownNames(page);
  const selected = await grid(page).evaluate((element) => [...element.querySelectorAll('[role=row][aria-selected=true]')].map((r) => r.querySelector('[role=gridcell]')?.textContent ?? ''));
  return names.filter((name) => selected.includes(name));
}

test('the lab’s hosts added through the Hosts screen: every seeded domain is listed', async ({ page }) => {
  await page.goto(server.url);
  await addLabHostsThroughUi(page, lab, ['small', 'large']);
  await page.getByTestId(testIds.navItem('instances')).click();
  await expect(page.getByTestId(testIds.instancesSummary)).toHaveAttribute('data-total', String(domains.size));
  expect(await shownNames(page)).toEqual([...domains.keys()].sort());
  for (const [name, domain] of domains) await expect(row(page, name).getByTestId(testIds.instanceStatus)).toHaveText(STATUS_OF[domain.state] ?? '?');
});

test('search by name or UUID; filter by host and status; clear', async ({ page }) => {
  await openInstances(page);
  const search = page.getByTestId(testIds.instancesSearch);
  await search.fill('small');
  await expect.poll(() => shownNames(page)).toEqual(['small-batch', 'small-db', 'small-web']);
  await expect(page.getByTestId(testIds.instancesSummary)).toContainText(`3 of ${domains.size}`);
  await search.fill(uuidOf('large-cache').toUpperCase());
  await expect.poll(() => shownNames(page)).toEqual(['large-cache']);
  await search.fill('no such instance');
  await expect(page.getByTestId(testIds.instancesEmpty)).toHaveAttribute('data-kind', 'no-match');
  await page.getByTestId(testIds.instancesClearFilters).click();
  await expect(search).toHaveValue('');

  const hostFilter = page.getByTestId(testIds.instancesFilter('host'));
  await hostFilter.selectOption({ label: `large (${[...domains.values()].filter((d) => d.host === 'large').length})` });
  await expect.poll(() => shownNames(page)).toEqual([...domains].filter(([, d]) => d.host === 'large').map(([name]) => name).sort());
  await expect(page.getByTestId(testIds.instancesFilter('status'))).toContainText('PAUSED (2)');
  await page.getByTestId(testIds.instancesFilter('status')).selectOption('PAUSED');
  await expect.poll(() => shownNames(page)).toEqual([...domains].filter(([, d]) => d.host === 'large' && d.state === 'paused').map(([name]) => name));
  await page.getByTestId(testIds.instancesClearFilters).click();
  await expect.poll(() => shownNames(page)).toHaveLength(domains.size);
});

test('sort by a column header, and back the other way', async ({ page }) => {
  await openInstances(page);
  const byStatus = page.getByTestId(testIds.instancesSort('status'));
  await byStatus.click();
  await expect(byStatus).toHaveAttribute('data-sort', 'ascending');
  const ascending = await shownNames(page);
  const statusOf = (name: string) => STATUS_OF[domains.get(name)?.state ?? ''] ?? '';
  expect(ascending.map(statusOf)).toEqual(ascending.map(statusOf).sort());
  await byStatus.click();
  await expect(byStatus).toHaveAttribute('data-sort', 'descending');
  expect((await shownNames(page)).map(statusOf)).toEqual(ascending.map(statusOf).sort().reverse());
  await page.getByTestId(testIds.instancesSort('name')).click();
  expect(await shownNames(page)).toEqual([...domains.keys()].sort());
});

test('multi-select with click, Shift-click and Ctrl-click; the summary counts it', async ({ page }) => {
  await openInstances(page);
  const names = await shownNames(page);
  await row(page, names[1] as string).click();
  await row(page, names[4] as string).click({ modifiers: ['Shift'] });
  expect(await selectedNames(page)).toEqual(names.slice(1, 5));
  await row(page, names[2] as string).click({ modifiers: ['ControlOrMeta'] });
  await row(page, names[6] as string).click({ modifiers: ['ControlOrMeta'] });
  expect(await selectedNames(page)).toEqual([names[1], names[3], names[4], names[6]]);
  await expect(page.getByTestId(testIds.instancesSummary)).toHaveAttribute('data-selected', '4');
});

test('the keyboard: arrows, Shift+arrows, Enter for details, Escape, Ctrl+A, and Delete asks first (cancelled here)', async ({ page }) => {
  await openInstances(page);
  const names = await shownNames(page);
  await page.keyboard.press('/');
  await expect(page.getByTestId(testIds.instancesSearch)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(grid(page)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await selectedNames(page)).toEqual([names[1]]);
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', (await row(page, names[1] as string).getAttribute('id')) ?? '');
  await page.keyboard.press('Enter');
  const detail = page.getByTestId(testIds.instanceDetail);
  await expect(detail.getByTestId(testIds.instanceDetailValue('name'))).toHaveText(names[1] as string);
  // The open details follow the cursor.
  await page.keyboard.press('ArrowDown');
  await expect(detail.getByTestId(testIds.instanceDetailValue('name'))).toHaveText(names[2] as string);
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  expect(await selectedNames(page)).toEqual(names.slice(2, 5));
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  await page.keyboard.press('Delete');
  const dialog = page.getByTestId(testIds.deleteDialog);
  await expect(dialog).toContainText('Delete 3 instances?');
  for (const name of names.slice(2, 5)) await expect(dialog).toContainText(name as string);
  await expect(page.getByTestId(testIds.deleteCancel)).toBeFocused();
  // Escape is "Cancel": nothing is sent, nothing is gone.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(grid(page)).toBeFocused();
  expect(await shownNames(page)).toEqual(names);

  await page.keyboard.press('ControlOrMeta+a');
  await expect(page.getByTestId(testIds.instancesSummary)).toHaveAttribute('data-selected', String(names.length));
  await page.keyboard.press('Escape');
  await expect(page.getByTestId(testIds.instancesSummary)).toHaveAttribute('data-selected', '0');
});

test('the row menu: right-click, or Shift+F10 on the cursor row; it acts on the selection', async ({ page }) => {
  await openInstances(page);
  const names = await shownNames(page);
  await row(page, names[0] as string).click();
  await row(page, names[1] as string).click({ modifiers: ['Shift'] });
  await row(page, names[1] as string).click({ button: 'right' });
  const menu = page.getByTestId(testIds.instanceMenu);
  await expect(menu).toBeVisible();
  await expect(page.getByTestId(testIds.instanceMenuItem('delete'))).toHaveText(/Delete 2 instances…/);
  // A console shows one instance.
  await expect(page.getByTestId(testIds.instanceMenuItem('console'))).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(grid(page)).toBeFocused();

  await page.keyboard.press('End');
  await page.keyboard.press('Shift+F10');
  await expect(menu).toHaveAttribute('aria-label', `Instance ${names.at(-1)}`);
  await expect(page.getByTestId(testIds.instanceMenuItem('details'))).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(testIds.instanceDetail).getByTestId(testIds.instanceDetailValue('name'))).toHaveText(names.at(-1) as string);
});

test('the view survives a reload: search, sort, selection, the open details and the screen', async ({ page }) => {
  await openInstances(page);
  await page.getByTestId(testIds.instancesSearch).fill('large');
  await page.getByTestId(testIds.instancesSort('name')).click();
  const names = await shownNames(page);
  expect(names).toEqual([...domains.keys()].filter((n) => n.startsWith('large')).sort().reverse());
  await row(page, names[1] as string).click();
  await row(page, names[2] as string).click({ modifiers: ['ControlOrMeta'] });

  await page.reload();
  await expect(page.getByTestId(testIds.screen('instances'))).toBeVisible();
  await expect(page.getByTestId(testIds.instancesSearch)).toHaveValue('large');
  await expect(page.getByTestId(testIds.instancesSort('name'))).toHaveAttribute('data-sort', 'descending');
  await expect.poll(() => shownNames(page)).toEqual(names);
  expect(await selectedNames(page)).toEqual([names[1], names[2]]);
  await expect(page.getByTestId(testIds.instanceDetail).getByTestId(testIds.instanceDetailValue('name'))).toHaveText(names[1] as string);
});

test('"?" shows the keyboard shortcuts', async ({ page }) => {
  await openInstances(page);
  await page.keyboard.press('?');
  const help = page.getByTestId(testIds.shortcutHelp);
  await expect(help).toBeVisible();
  await expect(help).toContainText('Search by name, UUID or address');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});

test('offline: the rows stay on screen, marked stale with the time they are from, and go live again on reconnect', async ({ page }) => {
  // This test owns the inventory now: main in-process on a fixed port, so that it can come back with the same secret.
  await server.stop();
  const { createApp, startWebServer } = await importWebMode();
  const port = await freePort();
  const app = createApp({ mode: 'web', dataDir, connectHosts: true });
  const staticDir = join(ROOT, 'dist', 'renderer');
  let web = await startWebServer({ service: app.service, staticDir, port });
  const { secret } = web;
  try {
    await page.goto(web.url);
    await page.getByTestId(testIds.navItem('instances')).click();
    await expect(page.getByTestId(testIds.instancesSummary)).toHaveAttribute('data-total', String(domains.size));
    await expect(page.getByTestId(testIds.instancesStale)).toHaveCount(0);

    await web.close();
    await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'reconnecting');
    await expect(page.getByTestId(testIds.instancesStale)).toContainText(/^Offline · as of \d/);
    await expect(grid(page)).toHaveClass(/vtable--stale/);
    expect(await shownNames(page)).toEqual([...domains.keys()].sort());
    // Searching and selecting still work on what is shown.
    await page.getByTestId(testIds.instancesSearch).fill('small');
    await expect.poll(() => shownNames(page)).toEqual(['small-batch', 'small-db', 'small-web']);

    web = await startWebServer({ service: app.service, staticDir, port, secret });
    await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId(testIds.instancesStale)).toHaveCount(0);
    await expect(grid(page)).not.toHaveClass(/vtable--stale/);
  } finally {
    await web.close();
    await app.close();
  }
});

test('delete from the row menu: asked, then deleted through instances.act; the row leaves the list', async ({ page }) => {
  // The offline test stopped the shared web mode: a new one on the same data directory.
  server = await startWebModeChild(dataDir);
  await openInstances(page);
  const names = await shownNames(page);
  const victim = names.find((name) => name.startsWith('small-')) as string;
  await row(page, victim).click({ button: 'right' });
  await page.getByTestId(testIds.instanceMenuItem('delete')).click();
  const dialog = page.getByTestId(testIds.deleteDialog);
  await expect(dialog).toContainText(`Delete ${victim}?`);
  await page.getByTestId(testIds.deleteConfirm).click();
  // Every instance deleted: the dialog closes by itself, and the change reaches the list live.
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  await expect(row(page, victim)).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId(testIds.instancesSummary)).toHaveAttribute('data-total', String(domains.size - 1));
});
