// The create wizard's local-file import and its Placement pickers, on the lab, as an operator would: pick a qcow2
// file made by qemu-img in the Source step, watch the upload's bytes, rate and time left (the upload is throttled in
// Chromium so there is something to watch), see the new image selected; then in Placement pick a server group and an
// availability zone and see the scheduler's "why this host" follow them. The image is deleted at the end.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { createTestIds } from '../../renderer/features/create/create-test-ids';
import { labHost, type LabInfo } from '../lab';
import { enterTo, openInstancesForCreate } from './create-helpers';
import { e2eLab } from './lab';
import { shoot } from './shoot';
import { ROOT, startWebModeChild, type WebModeChild } from './web-mode';

const run = promisify(execFile);

test.describe.configure({ mode: 'serial' });

let lab: LabInfo;
let server: WebModeChild | undefined;
let dataDir = '';
let fileDir = '';
const suffix = randomBytes(3).toString('hex');
const imageName = `vd-lab-upload-${suffix}`;
const group = `vd-lab-spread-${suffix}`;
let imageFile = '';

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), '--data-dir', dataDir, ...args], { cwd: ROOT, timeout: 120_000 });
  return stdout;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  lab = e2eLab();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-upload-'));
  fileDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-upload-file-'));
  // A real qcow2 from qemu-img, with its 4 MiB written out (preallocation=full) so the upload takes a few seconds.
  imageFile = join(fileDir, `${imageName}.qcow2`);
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-o', 'preallocation=full', imageFile, '4M']);
  await cli('host', 'add', 'lab-qemu', labHost(lab, 'qemu').unixUri, '--zone', 'vd-lab-az1');
  await cli('host', 'add', 'lab-small', labHost(lab, 'small').unixUri, '--zone', 'vd-lab-az2');
  await cli('flavor', 'create', 'vd.tiny', '--vcpus', '1', '--ram', '128', '--disk', '1');
  await cli('server-group', 'create', group, 'anti-affinity');
  server = await startWebModeChild(dataDir);
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (fileDir) rmSync(fileDir, { recursive: true, force: true });
});

test('imports a local qcow2 file from the Source step with progress, selects it, and places with a server group and zone', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await openInstancesForCreate(page, server!.url);
  await page.locator('body').press('n');
  await expect(page.getByTestId(createTestIds.field('name'))).toBeFocused();
  await page.keyboard.type(`vd-lab-upload-vm-${suffix}`);
  await enterTo(page, 'source');
  await expect(page.getByText('No images yet')).toBeVisible();

  // Pick the file: the name comes from it.
  await page.getByTestId(createTestIds.uploadFile).setInputFiles(imageFile);
  await expect(page.getByTestId(createTestIds.uploadName)).toHaveValue(imageName);

  // Throttle this page's uploads to 1 MiB/s (Chromium's own network emulation), so the progress can be watched.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });

  await page.getByTestId(createTestIds.uploadStart).click();
  const status = page.getByTestId(createTestIds.uploadStatus);
  await expect(status).toHaveAttribute('data-phase', 'uploading');
  await expect(page.getByTestId(createTestIds.uploadCancel)).toBeVisible();
  // Bytes of the total, then a rate and the time left.
  const total = statSync(imageFile).size;
  await expect(page.getByTestId(createTestIds.uploadProgress)).toContainText(/ of 4\.\d MiB/);
  await expect(page.getByTestId(createTestIds.uploadProgress)).toContainText(/\/s · \d+ s left/, { timeout: 20_000 });
  await shoot(page, 'create-upload-progress');

  await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(status).toContainText(`as ${imageName}; it is selected above`);
  const radio = page.getByTestId(createTestIds.imageOption(imageName));
  await expect(radio).toBeChecked();
  await expect(page.getByRole('row', { name: new RegExp(imageName) })).toContainText('qcow2');
  await shoot(page, 'create-upload-done');

  // main has it as an active qcow2 image of the file's size.
  const listed = JSON.parse(await cli('--json', 'image', 'show', imageName)) as { diskFormat: string; status: string; sizeBytes: number; checksum: string };
  expect(listed).toMatchObject({ diskFormat: 'qcow2', status: 'active', sizeBytes: total });

  // Flavor, then Placement with a zone and a server group: the explanation follows.
  await radio.focus();
  await enterTo(page, 'flavor');
  await page.getByTestId(createTestIds.flavorRow('vd.tiny')).getByRole('radio').check();
  await enterTo(page, 'placement');
  const why = page.getByTestId(createTestIds.explanation);
  await page.getByTestId(createTestIds.field('availabilityZone')).selectOption('vd-lab-az2');
  await expect(why).toContainText(/lab-small/);
  await page.getByTestId(createTestIds.field('availabilityZone')).selectOption('vd-lab-az1');
  await expect(why).toContainText(/^Why this host: lab-qemu: rank 1 of 1 candidate/);
  await expect(page.getByText(/AvailabilityZoneFilter: availability zone "vd-lab-az1" requested; host is in "vd-lab-az2"/)).toBeVisible();
  const groupSelect = page.getByTestId(createTestIds.field('serverGroup'));
  await groupSelect.selectOption({ label: `${group} (anti-affinity, 0 members)` });
  await expect(groupSelect).toHaveValue(/.+/);
  await expect(why).toContainText('lab-qemu');
  await shoot(page, 'create-placement-group-zone');
  await enterTo(page, 'network');
  await enterTo(page, 'access');
  await enterTo(page, 'review');
  await expect(page.getByTestId('create-review')).toContainText(`Server group${group}`);
  await expect(page.getByTestId('create-review')).toContainText('Availability zonevd-lab-az1');

  // Leave without creating; then delete the image.
  await page.getByTestId(createTestIds.cancel).click();
  await page.getByTestId(createTestIds.discardConfirm).click();
  await expect(page.getByTestId(createTestIds.dialog)).toHaveCount(0);
  await cli('image', 'delete', imageName);
  expect(await cli('image', 'list')).not.toContain(imageName);
});
