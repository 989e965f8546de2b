import { expect, test, type Page } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { testIds } from '../../renderer/testIds';
import { ROOT, freePort, importWebMode, sharedServer } from './web-mode';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** What main should report about a local libvirtd, computed independently. */
function localLibvirtSocket(): string | null {
  const paths = ['/var/run/libvirt/libvirt-sock', '/run/libvirt/libvirt-sock'];
  return paths.find((path) => statSync(path, { throwIfNoEntry: false })?.isSocket()) ?? null;
}

async function expectConnected(page: Page): Promise<void> {
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
}

test('the shell loads and shows the real app info and the connection state', async ({ page }) => {
  const server = sharedServer();
  await page.goto(server.url);
  await expectConnected(page);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveText('Connected');
  await expect(page.getByTestId(testIds.appName)).toHaveText('Virt Deck');
  await expect(page.getByTestId(testIds.modeBadge)).toHaveText('Web mode');
  await expect(page.getByTestId(testIds.appVersion)).toHaveText(version);
  await expect(page.getByTestId(testIds.appMode)).toHaveAttribute('data-mode', 'web');
  await expect(page.getByTestId(testIds.dataDir)).toHaveText(server.dataDir);

  const socket = localLibvirtSocket();
  const libvirt = page.getByTestId(testIds.localLibvirt);
  await expect(libvirt).toHaveAttribute('data-detected', String(socket !== null));
  await expect(libvirt).toContainText(socket !== null ? `Local libvirtd detected at ${socket}` : 'no local libvirtd was found');
  if (socket === null) {
    // No host configured (this server's inventory is new): how to add one, and the demo lab.
    await expect(page.getByTestId(testIds.addHostHelp)).toContainText('qemu+ssh://user@host/system');
    await expect(page.getByTestId(testIds.labHelp)).toContainText('npm run lab -- up');
  } else {
    // Web mode adds a local libvirtd as the first host when none is configured.
    await expect(page.getByTestId(testIds.overviewHosts)).toContainText('1 host');
  }

  // The secret left the address bar as soon as the page read it.
  expect(page.url()).not.toContain('secret');
  expect(page.url()).toBe(`${server.origin}/`);
});

test('a reload keeps working without the secret in the URL (kept for this tab only)', async ({ page }) => {
  await page.goto(sharedServer().url);
  await expectConnected(page);
  await page.reload();
  await expectConnected(page);
  await expect(page.getByTestId(testIds.appVersion)).toHaveText(version);
});

test('every section opens; flavors and projects come from the inventory', async ({ page }) => {
  await page.goto(sharedServer().url);
  await expectConnected(page);

  for (const section of ['instances', 'hosts'] as const) {
    const item = page.getByTestId(testIds.navItem(section));
    await expect(item).not.toHaveAttribute('aria-disabled', 'true');
    await item.click();
    await expect(item).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId(testIds.screen(section))).toBeVisible();
  }
  if (localLibvirtSocket() === null) {
    // A new inventory and no local libvirtd: no hosts, so the Hosts screen opens on its Add host form.
    await expect(page.getByTestId(testIds.addHostForm)).toBeVisible();
    await page.getByTestId(testIds.navItem('instances')).click();
    await expect(page.getByTestId(testIds.screen('instances'))).toContainText('No instances');
  }

  await page.getByTestId(testIds.navItem('flavors')).click();
  await expect(page.getByTestId(testIds.navItem('flavors'))).toHaveAttribute('aria-current', 'page');
  const tiny = page.getByTestId(testIds.flavorRow('m1.tiny'));
  await expect(tiny).toContainText('512 MiB');
  await expect(page.getByTestId(testIds.flavorsTable).locator('tbody tr')).toHaveCount(5);

  await page.getByTestId(testIds.navItem('projects')).click();
  await expect(page.getByTestId(testIds.projectRow('admin'))).toContainText('Default project');
});

test('a page opened without the secret says where to get it', async ({ page }) => {
  await page.goto(`${sharedServer().origin}/`);
  const status = page.getByTestId(testIds.connectionStatus);
  await expect(status).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId(testIds.connectionBanner)).toContainText('No session secret');
});

test('a wrong secret is refused with the server’s reason', async ({ page }) => {
  await page.goto(`${sharedServer().origin}/#secret=not-the-secret-at-all-0123456789`);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId(testIds.connectionBanner)).toContainText('Wrong session secret');
});

test('the page reconnects with backoff when the server goes away and comes back', async ({ page }) => {
  const { createApp, startWebServer } = await importWebMode();
  const port = await freePort();
  const app = createApp({ mode: 'web', dataDir: sharedServer().dataDir });
  const staticDir = join(ROOT, 'dist', 'renderer');
  let server = await startWebServer({ service: app.service, staticDir, port });
  const { secret } = server;
  try {
    await page.goto(server.url);
    await expectConnected(page);

    await server.close();
    const status = page.getByTestId(testIds.connectionStatus);
    await expect(status).toHaveAttribute('data-state', 'reconnecting');
    await expect(status).toContainText('Reconnecting (attempt');
    await expect(page.getByTestId(testIds.connectionBanner)).toContainText('Virt Deck is shutting down');

    server = await startWebServer({ service: app.service, staticDir, port, secret });
    await expectConnected(page);
    await expect(page.getByTestId(testIds.connectionBanner)).toHaveCount(0);
  } finally {
    await server.close();
    await app.close();
  }
});
