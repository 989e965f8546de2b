// The instance details panel against the lab, as an operator uses it: the running QEMU guest's overview, its CPU graph
// receiving samples (the values move), the hardware summary and the live domain XML, the action log of an instance
// acted on (a test-driver domain of this file's own, stopped and started with the CLI), and the serial tab opening
// the guest's serial console. With VIRT_DECK_SCREENSHOTS=1 each tab is captured into docs/screenshots/.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { consoleTestIds } from '../../renderer/features/console/test-ids';
import { detailTestIds } from '../../renderer/features/instance-detail/test-ids';
import { instanceRowId, testIds } from '../../renderer/testIds';
import { labHost, uniqueName, virsh, type LabInfo } from '../lab';
import { consoleView } from './console-helpers';
import { e2eLab } from './lab';
import { ROOT, startWebModeChild, type WebModeChild } from './web-mode';

const run = promisify(execFile);
test.describe.configure({ mode: 'serial' });

let lab: LabInfo;
let dataDir: string;
let scratch: string;
let server: WebModeChild;

/** The CLI on this file's data directory (it shares the inventory with the running web mode). */
const cli = (...args: string[]) => run(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), '--data-dir', dataDir, ...args], { cwd: ROOT });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  lab = e2eLab();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-detail-'));
  scratch = mkdtempSync(join(tmpdir(), 'vd-lab-detail-'));
  await cli('host', 'add', 'qemu', labHost(lab, 'qemu').unixUri);
  await cli('host', 'add', 'test-default', labHost(lab, 'test-default').unixUri);
  server = await startWebModeChild(dataDir);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

const OUT = join(ROOT, 'docs', 'screenshots');

/** Capture the page in both themes into docs/screenshots when asked (VIRT_DECK_SCREENSHOTS=1). */
async function shoot(page: Page, name: string): Promise<void> {
  if (process.env.VIRT_DECK_SCREENSHOTS !== '1') return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Open the Instances screen, find an instance by searching its name, and open its details. */
async function openDetails(page: Page, name: string, uuid: string): Promise<Locator> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
  await page.getByTestId(testIds.navItem('instances')).click();
  await page.getByTestId(testIds.instancesSearch).fill(name);
  const row = page.getByTestId(instanceRowId(uuid));
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.click();
  const detail = page.getByTestId(testIds.instanceDetail);
  await expect(detail.getByTestId(testIds.instanceDetailValue('name'))).toHaveText(name);
  return detail;
}

test('the running guest: overview, a CPU graph whose figures move, the hardware and its live XML', async ({ page }) => {
  test.setTimeout(120_000);
  const detail = await openDetails(page, lab.guest.name, lab.guest.uuid);
  await expect(detail.getByTestId(testIds.instanceDetailValue('host'))).toHaveText('qemu');
  await expect(detail.getByTestId(testIds.instanceDetailValue('power_state'))).toHaveText('Running (1)', { timeout: 30_000 });
  await expect(detail.getByTestId(detailTestIds.actionsSlot)).toBeAttached();
  await shoot(page, 'instance-detail-overview');

  await detail.getByTestId(detailTestIds.tab('graphs')).click();
  const cpu = detail.getByTestId('stats-chart-cpu');
  const latest = cpu.locator('.stats-latest');
  // Samples arrive every second: the latest CPU figure is shown, then changes.
  await expect(latest).toHaveText(/\d+(\.\d+)? ?%/, { timeout: 30_000 });
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        seen.add((await latest.textContent()) ?? '');
        return seen.size;
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBeGreaterThan(1);
  await expect(cpu.locator('canvas')).toHaveCount(1);
  await shoot(page, 'instance-detail-graphs');

  await detail.getByTestId(detailTestIds.tab('hardware')).click();
  const xml = detail.getByTestId(detailTestIds.xml);
  await expect(xml).toContainText("<domain type='", { timeout: 30_000 });
  await expect(xml).toContainText(`<uuid>${lab.guest.uuid}</uuid>`);
  // Highlighted: the tag names are their own elements.
  await expect(xml.locator('.xml__tag').first()).toHaveText('domain');
  await expect(detail.getByTestId(detailTestIds.hardwareRow('vcpus'))).toContainText('vCPU');
  // The lab guest boots its kernel directly, has no disk, a VNC display and a serial console.
  await expect(detail.getByTestId(detailTestIds.hardwareRow('boot'))).toContainText('direct kernel');
  await expect(detail.getByTestId(detailTestIds.hardwareRow('graphics'))).toContainText('VNC');
  await expect(detail.getByTestId(detailTestIds.hardwareRow('serial')).first()).toContainText('pty');
  await shoot(page, 'instance-detail-hardware');
  await xml.scrollIntoViewIfNeeded();
  await shoot(page, 'instance-detail-xml');
});

test('the action log lists what was done to an instance, each action with its events', async ({ page }) => {
  test.setTimeout(120_000);
  const name = uniqueName('detail');
  const xmlPath = join(scratch, `${name}.xml`);
  writeFileSync(xmlPath, `<domain type='test'><name>${name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>\n`);
  const onTestDefault = (args: readonly string[]) => virsh(lab, args, { host: 'test-default' });
  try {
    await onTestDefault(['define', xmlPath]);
    const uuid = (await onTestDefault(['domuuid', name])).trim();
    const detail = await openDetails(page, name, uuid);
    await detail.getByTestId(detailTestIds.tab('actions')).click();
    const actions = detail.getByTestId(detailTestIds.actionLog).locator('tbody[data-action]');
    // Found on the host behind the app's back: its first action is its adoption.
    await expect(actions).toHaveCount(1);
    await expect(actions.first()).toHaveAttribute('data-action', 'adopt');

    // Acted on from the CLI while the panel is open: the log follows (the change feed brings the new states).
    await cli('start', name);
    await cli('stop', name);
    await expect(actions).toHaveCount(3, { timeout: 30_000 });
    await expect(actions.first()).toHaveAttribute('data-action', 'stop');
    await expect(actions.nth(1)).toHaveAttribute('data-action', 'start');
    await expect(actions.first().getByTestId(detailTestIds.actionEvent).first()).toContainText('Success');
    await shoot(page, 'instance-detail-action-log');
  } finally {
    await onTestDefault(['destroy', name]).catch(() => undefined);
    await onTestDefault(['undefine', name]).catch(() => undefined);
  }
});

test('the Serial tab opens the guest’s serial console', async ({ page }) => {
  test.setTimeout(90_000);
  const detail = await openDetails(page, lab.guest.name, lab.guest.uuid);
  await detail.getByTestId(detailTestIds.tab('serial')).click();
  const { state } = consoleView(page, lab.guest.uuid, 'serial');
  await expect(state).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId(consoleTestIds.view(`${lab.guest.uuid}:serial`)).getByTestId(consoleTestIds.terminal)).toBeVisible();
  await shoot(page, 'instance-detail-serial');
  // Back on the list, the Serial tab offers to open it again or in a window of its own.
  await page.getByTestId(consoleTestIds.listTab).click();
  await expect(detail.getByTestId(consoleTestIds.detailSerial)).toBeVisible();
  await shoot(page, 'instance-detail-serial-tab');
});
