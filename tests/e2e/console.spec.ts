// Consoles in web mode against the lab: double-click an instance and see its screen (compared with libvirt's own
// screenshot), type into it, the same over SSH, the serial console, reconnecting across a restart of the guest, and
// the toolbar. The lab's shared guest is only looked at; typing goes to a guest of this file's own.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { consoleTestIds } from '../../renderer/features/console/test-ids';
import { labHost, virsh, type LabInfo } from '../lab';
import { startConsoleGuest, waitForText, type ConsoleGuest } from '../support/console-guest';
import { canvasBlocks, canvasLit, compareCanvasWithPng, screenDistance, consoleView, domainScreenshot, showInstance, startWebModeWithHost, typeOnVnc, waitConnected, type ConsoleWebMode } from './console-helpers';
import { e2eLab } from './lab';
import { ROOT } from './web-mode';

test.describe.configure({ mode: 'serial' });

let lab: LabInfo;
let guest: ConsoleGuest;
let local: ConsoleWebMode;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  lab = e2eLab();
  guest = await startConsoleGuest(lab, 'e2e-console');
  local = await startWebModeWithHost('lab-qemu', labHost(lab, 'qemu').unixUri);
});

test.afterAll(async () => {
  await local?.stop();
  await guest?.remove();
});

/** A marker only this run can produce. */
const marker = (prefix: string): string => `${prefix}${randomBytes(3).toString('hex')}`;

/** Write a PNG of the page for docs/console.md when asked (VIRT_DECK_SCREENSHOT=1). */
async function docShot(page: Page, name: string): Promise<void> {
  if (process.env.VIRT_DECK_SCREENSHOT === '1') writeFileSync(join(ROOT, 'docs', name), await page.screenshot());
}

test("double-clicking the lab guest shows its screen, as libvirt's own screenshot shows it", async ({ page }) => {
  const row = await showInstance(page, local.server.url, lab.guest.uuid);
  await row.dblclick();
  const view = await waitConnected(page, lab.guest.uuid, 'vnc');
  // The first frame is painted: the app measured when.
  await expect(view.getByTestId(consoleTestIds.state)).toHaveAttribute('data-first-frame-ms', /^\d+$/);
  const png = await domainScreenshot(labHost(lab, 'qemu').unixUri, lab.guest.uuid);
  const compared = await compareCanvasWithPng(view, png);
  // The banner and the prompt light up part of the screen, in both pictures, at the same places.
  expect(compared.imageLit).toBeGreaterThan(0.05);
  expect(compared.canvasLit).toBeGreaterThan(0.05);
  expect(compared.diffToImage).toBeLessThan(compared.diffToBlank / 4);
  await expect(view.getByTestId(consoleTestIds.state)).toHaveText('Connected');
  await expect(view).toContainText('VNC 127.0.0.1:');
});

test('typing into the console reaches the guest: keys, and text typed key by key', async ({ page }) => {
  const row = await showInstance(page, local.server.url, guest.uuid);
  await row.dblclick();
  const view = await waitConnected(page, guest.uuid, 'vnc');
  // The keyboard goes to the guest once the screen is clicked, and the app says so.
  await view.getByTestId(consoleTestIds.screen).click();
  await expect(view.getByTestId(consoleTestIds.keyboardGrab)).toContainText('Keyboard captured');
  const typed = marker('vdtyped');
  const before = guest.log().length;
  await typeOnVnc(page, `echo ${typed} > /dev/ttyS0\n`);
  await waitForText(guest, typed, 20_000, before);
  await docShot(page, 'console-vnc.png');
  // Ctrl+Alt+G gives the keyboard back.
  await page.keyboard.press('Control+Alt+g');
  await expect(view.getByTestId(consoleTestIds.keyboardGrab)).toHaveCount(0);

  // "Type text…": any characters (Shift, $, parentheses), as keysyms.
  await view.getByTestId(consoleTestIds.paste).click();
  const pasted = marker('vdpasted');
  await view.getByTestId(consoleTestIds.pasteText).fill(`echo ${pasted}-$((6*7)) > /dev/ttyS0\n`);
  const beforePaste = guest.log().length;
  await view.getByTestId(consoleTestIds.pasteSend).click();
  await waitForText(guest, `${pasted}-42`, 20_000, beforePaste);
});

test('send keys: Ctrl+Alt+F2 switches the guest to its second console, Ctrl+Alt+F1 back', async ({ page }) => {
  const row = await showInstance(page, local.server.url, guest.uuid);
  await row.dblclick();
  const view = await waitConnected(page, guest.uuid, 'vnc');
  // Linux switches only to a console that exists: write to tty2 first (typed key by key), and clear tty1.
  await view.getByTestId(consoleTestIds.paste).click();
  await view.getByTestId(consoleTestIds.pasteText).fill('for i in 1 2 3 4 5 6; do echo THIS IS TTY2 THIS IS TTY2; done > /dev/tty2; clear\n');
  await view.getByTestId(consoleTestIds.pasteSend).click();
  // Cleared: only the prompt is left on tty1.
  await expect.poll(() => canvasLit(view), { timeout: 15_000 }).toBeLessThan(0.002);
  const tty1 = await canvasBlocks(view);
  const send = async (id: string) => {
    await view.getByTestId(consoleTestIds.sendKeys).click();
    await view.getByTestId(consoleTestIds.sendKey(id)).click();
  };
  await send('ctrl-alt-f2');
  await expect.poll(async () => screenDistance(tty1, await canvasBlocks(view)), { timeout: 15_000 }).toBeGreaterThan(2);
  await send('ctrl-alt-f1');
  await expect.poll(async () => screenDistance(tty1, await canvasBlocks(view)), { timeout: 15_000 }).toBeLessThan(0.5);
});

test('screenshot to PNG, view only, scaling', async ({ page }) => {
  const row = await showInstance(page, local.server.url, guest.uuid);
  await row.dblclick();
  const view = await waitConnected(page, guest.uuid, 'vnc');
  const [download] = await Promise.all([page.waitForEvent('download'), view.getByTestId(consoleTestIds.screenshot).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${guest.name}-.*\\.png$`));
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(path).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

  // View only: no keyboard capture, no keys.
  await view.getByTestId(consoleTestIds.viewOnly).check();
  await expect(view.getByTestId(consoleTestIds.paste)).toBeDisabled();
  await view.getByTestId(consoleTestIds.screen).click();
  await expect(view.getByTestId(consoleTestIds.keyboardGrab)).toHaveCount(0);
  await view.getByTestId(consoleTestIds.viewOnly).uncheck();

  // 1:1 shows the guest's own size (720×400 text mode); scaled, it fills the view.
  const canvas = view.locator('canvas');
  await view.getByTestId(consoleTestIds.scale).selectOption('native');
  await expect.poll(async () => (await canvas.boundingBox())?.width).toBe(720);
  await view.getByTestId(consoleTestIds.scale).selectOption('fit');
  await expect.poll(async () => (await canvas.boundingBox())?.width ?? 0).toBeGreaterThan(720);
});

test('the serial console shows the prompt and echoes what is typed', async ({ page }) => {
  const row = await showInstance(page, local.server.url, guest.uuid);
  await row.click({ button: 'right' });
  await page.getByTestId(consoleTestIds.menuItem('serial')).click();
  const view = await waitConnected(page, guest.uuid, 'serial');
  const terminal = view.getByTestId(consoleTestIds.terminal);
  await expect(terminal).toContainText('/ #', { timeout: 20_000 });
  await terminal.click();
  const echoed = marker('serial');
  await page.keyboard.type(`echo ${echoed}-$((6*7))`);
  // The guest's line discipline echoes the keys back before Enter is pressed.
  await expect(terminal).toContainText(`echo ${echoed}-$((6*7))`);
  await page.keyboard.press('Enter');
  await expect(terminal).toContainText(`${echoed}-42`);
  await docShot(page, 'console-serial.png');
});

test('a console survives the guest being stopped and started again', async ({ page }) => {
  test.setTimeout(120_000);
  const row = await showInstance(page, local.server.url, guest.uuid);
  await row.dblclick();
  const { state } = consoleView(page, guest.uuid, 'vnc');
  await waitConnected(page, guest.uuid, 'vnc');
  await virsh(lab, ['destroy', guest.name]);
  await expect(state).toHaveAttribute('data-state', /disconnected|connecting/, { timeout: 20_000 });
  await expect(consoleView(page, guest.uuid, 'vnc').view).toContainText(/reconnect/i);
  await virsh(lab, ['start', guest.name]);
  await waitConnected(page, guest.uuid, 'vnc', 60_000);
  await waitForText(guest, guest.banner, 60_000);
});

test('pop out: the console moves to a window of its own', async ({ page, context }) => {
  const row = await showInstance(page, local.server.url, guest.uuid);
  await row.dblclick();
  const { view } = consoleView(page, guest.uuid, 'vnc');
  await waitConnected(page, guest.uuid, 'vnc');
  const [popup] = await Promise.all([context.waitForEvent('page'), view.getByTestId(consoleTestIds.popOut).click()]);
  await waitConnected(popup, guest.uuid, 'vnc');
  await expect(popup).toHaveTitle(`${guest.name} — Virt Deck console`);
  // The tab in the main window is gone; the list is back.
  await expect(view).toHaveCount(0);
  await docShot(popup, 'console-popout.png');
  await popup.close();
});

test('over SSH only: the same console, through the host’s SSH connection', async ({ page }) => {
  const viaSsh = await startWebModeWithHost('lab-ssh', labHost(lab, 'qemu').sshUri);
  try {
    const row = await showInstance(page, viaSsh.server.url, guest.uuid);
    await row.dblclick();
    const view = await waitConnected(page, guest.uuid, 'vnc');
    await expect(view).toContainText('over SSH');
    await view.getByTestId(consoleTestIds.screen).click();
    const typed = marker('vdssh');
    const before = guest.log().length;
    await typeOnVnc(page, `echo ${typed} > /dev/ttyS0\n`);
    await waitForText(guest, typed, 20_000, before);

    await page.getByTestId(consoleTestIds.listTab).click();
    await row.click({ button: 'right' });
    await page.getByTestId(consoleTestIds.menuItem('serial')).click();
    const serial = await waitConnected(page, guest.uuid, 'serial');
    const terminal = serial.getByTestId(consoleTestIds.terminal);
    await expect(terminal).toContainText('/ #', { timeout: 20_000 });
    await terminal.click();
    await page.keyboard.type('echo ssh-$((6*7))');
    await page.keyboard.press('Enter');
    await expect(terminal).toContainText('ssh-42');
  } finally {
    await viaSsh.stop();
  }
});
