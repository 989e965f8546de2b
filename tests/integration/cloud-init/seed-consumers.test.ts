// The NoCloud seed read by real consumers: util-linux's blkid (what cloud-init itself runs to find
// the seed), genisoimage's isoinfo through Rock Ridge and Joliet, and cloud-init's own NoCloud
// datasource and user-data merger. The guest kernel mounting it is tests/integration/lab/boot-image.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNoCloudSeed, type NoCloudSeed } from '../../../main/cloud-init';
import { run } from '../../lab/exec';

const scratch = mkdtempSync(join(tmpdir(), 'vd-seed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const reader = join(dirname(fileURLToPath(import.meta.url)), 'read-with-cloud-init.py');

interface CloudInitView {
  readonly metadata: Record<string, unknown>;
  readonly instanceId: string;
  readonly hostname: string;
  readonly parts: readonly { readonly contentType: string; readonly filename: string }[];
  readonly cloudConfig: Record<string, unknown> | null;
  readonly networkConfig: unknown;
}

let keyLine = '';
let keygenFingerprint = '';

beforeAll(async () => {
  const keyPath = join(scratch, 'id_ed25519');
  await run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ops@virt-deck', '-f', keyPath]);
  keyLine = readFileSync(`${keyPath}.pub`, 'utf8').trim();
  keygenFingerprint = (await run('/usr/bin/ssh-keygen', ['-lf', `${keyPath}.pub`])).stdout.split(' ')[1] ?? '';
});

function writeIso(name: string, seed: NoCloudSeed): string {
  const path = join(scratch, `${name}.iso`);
  writeFileSync(path, seed.image);
  return path;
}

/** Extract the seed's files with isoinfo (Rock Ridge names) into a NoCloud seed directory and read it with cloud-init. */
async function readWithCloudInit(iso: string, names: readonly string[]): Promise<CloudInitView> {
  const cloudDir = mkdtempSync(join(scratch, 'cloud-'));
  const seedDir = join(cloudDir, 'seed', 'nocloud');
  mkdirSync(seedDir, { recursive: true });
  for (const name of names) writeFileSync(join(seedDir, name), (await run('/usr/bin/isoinfo', ['-R', '-i', iso, '-x', `/${name}`])).stdout);
  // Debian's python3, where python3-cloud-init lives (a pyenv python3 may come first in PATH).
  return JSON.parse((await run('/usr/bin/python3', [reader, cloudDir])).stdout) as CloudInitView;
}

describe('NoCloud seed read by real consumers', () => {
  it('is found by blkid as an iso9660 filesystem labelled cidata', async () => {
    const iso = writeIso('blkid', buildNoCloudSeed({ instanceId: 'i-1', hostname: 'vm1' }));
    const { stdout } = await run('/usr/sbin/blkid', ['-p', '-o', 'export', iso]);
    expect(stdout).toMatch(/^TYPE=iso9660$/m);
    expect(stdout).toMatch(/^LABEL=cidata$/m);
  });

  it('lists lowercase names through Rock Ridge and Joliet, and reads the same bytes through both', async () => {
    const seed = buildNoCloudSeed({ instanceId: 'i-2', hostname: 'vm2', sshAuthorizedKeys: [keyLine], networkConfig: 'version: 2\nethernets: {}\n' });
    const iso = writeIso('isoinfo', seed);
    const summary = (await run('/usr/bin/isoinfo', ['-d', '-i', iso])).stdout;
    expect(summary).toMatch(/^Volume id: cidata$/m);
    expect(summary).toMatch(/^Joliet with UCS level 3 found$/m);
    expect(summary).toMatch(/^Rock Ridge signatures version 1 found$/m);
    const listing = (await run('/usr/bin/isoinfo', ['-R', '-l', '-i', iso])).stdout;
    expect(listing).toMatch(/^-r--r--r-- +1 +0 +0 +\d+ .* meta-data $/m);
    const expected = { 'meta-data': seed.files.metaData, 'user-data': seed.files.userData.toString(), 'network-config': 'version: 2\nethernets: {}\n' };
    for (const [name, content] of Object.entries(expected)) {
      expect((await run('/usr/bin/isoinfo', ['-R', '-i', iso, '-x', `/${name}`])).stdout).toBe(content);
      expect((await run('/usr/bin/isoinfo', ['-J', '-i', iso, '-x', `/${name}`])).stdout).toBe(content);
    }
  });

  it("computes the key's fingerprint as ssh-keygen -l does", () => {
    const seed = buildNoCloudSeed({ instanceId: 'i-3', hostname: 'vm3', sshAuthorizedKeys: [keyLine] });
    expect(seed.keys).toEqual([{ type: 'ssh-ed25519', fingerprint: keygenFingerprint, comment: 'ops@virt-deck' }]);
  });

  it("gives cloud-init the instance id, hostname, keys and network config; the user's cloud-config keeps its values and gains our key", async () => {
    const theirs = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl theirs@laptop';
    const userData = `#cloud-config\npackages: [htop]\nssh_authorized_keys:\n  - ${theirs}\n`;
    const seed = buildNoCloudSeed({ instanceId: 'b7c1f0d2-uuid', hostname: 'web-1', sshAuthorizedKeys: [keyLine], userData, networkConfig: 'version: 2\nethernets:\n  eth0:\n    dhcp4: true\n' });
    const view = await readWithCloudInit(writeIso('merge', seed), ['meta-data', 'user-data', 'network-config']);
    expect(view.instanceId).toBe('b7c1f0d2-uuid');
    expect(view.hostname).toBe('web-1');
    expect(view.metadata).toMatchObject({ 'instance-id': 'b7c1f0d2-uuid', 'local-hostname': 'web-1' });
    expect(view.parts.map((part) => part.contentType)).toEqual(['text/cloud-config', 'text/cloud-config']);
    expect(view.cloudConfig).toEqual({ packages: ['htop'], ssh_authorized_keys: [theirs, keyLine] });
    expect(view.networkConfig).toEqual({ version: 2, ethernets: { eth0: { dhcp4: true } } });
  });

  it("passes a user's script and a user's own MIME document through to cloud-init beside the keys", async () => {
    const script = '#!/bin/sh\necho hello from user-data\n';
    const scripted = await readWithCloudInit(writeIso('script', buildNoCloudSeed({ instanceId: 'i-4', hostname: 'vm4', sshAuthorizedKeys: [keyLine], userData: script })), ['meta-data', 'user-data']);
    expect(scripted.parts).toEqual([
      { contentType: 'text/x-shellscript', filename: 'user-data' },
      { contentType: 'text/cloud-config', filename: 'virt-deck-ssh-keys.cfg' },
    ]);
    expect(scripted.cloudConfig).toEqual({ ssh_authorized_keys: [keyLine] });

    const mime = ['Content-Type: multipart/mixed; boundary="user-b"', 'MIME-Version: 1.0', '', '--user-b', 'Content-Type: text/cloud-config', '', '#cloud-config', 'runcmd: [[touch, /x]]', '--user-b', 'Content-Type: text/x-shellscript', '', script, '--user-b--', ''].join('\n');
    const nested = await readWithCloudInit(writeIso('mime', buildNoCloudSeed({ instanceId: 'i-5', hostname: 'vm5', sshAuthorizedKeys: [keyLine], userData: mime })), ['meta-data', 'user-data']);
    expect(nested.parts.map((part) => part.contentType)).toEqual(['text/cloud-config', 'text/x-shellscript', 'text/cloud-config']);
    expect(nested.cloudConfig).toEqual({ runcmd: [['touch', '/x']], ssh_authorized_keys: [keyLine] });
  });
});
