// Adding an SSH host whose key nobody recorded yet, as an operator: a private sshd with a fresh host key in front of
// the lab's libvirtd, and an empty known_hosts file given by the URI. The dialog shows the key's SHA256 fingerprint
// (the one ssh-keygen prints); Trust → the key is recorded where OpenSSH finds it and the host comes up. A host whose
// key changed is refused with the warning, and no dialog ever offers to accept it.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promptTestIds } from '../../renderer/features/ssh-prompts/test-ids';
import { hostRowId, testIds } from '../../renderer/testIds';
import { generateKey, startOwnSshd, type KeyPair, type OwnSshd } from '../integration/ssh/own-sshd';
import type { LabInfo } from '../lab';
import { e2eLab } from './lab';
import { startWebModeChild, type WebModeChild } from './web-mode';

test.describe.configure({ mode: 'serial' });

let lab: LabInfo;
let dir: string;
let server: WebModeChild;
const sshds: OwnSshd[] = [];

test.beforeAll(async () => {
  lab = e2eLab();
  dir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-prompts-'));
  server = await startWebModeChild(join(dir, 'data'));
});

test.afterAll(async () => {
  await server?.stop();
  await Promise.all(sshds.map((sshd) => sshd.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A private sshd presenting `hostKey`, letting the lab's client key in as root. */
async function privateSshd(name: string, hostKey: KeyPair): Promise<OwnSshd> {
  const clientPublic = readFileSync(`${lab.ssh.privateKeyPath}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const sshd = await startOwnSshd({ dir: join(dir, name), hostKeys: [hostKey], authorizedKeys: [clientPublic] });
  sshds.push(sshd);
  return sshd;
}

/** The lab's test:///default behind `sshd`, with the lab's client key and `knownHosts`. */
function sshUri(sshd: OwnSshd, knownHosts: string): string {
  return `test+ssh://root@127.0.0.1:${sshd.port}/default?socket=${lab.libvirtSocket}&keyfile=${lab.ssh.privateKeyPath}&known_hosts=${knownHosts}`;
}

/** What ssh-keygen says the key's fingerprint is. */
function keygenFingerprint(key: KeyPair): string {
  return execFileSync('ssh-keygen', ['-lf', `${key.privatePath}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';
}

async function addHost(page: Page, name: string, uri: string): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
  await page.getByTestId(testIds.navItem('hosts')).click();
  const form = page.getByTestId(testIds.addHostForm);
  if (!(await form.isVisible())) await page.getByTestId(testIds.addHostOpen).click();
  await form.getByTestId(testIds.addHostName).fill(name);
  await form.getByTestId(testIds.addHostUri).fill(uri);
  await form.getByTestId(testIds.addHostSubmit).click();
  await expect(page.getByTestId(hostRowId(name))).toBeVisible();
}

test('an unknown host key is shown with its fingerprint; trusted, it is recorded and the host comes up', async ({ page }) => {
  const hostKey = generateKey('ssh-ed25519', join(dir, 'fresh-host-key'));
  const sshd = await privateSshd('sshd-fresh', hostKey);
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, '');

  await addHost(page, 'vd-lab-fresh', sshUri(sshd, knownHosts));
  const dialog = page.getByTestId(promptTestIds.dialog);
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  await expect(dialog).toHaveAttribute('data-kind', 'host-key');
  await expect(dialog.getByRole('heading')).toHaveText('Trust the host key of vd-lab-fresh?');
  await expect(dialog.getByTestId(promptTestIds.fingerprint)).toHaveText(keygenFingerprint(hostKey));
  await expect(dialog.getByTestId(promptTestIds.keyType)).toHaveText('ssh-ed25519');
  await expect(dialog.getByTestId(promptTestIds.knownHostsFile)).toContainText(knownHosts);
  // The safe answer has the focus: Enter by reflex would refuse, not trust.
  await expect(dialog.getByTestId(promptTestIds.refuse)).toBeFocused();
  // Meanwhile the host waits for the answer: not down.
  await expect(page.getByTestId(hostRowId('vd-lab-fresh')).getByTestId(testIds.hostStatus)).not.toHaveAttribute('data-status', 'down');

  await dialog.getByTestId(promptTestIds.accept).click();
  await expect(dialog).toHaveCount(0);
  const card = page.getByTestId(hostRowId('vd-lab-fresh'));
  await expect(card.getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'up', { timeout: 20_000 });
  await expect(card.getByTestId(testIds.hostFact('hypervisor'))).toContainText(/test/i);

  // Recorded where OpenSSH looks for it.
  const found = spawnSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', knownHosts], { encoding: 'utf8' }).stdout;
  expect(found).toMatch(/# Host \[127\.0\.0\.1\]:\d+ found: line 1/);
  expect(found).toContain(hostKey.publicLine.split(' ')[1]);
});

test('a changed host key is refused with the warning; no dialog offers to accept it', async ({ page }) => {
  const presented = generateKey('ssh-ed25519', join(dir, 'presented-host-key'));
  const recorded = generateKey('ssh-ed25519', join(dir, 'recorded-host-key'));
  const sshd = await privateSshd('sshd-changed', presented);
  const knownHosts = join(dir, 'changed_known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${recorded.publicLine}\n`);

  await addHost(page, 'vd-lab-changed', sshUri(sshd, knownHosts));
  const card = page.getByTestId(hostRowId('vd-lab-changed'));
  await expect(card.getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'down', { timeout: 20_000 });
  const reason = card.getByTestId(testIds.hostStatusReason);
  await expect(reason).toContainText(`WARNING: HOST KEY OF [127.0.0.1]:${sshd.port} HAS CHANGED`);
  await expect(reason).toContainText(keygenFingerprint(presented));
  await expect(reason).toContainText(keygenFingerprint(recorded));
  // The connect is over (the host is down with its verdict): had it asked, the dialog would be up by now.
  await expect(page.getByTestId(promptTestIds.dialog)).toHaveCount(0);
  expect(readFileSync(knownHosts, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${recorded.publicLine}\n`);
});
