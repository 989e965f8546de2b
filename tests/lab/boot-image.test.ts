// Building the lab's boot image without the lab: module resolution from this machine's kernel,
// the init script's syntax, what lands in the FAT image and the initramfs, and the cache.
// Booting it is tests/integration/lab/boot-image.test.ts.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBootImage } from './boot-image';
import { bootImageInit } from './boot-image-init';
import { run } from './exec';
import { BOOT_IMAGE_MODULES, resolveModules } from './kernel-modules';
import { labPaths } from './paths';
import { findKernel } from './prerequisites';
import type { LabBootImage } from './types';

const scratch = mkdtempSync(join(tmpdir(), 'vd-boot-image-'));
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const kernel = findKernel();
const modulesDir = `/lib/modules/${(kernel ?? '').replace(/^\/boot\/vmlinuz-/, '')}`;

describe('kernel modules for the boot image', () => {
  it("resolves this machine's modules with every dependency loaded first", () => {
    const set = resolveModules(modulesDir, BOOT_IMAGE_MODULES);
    const order = set.files.map((file) => file.path.split('/').at(-1));
    const before = (first: string, then: string): void => expect(order.indexOf(first), `${first} before ${then}`).toBeLessThan(order.indexOf(then));
    before('virtio.ko', 'virtio_blk.ko');
    before('virtio_ring.ko', 'virtio_pci.ko');
    before('cdrom.ko', 'sr_mod.ko');
    before('scsi_mod.ko', 'sr_mod.ko');
    before('libata.ko', 'ata_piix.ko');
    before('fat.ko', 'vfat.ko');
    expect(new Set(order).size).toBe(order.length);
    for (const file of set.files) expect(file.data.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  });

  it('expands compressed modules, treats - and _ alike, and names a module it cannot find', () => {
    const dir = join(scratch, 'modules');
    mkdirSync(join(dir, 'kernel'), { recursive: true });
    writeFileSync(join(dir, 'modules.dep'), 'kernel/a-b.ko.gz: kernel/base.ko\nkernel/base.ko:\n');
    writeFileSync(join(dir, 'modules.builtin'), 'kernel/drivers/builtin_one.ko\n');
    writeFileSync(join(dir, 'kernel', 'a-b.ko.gz'), gzipSync('\x7fELF a'));
    writeFileSync(join(dir, 'kernel', 'base.ko'), '\x7fELF base');
    const set = resolveModules(dir, ['a_b', 'builtin-one']);
    expect(set.files.map((file) => [file.path, file.data.toString('latin1')])).toEqual([
      ['kernel/base.ko', '\x7fELF base'],
      ['kernel/a-b.ko', '\x7fELF a'],
    ]);
    expect(set.builtIn).toEqual(['builtin-one']);
    expect(() => resolveModules(dir, ['nope'])).toThrow(`Kernel module nope is neither in ${dir}/modules.dep nor built in`);
    expect(() => resolveModules(scratch, ['x'])).toThrow(/modules\.dep is missing/);
  });
});

describe('boot image init', () => {
  it('is valid busybox sh', async () => {
    const file = join(scratch, 'init');
    writeFileSync(file, bootImageInit());
    await expect(run('/bin/busybox', ['sh', '-n', file])).resolves.toBeDefined();
  });
});

describe.skipIf(kernel === null)('building the boot image', () => {
  const paths = labPaths(join(scratch, 'state'));
  let image: LabBootImage;
  beforeAll(async () => {
    mkdirSync(paths.stateDir, { recursive: true });
    image = await ensureBootImage(paths);
  }, 120_000);

  it('writes a small qcow2 holding a FAT disk with syslinux, the kernel, the initramfs and syslinux.cfg', async () => {
    expect(image).toMatchObject({ path: paths.bootImage, format: 'qcow2', sizeBytes: statSync(paths.bootImage).size });
    expect(image.sizeBytes).toBeLessThan(64 * 1024 * 1024);
    const raw = join(scratch, 'disk.img');
    await run('/usr/bin/qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', image.path, raw]);
    expect(statSync(raw).size).toBe(image.virtualSizeBytes);
    const bootSector = readFileSync(raw).subarray(0, 512);
    expect(bootSector.subarray(3, 11).toString('latin1')).toBe('SYSLINUX');
    expect(bootSector.readUInt16LE(510)).toBe(0xaa55);
    const listing = (await run('/usr/bin/mdir', ['-a', '-b', '-i', raw, '::'], { env: { MTOOLS_SKIP_CHECK: '1' } })).stdout;
    expect(listing.split('\n').filter((line) => line !== '').sort()).toEqual(['::/initrd.gz', '::/ldlinux.c32', '::/ldlinux.sys', '::/syslinux.cfg', '::/vmlinuz']);
    const cfg = (await run('/usr/bin/mtype', ['-i', raw, '::syslinux.cfg'], { env: { MTOOLS_SKIP_CHECK: '1' } })).stdout;
    expect(cfg).toMatch(/LINUX \/vmlinuz\n\s+INITRD \/initrd\.gz\n\s+APPEND console=tty0 console=ttyS0/);

    const initrd = join(scratch, 'initrd.gz');
    await run('/usr/bin/mcopy', ['-i', raw, '::initrd.gz', initrd], { env: { MTOOLS_SKIP_CHECK: '1' } });
    const cpio = join(scratch, 'initrd.cpio');
    writeFileSync(cpio, gunzipSync(readFileSync(initrd)));
    const members = (await run('/bin/busybox', ['cpio', '-t', '-F', cpio])).stdout.split('\n');
    expect(members).toEqual(expect.arrayContaining(['init', 'bin/busybox', 'lib/modules/load-order', 'mnt/seed', expect.stringMatching(/\/isofs\.ko$/) as unknown]));
  });

  it('is reused while its inputs are unchanged and rebuilt when they change', async () => {
    const built = statSync(paths.bootImage).mtimeMs;
    expect(await ensureBootImage(paths)).toEqual(image);
    expect(statSync(paths.bootImage).mtimeMs).toBe(built);
    const stamp = JSON.parse(readFileSync(paths.bootImageJson, 'utf8')) as { inputsHash: string };
    writeFileSync(paths.bootImageJson, JSON.stringify({ ...stamp, inputsHash: 'an older kernel' }));
    const rebuilt = await ensureBootImage(paths);
    expect(statSync(paths.bootImage).mtimeMs).toBeGreaterThan(built);
    expect(rebuilt.virtualSizeBytes).toBe(image.virtualSizeBytes);
  }, 120_000);
});
