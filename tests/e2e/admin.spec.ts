// The admin screens as an operator uses them, on the lab: the lab's "qemu" host in detail (capacity against placement's
// allocation ratios, its networks and pools as virsh lists them, disabled for placement and enabled again), key pairs
// added and deleted, an image imported, listed and deleted, a project with its quota, a flavor created and deleted.
// Its own web mode and data directory. With VIRT_DECK_SCREENSHOTS=1 it also writes these screens to docs/screenshots/.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEd25519KeyPair } from '../../main/keypairs';
import { flavorIds } from '../../renderer/features/flavors/test-ids';
import { hostDetailIds } from '../../renderer/features/hosts/test-ids';
import { imageIds } from '../../renderer/features/images/test-ids';
import { keyPairIds } from '../../renderer/features/keypairs/test-ids';
import { projectIds } from '../../renderer/features/projects/test-ids';
import type { SectionId } from '../../renderer/app/navigation-store';
import { hostRowId, testIds } from '../../renderer/testIds';
import { labHost, nameLines, virshAt } from '../lab/virsh';
import type { LabInfo } from '../lab';
import { e2eLab } from './lab';
import { ROOT, startWebModeChild, type WebModeChild } from './web-mode';

test.describe.configure({ mode: 'serial' });

const SHOTS = process.env.VIRT_DECK_SCREENSHOTS === '1';
const OUT = join(ROOT, 'docs', 'screenshots');

let lab: LabInfo;
let server: WebModeChild;
let dataDir: string;

test.beforeAll(async () => {
  lab = e2eLab();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-admin-'));
  server = await startWebModeChild(dataDir);
  if (SHOTS) mkdirSync(OUT, { recursive: true });
});

test.afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Save the page as `<name>-light.png` and `<name>-dark.png` (only with VIRT_DECK_SCREENSHOTS=1). */
async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function open(page: Page, section: SectionId): Promise<void> {
  if (page.url() !== server.url) {
    await page.goto(server.url);
    await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
  }
  await page.getByTestId(testIds.navItem(section)).click();
  await expect(page.getByTestId(testIds.screen(section))).toBeVisible();
}

/** The first column of a table's rows. */
const firstCells = (page: Page, tableTestId: string) => page.getByTestId(tableTestId).locator('tbody tr td:first-child');
/** A name as the details tables show it, without the "(default)" note. */
const bare = (cells: string[]) => cells.map((c) => c.replace(/\s*\(.*\)$/, '').trim()).sort();

test('host details of the lab’s qemu host: capacity with ratios, networks and pools as virsh lists them, disable and enable', async ({ page }) => {
  test.setTimeout(120_000);
  const qemu = labHost(lab, 'qemu');
  await open(page, 'hosts');
  await page.getByTestId(testIds.addHostName).fill('qemu');
  await page.getByTestId(testIds.addHostUri).fill(qemu.unixUri);
  await page.getByTestId(testIds.addHostSubmit).click();
  const card = page.getByTestId(hostRowId('qemu'));
  await expect(card.getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'up', { timeout: 30_000 });

  await card.getByTestId(hostDetailIds.open('qemu')).click();
  const details = page.getByTestId(hostDetailIds.panel);
  await expect(details).toHaveAttribute('data-host', 'qemu');
  await expect(details.getByTestId(hostDetailIds.connection)).toContainText('Connected');

  // Capacity: the lab host's CPUs × the default 4.0 ratio; RAM less the 512 MiB reserved.
  const vcpu = details.getByTestId(hostDetailIds.capacity('vcpu'));
  await expect(vcpu).toHaveAttribute('data-ratio', '4');
  await expect(vcpu.getByTestId(`${hostDetailIds.capacity('vcpu')}-bar`)).toHaveAttribute('data-capacity', String(qemu.cpus * 4));
  await expect(vcpu).toContainText(`(${qemu.cpus} − 0 reserved) × 4.0 allocation ratio`);
  await expect(details.getByTestId(hostDetailIds.capacity('ram'))).toHaveAttribute('data-reserved', '512');
  await expect(details.getByTestId(`${hostDetailIds.capacity('disk')}-bar`)).toBeVisible();

  // Networks and pools: what virsh says this libvirtd has (asked of the same libvirtd just after).
  await expect(details.getByTestId(hostDetailIds.networkRow('vd-lab-net'))).toBeVisible({ timeout: 20_000 });
  await expect(details.getByTestId(hostDetailIds.poolRow('vd-lab-pool'))).toBeVisible();
  const virshNets = nameLines(await virshAt(qemu.unixUri, ['net-list', '--all', '--name'])).sort();
  expect(bare(await firstCells(page, hostDetailIds.networks).allInnerTexts())).toEqual(virshNets);
  const virshPools = nameLines(await virshAt(qemu.unixUri, ['pool-list', '--all', '--name'])).sort();
  expect(bare(await firstCells(page, hostDetailIds.pools).allInnerTexts())).toEqual(virshPools);
  // Its seeded guest is among its instances.
  await expect(details.getByTestId(hostDetailIds.instanceRow('vd-lab-guest'))).toBeVisible();
  await shoot(page, 'host-details');

  // Disable for placement with a reason: marked in the panel and on the card; then enable again.
  await details.getByTestId(hostDetailIds.toggle).click();
  await details.getByTestId(hostDetailIds.disableReason).fill('vd-lab maintenance');
  await details.getByTestId(hostDetailIds.disableConfirm).click();
  await expect(details.getByTestId(hostDetailIds.enabled)).toHaveAttribute('data-enabled', 'false');
  await expect(details.getByTestId(hostDetailIds.enabled)).toHaveText('disabled: vd-lab maintenance');
  await expect(card.getByTestId(testIds.hostEnabled)).toHaveText('disabled');
  await shoot(page, 'host-details-disabled');
  await details.getByTestId(hostDetailIds.toggle).click();
  await expect(details.getByTestId(hostDetailIds.enabled)).toHaveAttribute('data-enabled', 'true');
  await expect(card.getByTestId(testIds.hostEnabled)).toHaveText('enabled');

  // The edit form shows the URI as parts; a bad port is named before anything is sent.
  await details.getByTestId(hostDetailIds.edit).click();
  await details.getByRole('radio', { name: 'Parts' }).check();
  await expect(details.getByTestId(hostDetailIds.editPart('transport'))).toHaveValue('unix');
  await expect(details.getByTestId(hostDetailIds.editPart('path'))).toHaveValue('/system');
  await details.getByTestId(hostDetailIds.editPart('port')).fill('99999');
  await expect(details.getByText('A port is 1-65535')).toBeVisible();
  await expect(details.getByTestId(hostDetailIds.editSave)).toBeDisabled();
  await shoot(page, 'host-edit');
  await details.getByTestId(hostDetailIds.editCancel).click();
});

test('a host that cannot be reached: its details give the reason and count down to the next retry', async ({ page }) => {
  await open(page, 'hosts');
  await page.getByTestId(testIds.addHostOpen).click();
  await page.getByTestId(testIds.addHostName).fill('vd-lab-nowhere');
  await page.getByTestId(testIds.addHostUri).fill(`qemu+unix:///system?socket=${join(dataDir, 'no-libvirtd-here.sock')}`);
  await page.getByTestId(testIds.addHostSubmit).click();
  const card = page.getByTestId(hostRowId('vd-lab-nowhere'));
  await expect(card.getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'down', { timeout: 30_000 });
  await card.getByTestId(hostDetailIds.open('vd-lab-nowhere')).click();
  const connection = page.getByTestId(hostDetailIds.panel).getByTestId(hostDetailIds.connection);
  await expect(connection).toContainText(/Not reachable: .*no-libvirtd-here\.sock/);
  await expect(connection).toContainText(/next retry at .+ \(in \d+ s\)|retrying now/);
  await expect(connection).not.toHaveAttribute('data-next-retry', '');
  await shoot(page, 'host-details-down');
  await page.getByTestId(hostDetailIds.close).click();
  await card.getByTestId(testIds.hostRemove).click();
  await card.getByTestId(testIds.hostRemoveConfirm).click();
  await expect(card).toHaveCount(0);
});

test('key pairs: generate one (private key shown once), import a public key, delete both', async ({ page }) => {
  await open(page, 'keypairs');
  await page.getByTestId(keyPairIds.addOpen).click();
  await page.getByTestId(keyPairIds.addName).fill('vd-lab-generated');
  await page.getByTestId(keyPairIds.addSubmit).click();
  await expect(page.getByTestId(keyPairIds.privateKey)).toContainText('vd-lab-generated');
  await expect(page.getByTestId(keyPairIds.privateKey).locator('textarea')).toHaveValue(/BEGIN OPENSSH PRIVATE KEY/);
  await expect(page.getByTestId(keyPairIds.row('vd-lab-generated'))).toContainText('SHA256:');
  await shoot(page, 'keypairs-generated');
  await page.getByRole('button', { name: 'I have saved it' }).click();

  await page.getByTestId(keyPairIds.addOpen).click();
  await page.getByTestId(keyPairIds.addName).fill('vd-lab-imported');
  await page.getByTestId(keyPairIds.addPublicKey).fill(generateEd25519KeyPair('vd@lab').publicKey);
  await page.getByTestId(keyPairIds.addSubmit).click();
  await expect(page.getByTestId(keyPairIds.row('vd-lab-imported'))).toContainText('vd@lab');
  await shoot(page, 'keypairs');

  for (const name of ['vd-lab-generated', 'vd-lab-imported']) {
    await page.getByTestId(keyPairIds.delete(name)).click();
    await page.getByTestId(`${keyPairIds.delete(name)}-confirm`).click();
    await expect(page.getByTestId(keyPairIds.row(name))).toHaveCount(0);
  }
});

test('images: import a file from this machine, see it listed with its sizes, show and delete it', async ({ page }) => {
  const path = join(dataDir, 'vd-lab-e2e.raw');
  writeFileSync(path, Buffer.alloc(2 * 1024 * 1024, 7));
  await open(page, 'images');
  await page.getByTestId(imageIds.importOpen).click();
  await page.getByTestId(imageIds.importPath).fill(path);
  await page.getByTestId(imageIds.importName).fill('vd-lab-e2e');
  await page.getByTestId(imageIds.importOsType).fill('linux');
  await page.getByTestId(imageIds.importSubmit).click();
  const row = page.getByTestId(imageIds.row('vd-lab-e2e'));
  await expect(row).toContainText('active');
  await expect(row).toContainText('raw');
  await expect(row).toContainText('2.0 MiB');
  await shoot(page, 'images');
  await row.getByTestId(imageIds.show('vd-lab-e2e')).click();
  await expect(page.getByTestId('image-prop-properties')).toHaveText('os_type=linux');
  await shoot(page, 'image-details');
  await page.getByTestId(imageIds.details).getByRole('button', { name: 'Close' }).click();
  await row.getByTestId(imageIds.delete('vd-lab-e2e')).click();
  await page.getByTestId(`${imageIds.delete('vd-lab-e2e')}-confirm`).click();
  await expect(row).toHaveCount(0);
});

test('projects and quotas, flavors: create, set a limit, create and delete a flavor', async ({ page }) => {
  await open(page, 'projects');
  await page.getByTestId(projectIds.createOpen).click();
  await page.getByTestId(projectIds.createName).fill('vd-lab-team');
  await page.getByTestId(projectIds.createDescription).fill('Team from the admin e2e');
  await page.getByTestId(projectIds.createSubmit).click();
  await expect(page.getByTestId(testIds.projectRow('vd-lab-team'))).toBeVisible();
  await page.getByTestId(projectIds.quotaOpen('vd-lab-team')).click();
  await page.getByTestId(projectIds.quotaField('cores')).fill('-5');
  await expect(page.getByTestId(projectIds.quotaDialog)).toContainText('At least −1 (unlimited)');
  await expect(page.getByTestId(projectIds.quotaSave)).toBeDisabled();
  await page.getByTestId(projectIds.quotaField('cores')).fill('16');
  await shoot(page, 'project-quota');
  await page.getByTestId(projectIds.quotaSave).click();
  await expect(page.getByTestId(projectIds.quotaDialog)).toHaveCount(0);
  await page.getByTestId(projectIds.quotaOpen('vd-lab-team')).click();
  await expect(page.getByTestId(projectIds.quotaField('cores'))).toHaveValue('16');
  await page.getByTestId(projectIds.quotaDialog).getByRole('button', { name: 'Cancel' }).click();
  await shoot(page, 'projects-admin');

  await open(page, 'flavors');
  await page.getByTestId(flavorIds.createOpen).click();
  await page.getByTestId(flavorIds.createField('name')).fill('vd-lab.tiny');
  await page.getByTestId(flavorIds.createField('vcpus')).fill('0');
  await expect(page.getByTestId(flavorIds.createForm)).toContainText('A whole number ≥ 1');
  await page.getByTestId(flavorIds.createField('vcpus')).fill('1');
  await page.getByTestId(flavorIds.createField('ramMiB')).fill('256');
  await page.getByTestId(flavorIds.createField('diskGiB')).fill('1');
  await shoot(page, 'flavor-create');
  await page.getByTestId(flavorIds.createSubmit).click();
  await expect(page.getByTestId(testIds.flavorRow('vd-lab.tiny'))).toContainText('256 MiB');
  await page.getByTestId(flavorIds.delete('vd-lab.tiny')).click();
  await page.getByTestId(`${flavorIds.delete('vd-lab.tiny')}-confirm`).click();
  await expect(page.getByTestId(testIds.flavorRow('vd-lab.tiny'))).toHaveCount(0);
});
