// The lab's bootable disk image booted for real: a qcow2 overlay on it plus a NoCloud seed from
// main/cloud-init, in the lab pool; the guest's init must mount the seed, take its hostname and
// print the fingerprints of the user-data keys (compared with ssh-keygen -l) on the serial console
// and the VGA screen; `virsh shutdown` must power it off through ACPI.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildNoCloudSeed } from '../../../main/cloud-init';
import { bootImageDomainXml, type BootImageSeed } from '../../lab/boot-image-domain';
import { run } from '../../lab/exec';
import { readTextOr } from '../../lab/files';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { waitUntil } from '../../lab/processes';
import { litFraction } from '../../lab/screenshot';
import { virsh } from '../../lab/virsh';

const lab = labInfo();
const image = lab.bootImage;
const pool = lab.qemu.pool.name;
// virtlogd (root) writes the console logs here; the test reads them.
const scratch = mkdtempSync(join(tmpdir(), 'vd-lab-boot-'));
chmodSync(scratch, 0o755);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Key {
  readonly line: string;
  readonly fingerprint: string;
  readonly comment: string;
}

async function sshKey(name: string): Promise<Key> {
  const path = join(scratch, name);
  await run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@virt-deck`, '-f', path]);
  const [, fingerprint = '', comment = ''] = (await run('/usr/bin/ssh-keygen', ['-lf', `${path}.pub`])).stdout.trim().split(' ');
  return { line: readFileSync(`${path}.pub`, 'utf8').trim(), fingerprint, comment };
}

/** Create a volume in the lab pool and fill it from a file through a libvirt stream, as the compute flow uploads images and seeds. */
async function uploadVolume(volume: string, file: string): Promise<void> {
  await virsh(lab, ['vol-create-as', pool, volume, `${statSync(file).size}B`, '--format', 'raw']);
  await virsh(lab, ['vol-upload', '--pool', pool, volume, file]);
}

let alice: Key;
let bob: Key;
// The boot image as a base volume in the pool (Nova's _base), shared by the overlays of this file.
const baseVolume = uniqueName('img-base');
beforeAll(async () => {
  [alice, bob] = await Promise.all([sshKey('alice'), sshKey('bob')]);
  await uploadVolume(baseVolume, image.path);
  await virsh(lab, ['pool-refresh', pool]); // libvirt probes the uploaded bytes as qcow2
});
afterAll(() => virsh(lab, ['vol-delete', '--pool', pool, baseVolume]));

/** A qcow2 overlay on the base volume, created through libvirt; removed after the test. */
async function overlayVolume(name: string): Promise<string> {
  const volume = `${name}.qcow2`;
  await virsh(lab, ['vol-create-as', pool, volume, `${image.virtualSizeBytes}B`, '--format', 'qcow2', '--backing-vol', baseVolume, '--backing-vol-format', 'qcow2']);
  cleanups.push(() => virsh(lab, ['vol-delete', '--pool', pool, volume]));
  return virsh(lab, ['vol-path', '--pool', pool, volume]);
}

/** The seed uploaded into the lab pool; removed after the test. */
async function seedVolume(name: string, bytes: Buffer): Promise<string> {
  const volume = `${name}-seed.iso`;
  const file = join(scratch, volume);
  writeFileSync(file, bytes);
  await uploadVolume(volume, file);
  cleanups.push(() => virsh(lab, ['vol-delete', '--pool', pool, volume]));
  return virsh(lab, ['vol-path', '--pool', pool, volume]);
}

/** Define and start a domain on the boot image; resolves with the console log path and the milliseconds to the banner. */
async function boot(name: string, seed: BootImageSeed | undefined, hostname: string): Promise<{ log: string; bannerMs: number }> {
  const log = join(scratch, `${name}.log`);
  const xmlPath = join(scratch, `${name}.xml`);
  writeFileSync(xmlPath, bootImageDomainXml({ name, diskPath: await overlayVolume(name), consoleLogPath: log, ...(seed === undefined ? {} : { seed }) }));
  await virsh(lab, ['define', xmlPath]);
  cleanups.push(async () => {
    await virsh(lab, ['destroy', name]).catch(() => undefined);
    await virsh(lab, ['undefine', name]);
  });
  const started = performance.now();
  await virsh(lab, ['start', name], { timeoutMs: 60_000 });
  const banner = `${image.banner}: hostname=${hostname}`;
  await waitUntil(() => readTextOr(log, '').includes(banner), { timeoutMs: 120_000, intervalMs: 100, what: `${name} printing "${banner}"`, logFile: log });
  const bannerMs = performance.now() - started;
  console.log(`${name}: start → banner in ${(bannerMs / 1000).toFixed(1)} s`);
  return { log, bannerMs };
}

// A boot takes ≈10 s on a quiet machine and 30–40 s when two cores carry a load of 15 (TCG).
const BOOT_TEST = { timeout: 180_000 };

function keyLine(key: Key): string {
  return `${image.keyLinePrefix} ${key.fingerprint} ${key.comment} (ssh-ed25519)`;
}

describe('lab boot image', () => {
  it('is a small qcow2 in the state directory with its checksum, usable as a base volume', async () => {
    expect(image.format).toBe('qcow2');
    expect(await virsh(lab, ['vol-dumpxml', '--pool', pool, baseVolume])).toContain("<format type='qcow2'/>");
    expect(image.sizeBytes).toBeLessThan(64 * 1024 * 1024);
    const info = JSON.parse((await run('/usr/bin/qemu-img', ['info', '--output=json', '-U', image.path])).stdout) as { format: string; 'virtual-size': number };
    expect(info).toMatchObject({ format: 'qcow2', 'virtual-size': image.virtualSizeBytes });
    expect((await run('/usr/bin/sha256sum', [image.path])).stdout.split(' ')[0]).toBe(image.sha256);
  });

  it('boots with the seed as a cdrom: hostname from meta-data, key fingerprints on serial and VNC, ACPI shutdown', BOOT_TEST, async () => {
    const name = uniqueName('img');
    const seed = buildNoCloudSeed({ instanceId: randomUUID(), hostname: name, sshAuthorizedKeys: [alice.line] });
    const { log } = await boot(name, { path: await seedVolume(name, seed.image), attachAs: 'cdrom' }, name);
    const serial = readTextOr(log, '');
    expect(serial).toContain(keyLine(alice));
    expect(serial).toMatch(/NoCloud seed: \/dev\/sr0 \(iso9660\) instance-id=\S+ files: -r--r--r-- meta-data -r--r--r-- user-data/);
    const prompt = `${name}:/ # `;
    await waitUntil(() => readTextOr(log, '').includes(prompt), { timeoutMs: 30_000, intervalMs: 100, what: `${name} showing the prompt "${prompt}"`, logFile: log });

    const shot = join(scratch, `${name}.screen`);
    await virsh(lab, ['screenshot', name, shot]);
    expect(litFraction(readFileSync(shot))).toBeGreaterThan(0.001);

    await virsh(lab, ['shutdown', name]);
    await waitUntil(async () => (await virsh(lab, ['domstate', name])) === 'shut off', { timeoutMs: 60_000, intervalMs: 200, what: `${name} powering off on the ACPI button` });
    expect(readTextOr(log, '')).toContain('ACPI power button: powering off');
  });

  it("boots with the seed as a virtio disk and shows the user's own key beside ours", BOOT_TEST, async () => {
    const name = uniqueName('img');
    const userData = `#cloud-config\nssh_authorized_keys:\n  - ${bob.line}\n`;
    const seed = buildNoCloudSeed({ instanceId: randomUUID(), hostname: name, sshAuthorizedKeys: [alice.line], userData });
    const { log } = await boot(name, { path: await seedVolume(name, seed.image), attachAs: 'disk' }, name);
    const serial = readTextOr(log, '');
    expect(serial).toContain('NoCloud seed: /dev/vdb (iso9660)');
    expect(serial).toContain(keyLine(bob));
    expect(serial).toContain(keyLine(alice));
  });

  it('boots without a seed and says so', BOOT_TEST, async () => {
    const name = uniqueName('img');
    const { log } = await boot(name, undefined, image.defaultHostname);
    expect(readTextOr(log, '')).toContain(image.noSeedMessage);
  });
});
