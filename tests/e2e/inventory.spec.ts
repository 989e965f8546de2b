// The Hosts and Instances screens against the test lab: hosts added through the form, their domains listed with
// Nova's statuses, `nova show` details, live updates from changes made with virsh behind the app's back, removal.
// One web mode with its own data directory for this file; the tests run in order and build on each other.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostRowId, instanceRowId, testIds } from '../../renderer/testIds';
import type { SectionId } from '../../renderer/app/navigation-store';
import { labHost, uniqueName, virsh, type LabDomainState, type LabInfo } from '../lab';
import { e2eLab } from './lab';
import { startSocketProxy } from './socket-proxy';
import { importWebMode, startWebModeChild, type WebModeChild } from './web-mode';

test.describe.configure({ mode: 'serial' });

/** `nova list`'s Status for a domain state the lab seeds (hosts up, no task running). */
const STATUS_OF: Readonly<Record<LabDomainState, string>> = { running: 'ACTIVE', 'shut off': 'SHUTOFF', paused: 'PAUSED' };
/** Its Power State column. */
const POWER_OF: Readonly<Record<LabDomainState, string>> = { running: 'Running', 'shut off': 'Shutdown', paused: 'Paused' };

let lab: LabInfo;
let server: WebModeChild;
let dataDir: string;
let scratch: string;

test.beforeAll(async () => {
  lab = e2eLab();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-inventory-'));
  scratch = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-scratch-'));
  server = await startWebModeChild(dataDir);
});

test.afterAll(async () => {
  await server?.stop();
  for (const dir of [dataDir, scratch]) if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openApp(page: Page, section: SectionId): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
  await go(page, section);
}

async function go(page: Page, section: SectionId): Promise<void> {
  await page.getByTestId(testIds.navItem(section)).click();
  await expect(page.getByTestId(testIds.screen(section))).toBeVisible();
}

async function fillAddHost(page: Page, name: string, uri: string): Promise<void> {
  const form = page.getByTestId(testIds.addHostForm);
  if (!(await form.isVisible())) await page.getByTestId(testIds.addHostOpen).click();
  await form.getByTestId(testIds.addHostName).fill(name);
  await form.getByTestId(testIds.addHostUri).fill(uri);
  await form.getByTestId(testIds.addHostSubmit).click();
}

/** The status badge of an instance's row. */
function rowStatus(page: Page, uuid: string) {
  return page.getByTestId(instanceRowId(uuid)).getByTestId(testIds.instanceStatus);
}

test('an invalid URI in the Add host form shows the backend’s error message as it is', async ({ page }) => {
  const uri = 'qemu+ssh:/missing-slashes/system';
  // What main says about this URI, asked directly (in-process, on a throwaway inventory): the form must show exactly that.
  const { createApp } = await importWebMode();
  const app = createApp({ mode: 'web', dataDir: join(scratch, 'expected') });
  const expected = await app.service.call('hosts.add', { name: 'broken', uri }, { transport: 'in-process' });
  await app.close();
  expect(expected.ok).toBe(false);
  const message = expected.ok ? '' : expected.error.message;
  expect(message).toContain(uri);

  await openApp(page, 'hosts');
  await fillAddHost(page, 'broken', uri);
  await expect(page.getByTestId(testIds.addHostError)).toHaveText(message);
  // Nothing was added, and what was typed is still there to fix.
  await expect(page.getByTestId(hostRowId('broken'))).toHaveCount(0);
  await expect(page.getByTestId(testIds.addHostUri)).toHaveValue(uri);
});

test('hosts added through the form come up, and their domains are listed with their states', async ({ page }) => {
  const small = labHost(lab, 'small');
  const testDefault = labHost(lab, 'test-default');
  await openApp(page, 'hosts');
  await fillAddHost(page, 'small', small.unixUri);
  await expect(page.getByTestId(testIds.addHostForm)).toHaveCount(0);
  await fillAddHost(page, 'test-default', testDefault.unixUri);

  for (const host of [small, testDefault]) {
    const card = page.getByTestId(hostRowId(host.name));
    await expect(card.getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'up', { timeout: 20_000 });
    await expect(card.getByTestId(testIds.hostFact('hypervisor'))).toContainText('TEST');
    await expect(card.getByTestId(testIds.hostFact('libvirt'))).toHaveText(/^\d+\.\d+\.\d+$/);
    await expect(card.getByTestId(testIds.hostFact('uri'))).toHaveText(host.unixUri);
    await expect(card.getByTestId(testIds.hostEnabled)).toHaveText('enabled');
    await expect(card.getByTestId(testIds.hostVcpus)).toHaveAttribute('data-capacity', String(host.cpus));
    await expect(card.getByTestId(testIds.hostRam)).toHaveAttribute('data-capacity', String(host.memoryKiB / 1024));
  }
  // "small" is private to our connection: exactly its seeded domains.
  const smallCard = page.getByTestId(hostRowId('small'));
  await expect(smallCard.getByTestId(testIds.hostFact('instances'))).toHaveText(String(small.seed.domains.length));
  await expect(smallCard.getByTestId(testIds.hostVcpus)).not.toHaveAttribute('data-used', '0');

  await go(page, 'instances');
  for (const domain of small.seed.domains) {
    const row = page.getByTestId(instanceRowId(domain.uuid));
    await expect(row).toContainText(domain.name);
    await expect(rowStatus(page, domain.uuid)).toHaveText(STATUS_OF[domain.state]);
    await expect(row).toContainText(POWER_OF[domain.state]);
    await expect(row).toContainText('small');
    await expect(row).toContainText('unassigned');
  }
  const seeded = testDefault.seed.domains[0];
  if (seeded === undefined) throw new Error('the lab seeds a domain on test-default');
  await expect(page.getByTestId(instanceRowId(seeded.uuid))).toContainText('test-default');

  await go(page, 'overview');
  const summary = page.getByTestId(testIds.overviewHosts);
  await expect(summary).toHaveAttribute('data-total', '2');
  await expect(summary).toHaveAttribute('data-up', '2');
  await expect(summary).toContainText('2 hosts: 2 up, 0 down');
  await expect(page.getByTestId(testIds.labHelp)).toHaveCount(0);
});

test('a click on an instance opens its details, as nova show lists them', async ({ page }) => {
  const small = labHost(lab, 'small');
  await openApp(page, 'instances');
  for (const domain of small.seed.domains) {
    await page.getByTestId(instanceRowId(domain.uuid)).click();
    await expect(page.getByTestId(instanceRowId(domain.uuid))).toHaveAttribute('aria-selected', 'true');
    const detail = page.getByTestId(testIds.instanceDetail);
    const value = (property: string) => detail.getByTestId(testIds.instanceDetailValue(property));
    await expect(value('id')).toHaveText(domain.uuid);
    await expect(value('name')).toHaveText(domain.name);
    await expect(value('status')).toHaveText(STATUS_OF[domain.state]);
    await expect(value('vm_state')).toHaveText({ running: 'active', 'shut off': 'stopped', paused: 'paused' }[domain.state]);
    await expect(value('task_state')).toHaveText('-');
    await expect(value('power_state')).toHaveText(new RegExp(`^${POWER_OF[domain.state]} \\(\\d\\)$`));
    await expect(value('host')).toHaveText('small');
    await expect(value('host_status')).toContainText('up — last seen');
    await expect(value('project')).toContainText('unassigned');
    await expect(value('vcpus')).toHaveText(/^[1-9]\d*$/);
    await expect(value('ram')).toHaveText(/\d+ (MiB|GiB)$/);
    await expect(value('libvirt_domain_name')).toHaveText(domain.name);
    await expect(value('libvirt_domain_uuid')).toHaveText(domain.uuid);
    await expect(value('created')).not.toHaveText('-');
    await expect(value('launched_at')).toHaveText(domain.state === 'running' ? /\d/ : '-');
    await expect(value('fault')).toHaveCount(0);
  }

  const web = small.seed.domains.find((domain) => domain.state === 'running');
  if (web === undefined) throw new Error('the lab seeds a running domain on small');
  await page.getByTestId(instanceRowId(web.uuid)).click();
  await expect(page.getByTestId(testIds.instanceDetail).getByTestId(testIds.instanceDetailValue('name'))).toHaveText(web.name);

  // Closing the details leaves the selection as it was.
  await page.getByTestId(testIds.instanceDetailClose).click();
  await expect(page.getByTestId(testIds.instanceDetail)).toHaveCount(0);
  await expect(page.getByTestId(instanceRowId(web.uuid))).toHaveAttribute('aria-selected', 'true');
});

test('a domain defined and changed with virsh behind the app’s back shows up, follows live, and leaves when undefined', async ({ page }) => {
  test.setTimeout(120_000);
  const name = uniqueName('e2e');
  const xml = join(scratch, `${name}.xml`);
  writeFileSync(
    xml,
    `<domain type='test'><name>${name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>\n`,
  );
  const onTestDefault = (args: readonly string[]) => virsh(lab, args, { host: 'test-default' });

  await openApp(page, 'hosts');
  const hostInstances = page.getByTestId(hostRowId('test-default')).getByTestId(testIds.hostFact('instances'));
  await expect(hostInstances).toHaveText(/^\d+$/);
  const before = Number(await hostInstances.textContent());
  await go(page, 'instances');
  // The list shows only the rows that fit, and test-default is shared with every other test on the lab: search for
  // the domain, as an operator would, so its row is on screen whatever else the host holds.
  await page.getByTestId(testIds.instancesSearch).fill(name);
  // A reload would lose this: everything below must arrive through the change feed.
  await page.evaluate(() => Object.assign(window, { e2eNoReload: true }));

  try {
    await onTestDefault(['define', xml]);
    const uuid = await onTestDefault(['domuuid', name]);
    const row = page.getByTestId(instanceRowId(uuid));
    await expect(row).toContainText(name);
    await expect(row).toContainText('test-default');
    await expect(rowStatus(page, uuid)).toHaveText('SHUTOFF');

    await onTestDefault(['start', name]);
    await expect(rowStatus(page, uuid)).toHaveText('ACTIVE');
    await expect(row).toContainText('Running');

    await row.click();
    const detail = page.getByTestId(testIds.instanceDetail);
    await expect(detail.getByTestId(testIds.instanceDetailValue('libvirt_domain_name'))).toHaveText(name);
    await expect(detail.getByTestId(testIds.instanceDetailValue('vm_state'))).toHaveText('active');

    await onTestDefault(['suspend', name]);
    await expect(rowStatus(page, uuid)).toHaveText('PAUSED');
    await expect(detail.getByTestId(testIds.instanceDetailValue('vm_state'))).toHaveText('paused');
    await onTestDefault(['resume', name]);
    await expect(rowStatus(page, uuid)).toHaveText('ACTIVE');

    // The host's usage follows its instances (the host row itself did not change).
    await go(page, 'hosts');
    await expect(hostInstances).toHaveText(String(before + 1));
    await go(page, 'instances');

    // A stop is debounced a few seconds (it may be a reboot) before the instance becomes SHUTOFF.
    await onTestDefault(['destroy', name]);
    await expect(rowStatus(page, uuid)).toHaveText('SHUTOFF', { timeout: 20_000 });
    await expect(detail.getByTestId(testIds.instanceDetailValue('power_state'))).toContainText('Shutdown');

    // Undefined behind our back: an adopted domain was never ours, so its instance is marked deleted (a created one
    // would stay, in ERROR) and leaves the list; the open details say so.
    await onTestDefault(['undefine', name]);
    await expect(page.getByTestId(instanceRowId(uuid))).toHaveCount(0);
    await expect(detail.getByTestId(testIds.instanceDetailValue('status'))).toHaveText('DELETED');
    await expect(detail.getByTestId(testIds.instanceDetailValue('vm_state'))).toHaveText('deleted');

    expect(await page.evaluate(() => (window as { e2eNoReload?: boolean }).e2eNoReload)).toBe(true);
  } finally {
    await onTestDefault(['destroy', name]).catch(() => undefined);
    await onTestDefault(['undefine', name]).catch(() => undefined);
  }
});

test('a host that goes down shows its instances as UNKNOWN with when it was last seen, and they recover', async ({ page }) => {
  test.setTimeout(120_000);
  const large = labHost(lab, 'large');
  // "large" through a socket of our own, so that only this app loses it.
  const socket = join(scratch, 'large.sock');
  let proxy = await startSocketProxy(socket, lab.libvirtSocket);
  const uri = large.unixUri.replace(/socket=[^&]+/, `socket=${socket}`);
  const running = large.seed.domains.find((domain) => domain.state === 'running');
  if (running === undefined) throw new Error('the lab seeds a running domain on large');
  try {
    await openApp(page, 'hosts');
    await fillAddHost(page, 'flaky', uri);
    const card = page.getByTestId(hostRowId('flaky'));
    await expect(card.getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'up', { timeout: 20_000 });
    await go(page, 'instances');
    for (const domain of large.seed.domains) await expect(rowStatus(page, domain.uuid)).toHaveText(STATUS_OF[domain.state]);
    await page.getByTestId(instanceRowId(running.uuid)).click();

    await proxy.close();
    for (const domain of large.seed.domains) await expect(rowStatus(page, domain.uuid)).toHaveText('UNKNOWN');
    await expect(rowStatus(page, running.uuid)).toHaveAttribute('title', /^host down — last seen \d/);
    const detail = page.getByTestId(testIds.instanceDetail);
    await expect(detail.getByTestId(testIds.instanceDetailValue('host_status'))).toContainText('down — last seen');
    // The last known states are kept underneath.
    await expect(detail.getByTestId(testIds.instanceDetailValue('vm_state'))).toHaveText('active');

    await go(page, 'hosts');
    await expect(card.getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'down');
    await expect(card.getByTestId(testIds.hostStatusReason)).toContainText(socket);
    await go(page, 'overview');
    await expect(page.getByTestId(testIds.overviewHosts)).toHaveAttribute('data-down', '1');

    proxy = await startSocketProxy(socket, lab.libvirtSocket);
    await go(page, 'instances');
    for (const domain of large.seed.domains) await expect(rowStatus(page, domain.uuid)).toHaveText(STATUS_OF[domain.state], { timeout: 30_000 });
    await expect(rowStatus(page, running.uuid)).not.toHaveAttribute('title', /.*/);

    await go(page, 'hosts');
    await card.getByTestId(testIds.hostRemove).click();
    await card.getByTestId(testIds.hostRemoveForce).check();
    await card.getByTestId(testIds.hostRemoveConfirm).click();
    await expect(card).toHaveCount(0);
  } finally {
    await proxy.close();
  }
});

test('removing a host asks first, needs force while it has instances, and takes them off the list', async ({ page }) => {
  const small = labHost(lab, 'small');
  await openApp(page, 'hosts');
  const card = page.getByTestId(hostRowId('small'));
  await card.getByTestId(testIds.hostRemove).click();
  // Without force main refuses, and says why.
  await card.getByTestId(testIds.hostRemoveConfirm).click();
  await expect(card.getByTestId(testIds.hostRemoveError)).toContainText(`still has ${small.seed.domains.length} instances`);
  await card.getByTestId(testIds.hostRemoveForce).check();
  await card.getByTestId(testIds.hostRemoveConfirm).click();
  await expect(card).toHaveCount(0);

  await go(page, 'instances');
  await expect(page.getByTestId(testIds.instancesTable)).toBeVisible();
  for (const domain of small.seed.domains) await expect(page.getByTestId(instanceRowId(domain.uuid))).toHaveCount(0);

  await go(page, 'hosts');
  const last = page.getByTestId(hostRowId('test-default'));
  await last.getByTestId(testIds.hostRemove).click();
  await last.getByTestId(testIds.hostRemoveForce).check();
  await last.getByTestId(testIds.hostRemoveConfirm).click();
  await expect(last).toHaveCount(0);
  // No host left: the form is back, and the Overview shows the first-start hints again.
  await expect(page.getByTestId(testIds.addHostForm)).toBeVisible();
  await go(page, 'overview');
  await expect(page.getByTestId(testIds.overviewHosts)).toHaveCount(0);
  await expect(page.getByTestId(testIds.addHostHelp)).toContainText('qemu+ssh://user@host/system');
  await expect(page.getByTestId(testIds.labHelp)).toBeVisible();
});
