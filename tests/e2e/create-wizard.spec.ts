// The create wizard on the lab, as an operator would: open it from the Instances screen with the keyboard, see a
// validation message beside its field, go through every step (a flavor over the project's quota disabled with the
// reason, the scheduler's "why this host" before committing), create on the QEMU host from the lab's boot image,
// follow the build's task states to ACTIVE, then double-click the new row and see its console. Everything made
// here is removed at the end. With VIRT_DECK_SCREENSHOTS=1 every step is written to docs/screenshots/.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { createTestIds } from '../../renderer/features/create/create-test-ids';
import { instanceRowId, testIds } from '../../renderer/testIds';
import { labHost, type LabInfo } from '../lab';
import { waitConnected } from './console-helpers';
import { enterTo, openInstancesForCreate } from './create-helpers';
import { e2eLab } from './lab';
import { ROOT, startWebModeChild, type WebModeChild } from './web-mode';

const run = promisify(execFile);
const SHOTS = join(ROOT, 'docs', 'screenshots');

test.describe.configure({ mode: 'serial' });

let lab: LabInfo;
let server: WebModeChild | undefined;
let dataDir = '';
const suffix = randomBytes(3).toString('hex');
const name = `vd-lab-wizard-${suffix}`;
const image = `vd-lab-wizard-boot-${suffix}`;
let created: string | null = null;

/** Run the CLI on this test's data directory. */
async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), '--data-dir', dataDir, ...args], { cwd: ROOT, timeout: 120_000 });
  return stdout;
}

/** Save the page as docs/screenshots/<name>-light.png and -dark.png (only with VIRT_DECK_SCREENSHOTS=1). */
async function shoot(page: Page, shot: string): Promise<void> {
  if (process.env.VIRT_DECK_SCREENSHOTS !== '1') return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: join(SHOTS, `${shot}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  lab = e2eLab();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-create-'));
  await cli('host', 'add', 'lab-qemu', labHost(lab, 'qemu').unixUri);
  // As the lab's create tests: TCG guests, a flavor the boot image fits, the boot image imported.
  await cli('settings', 'set', 'virt_type', 'qemu');
  await cli('flavor', 'create', 'vd.tiny', '--vcpus', '1', '--ram', '128', '--disk', '1');
  await cli('image', 'import', lab.bootImage.path, '--name', image);
  // Two vCPUs left to admin: m1.large (4) is over quota, and the wizard must say so.
  await cli('quota', 'set', '--project', 'admin', '--cores', '2');
  server = await startWebModeChild(dataDir);
});

test.afterAll(async () => {
  test.setTimeout(180_000);
  if (created !== null) await cli('delete', '--force', created).catch((error: unknown) => console.error(`could not delete ${created}: ${String(error)}`));
  await cli('image', 'delete', image).catch((error: unknown) => console.error(`could not delete image ${image}: ${String(error)}`));
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('creates an instance through the wizard by keyboard, follows it to ACTIVE and opens its console', async ({ page }) => {
  test.setTimeout(420_000);
  await page.setViewportSize({ width: 1280, height: 860 });
  await openInstancesForCreate(page, server!.url);

  // N opens the wizard; focus is in the name field.
  await page.locator('body').press('n');
  const dialog = page.getByTestId(createTestIds.dialog);
  await expect(dialog).toBeVisible();
  const nameField = page.getByTestId(createTestIds.field('name'));
  await expect(nameField).toBeFocused();

  // Enter with nothing typed: refused, the message beside the field, focus stays there.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(createTestIds.fieldError('name'))).toHaveText('Give the instance a name');
  await expect(page.getByTestId(createTestIds.panel('details'))).toBeVisible();
  // As you type: a trailing space is named at once, beside the field.
  await page.keyboard.type(`${name} `);
  await expect(page.getByTestId(createTestIds.fieldError('name'))).toHaveText('No spaces at the start or end');
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await shoot(page, 'create-details-error');
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId(createTestIds.fieldError('name'))).toHaveCount(0);
  await shoot(page, 'create-details');

  // Source: the imported boot image, chosen with the keyboard.
  await enterTo(page, 'source');
  const imageRadio = page.getByTestId(createTestIds.imageOption(image));
  await expect(imageRadio).toBeFocused();
  await page.keyboard.press('Space');
  await expect(imageRadio).toBeChecked();
  await shoot(page, 'create-source');

  // Flavor: m1.large is over admin's two vCPUs, disabled with the reason; quota bars count the request.
  await enterTo(page, 'flavor');
  const large = page.getByTestId(createTestIds.flavorRow('m1.large'));
  await expect(large).toHaveAttribute('data-disabled', 'true');
  await expect(large).toContainText('Over quota: vCPUs 4 of 2');
  await expect(large.getByRole('radio')).toBeDisabled();
  const tiny = page.getByTestId(createTestIds.flavorRow('vd.tiny'));
  // Focus is on the first flavor that can be chosen (vd.tiny, listed first): Space picks it.
  await expect(tiny.getByRole('radio')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(tiny.getByRole('radio')).toBeChecked();
  await expect(page.getByTestId(createTestIds.quotaBar('cores'))).toHaveAttribute('data-used', '1');
  await expect(page.getByTestId(createTestIds.quotaBar('cores'))).toHaveAttribute('data-capacity', '2');
  await shoot(page, 'create-flavor');

  // Placement: automatic, with the scheduler's reason shown before anything is claimed.
  await enterTo(page, 'placement');
  await expect(page.getByTestId(createTestIds.explanation)).toContainText('lab-qemu: rank 1 of');
  await expect(page.getByTestId(createTestIds.hostOption('lab-qemu'))).toBeVisible();
  await shoot(page, 'create-placement');

  // Network: the likely host's networks.
  await enterTo(page, 'network');
  const network = page.getByTestId(createTestIds.field('network'));
  await expect(network).toBeFocused();
  await expect(page.getByTestId(createTestIds.panel('network'))).toContainText('Networks of lab-qemu');
  await shoot(page, 'create-network');

  await enterTo(page, 'access');
  await expect(page.getByTestId(createTestIds.field('keyName'))).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId(createTestIds.field('userData'))).toBeFocused();
  // Enter in the user-data is a new line, not Next.
  await page.keyboard.type('#cloud-config');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(createTestIds.panel('access'))).toBeVisible();
  await expect(page.getByTestId(createTestIds.field('userData'))).toHaveValue('#cloud-config\n');
  await shoot(page, 'create-access');
  await page.keyboard.press('Shift+Tab');
  await enterTo(page, 'review');
  await expect(page.getByTestId('create-review')).toContainText(name);
  await expect(page.getByTestId('create-review')).toContainText('vd.tiny');
  await expect(page.getByTestId(createTestIds.next)).toHaveText('Create');
  await expect(page.getByTestId(createTestIds.next)).toBeFocused();
  await shoot(page, 'create-review');

  // Create (Enter on Review), then the build's states from the feed, to ACTIVE.
  await page.keyboard.press('Enter');
  const progress = page.getByTestId(createTestIds.progress);
  await expect(progress).toBeVisible({ timeout: 30_000 });
  const build = progress.locator('[data-status]').first();
  created = (await build.getAttribute('data-testid'))?.replace('create-build-', '') ?? null;
  expect(created).toMatch(/^[0-9a-f-]{36}$/);
  await expect(build).toHaveAttribute('data-task', /^(scheduling|networking|block_device_mapping|spawning)$/);
  await expect(page.getByTestId(createTestIds.done)).toBeFocused();
  await shoot(page, 'create-progress');
  await expect(build).toHaveAttribute('data-status', 'ACTIVE', { timeout: 300_000 });
  await expect(page.getByTestId(createTestIds.fault)).toHaveCount(0);
  await shoot(page, 'create-active');
  // Escape closes it once the build is followed (nothing to lose).
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // The new row, ACTIVE; a double-click opens its console and the screen is drawn.
  const row = page.getByTestId(instanceRowId(created!));
  await expect(row.getByTestId(testIds.instanceStatus)).toHaveText('ACTIVE', { timeout: 30_000 });
  await row.dblclick();
  const view = await waitConnected(page, created!, 'vnc', 60_000);
  await expect(view.locator('canvas')).toBeVisible();
});

test('Escape asks before discarding a changed draft, and closes at once when nothing changed', async ({ page }) => {
  await page.goto(server!.url);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
  await page.getByTestId(testIds.navItem('instances')).click();
  await page.getByTestId(createTestIds.open).click();
  const dialog = page.getByTestId(createTestIds.dialog);
  await expect(page.getByTestId(createTestIds.field('name'))).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  await page.getByTestId(createTestIds.open).click();
  await expect(page.getByTestId(createTestIds.field('name'))).toBeFocused();
  await page.keyboard.type('vd-lab-draft');
  // Count: not a number, named beside the field as typed.
  await page.getByTestId(createTestIds.field('count')).fill('two');
  await expect(page.getByTestId(createTestIds.fieldError('count'))).toHaveText('A whole number, 1 or more');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId(createTestIds.discardKeep)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId(createTestIds.discardKeep)).toHaveCount(0);
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId(createTestIds.discardConfirm).click();
  await expect(dialog).toHaveCount(0);
});
