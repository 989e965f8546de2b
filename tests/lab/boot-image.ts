import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { BOOT_IMAGE_BANNER, BOOT_IMAGE_DEFAULT_HOSTNAME, BOOT_IMAGE_KEY_PREFIX, BOOT_IMAGE_NO_SEED, bootImageInit } from './boot-image-init';
import { buildNewcArchive, type CpioEntry } from './cpio';
import { run } from './exec';
import { exists, readTextOr, writeFileAtomic } from './files';
import { busyboxRootEntries } from './guest-image';
import { BOOT_IMAGE_MODULES, type ModuleSet, resolveModules } from './kernel-modules';
import { withLabLock } from './lock';
import type { LabPaths } from './paths';
import { findKernel } from './prerequisites';
import type { LabBootImage } from './types';

/** Bump to force a rebuild when the image layout changes in a way the hashed inputs do not show. */
const LAYOUT_VERSION = 1;
const MIB = 1024 * 1024;
const SYSLINUX = '/usr/bin/syslinux';
const KERNEL_COMMAND_LINE = 'console=tty0 console=ttyS0 quiet';

/** syslinux.cfg: boot the one entry at once. */
const SYSLINUX_CFG = `DEFAULT vdlab
PROMPT 0
TIMEOUT 0
LABEL vdlab
  LINUX /vmlinuz
  INITRD /initrd.gz
  APPEND ${KERNEL_COMMAND_LINE}
`;

/** Source files whose text is part of the inputs: a change to how the image is built rebuilds it. */
const BUILD_SOURCES = ['boot-image.ts', 'boot-image-init.ts', 'kernel-modules.ts', 'cpio.ts', 'guest-image.ts'];

/** Everything the image is made from, read once. */
interface BootImageInputs {
  readonly kernelVersion: string;
  readonly kernel: Buffer;
  readonly initramfs: Buffer;
  /** SHA-256 over every input, the cache key. */
  readonly hash: string;
}

/** Read the kernel, busybox and modules, and make the initramfs (uncompressed cpio; compressed when built). */
function collectInputs(kernelPath: string): BootImageInputs {
  const kernelVersion = basename(kernelPath).replace(/^vmlinuz-/, '');
  const modulesDir = `/lib/modules/${kernelVersion}`;
  if (!exists(modulesDir)) throw new Error(`${modulesDir} is missing: the modules of ${kernelPath} are not installed (package linux-image-${kernelVersion})`);
  const modules: ModuleSet = resolveModules(modulesDir, BOOT_IMAGE_MODULES);
  const busybox = readFileSync('/bin/busybox');
  const kernel = readFileSync(kernelPath);
  const init = bootImageInit();
  const moduleEntries: CpioEntry[] = [];
  for (const dir of new Set(modules.files.flatMap((file) => ancestors(`lib/modules/${file.path}`)))) moduleEntries.push({ kind: 'dir', path: dir, mode: 0o755 });
  for (const file of modules.files) moduleEntries.push({ kind: 'file', path: `lib/modules/${file.path}`, mode: 0o644, data: file.data });
  const loadOrder = modules.files.map((file) => `${file.path}\n`).join('');
  const initramfs = buildNewcArchive([
    ...busyboxRootEntries(busybox),
    { kind: 'dir', path: 'mnt', mode: 0o755 },
    { kind: 'dir', path: 'mnt/seed', mode: 0o755 },
    { kind: 'dir', path: 'lib', mode: 0o755 },
    ...moduleEntries,
    { kind: 'file', path: 'lib/modules/load-order', mode: 0o644, data: Buffer.from(loadOrder, 'utf8') },
    { kind: 'file', path: 'init', mode: 0o755, data: Buffer.from(init, 'utf8') },
  ]);
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256').update(`layout ${LAYOUT_VERSION}\0${SYSLINUX_CFG}\0`).update(kernel).update(initramfs);
  hash.update(exists(SYSLINUX) ? readFileSync(SYSLINUX) : Buffer.alloc(0));
  for (const source of BUILD_SOURCES) hash.update(`\0${source}\0${readTextOr(join(here, source), '')}`);
  return { kernelVersion, kernel, initramfs, hash: hash.digest('hex') };
}

/** `lib/modules/kernel/fs/isofs/isofs.ko` → `lib/modules`, `lib/modules/kernel`, … (every directory above the file). */
function ancestors(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/')).filter((dir) => dir !== 'lib');
}

function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Options of {@link buildBootImage}. */
export interface BuildBootImageOptions {
  /** Where the qcow2 goes (written through a rename). */
  readonly outputPath: string;
  /** Scratch directory (created, then removed). */
  readonly workDir: string;
  /** Default: the newest /boot/vmlinuz-*. */
  readonly kernelPath?: string;
}

/** The description of an image file, with the constants of this version of the init (part of the hashed inputs). */
function imageDescription(fields: Pick<LabBootImage, 'path' | 'sha256' | 'sizeBytes' | 'virtualSizeBytes' | 'kernelVersion'>): LabBootImage {
  return {
    path: fields.path,
    format: 'qcow2',
    sha256: fields.sha256,
    sizeBytes: fields.sizeBytes,
    virtualSizeBytes: fields.virtualSizeBytes,
    kernelVersion: fields.kernelVersion,
    banner: BOOT_IMAGE_BANNER,
    noSeedMessage: BOOT_IMAGE_NO_SEED,
    keyLinePrefix: BOOT_IMAGE_KEY_PREFIX,
    defaultHostname: BOOT_IMAGE_DEFAULT_HOSTNAME,
  };
}

function defaultKernel(): string {
  const kernel = findKernel();
  if (kernel === null) throw new Error('No /boot/vmlinuz-* to put in the boot image (package linux-image-amd64)');
  return kernel;
}

/** Make the image from collected inputs: FAT without partitions, syslinux, files copied in with mtools, then qcow2. */
async function buildFromInputs(inputs: BootImageInputs, outputPath: string, workDir: string): Promise<LabBootImage> {
  for (const [tool, pkg] of [[SYSLINUX, 'syslinux'], ['/usr/bin/mcopy', 'mtools'], ['/usr/sbin/mkfs.fat', 'dosfstools'], ['/usr/bin/qemu-img', 'qemu-utils']] as const) {
    if (!exists(tool)) throw new Error(`Building the lab boot image needs ${tool} (package ${pkg})`);
  }
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  try {
    const initrd = gzipSync(inputs.initramfs, { level: 9 });
    const files = { vmlinuz: join(workDir, 'vmlinuz'), 'initrd.gz': join(workDir, 'initrd.gz'), 'syslinux.cfg': join(workDir, 'syslinux.cfg') };
    writeFileSync(files.vmlinuz, inputs.kernel);
    writeFileSync(files['initrd.gz'], initrd);
    writeFileSync(files['syslinux.cfg'], SYSLINUX_CFG);
    // Room for the files, syslinux's own (≈180 KB) and FAT overhead.
    const sizeMiB = Math.ceil((inputs.kernel.length + initrd.length) / MIB) + 2;
    const fat = join(workDir, 'disk.img');
    // A fixed volume serial: the label and serial stay the same from build to build.
    await run('/usr/sbin/mkfs.fat', ['-C', '-n', 'VDLABBOOT', '-i', '56444c42', fat, String(sizeMiB * 1024)]);
    await run(SYSLINUX, ['--install', fat]);
    const mtools = { env: { MTOOLS_SKIP_CHECK: '1' } };
    for (const [name, path] of Object.entries(files)) await run('/usr/bin/mcopy', ['-i', fat, path, `::${name}`], mtools);
    const temp = `${outputPath}.${process.pid}.tmp`;
    await run('/usr/bin/qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', fat, temp], { timeoutMs: 120_000 });
    chmodSync(temp, 0o644);
    renameSync(temp, outputPath);
    return imageDescription({ path: outputPath, sha256: sha256OfFile(outputPath), sizeBytes: statSync(outputPath).size, virtualSizeBytes: sizeMiB * MIB, kernelVersion: inputs.kernelVersion });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Build the boot image unconditionally (no cache): for tests and for {@link ensureBootImage}. */
export async function buildBootImage(options: BuildBootImageOptions): Promise<LabBootImage> {
  return buildFromInputs(collectInputs(options.kernelPath ?? defaultKernel()), options.outputPath, options.workDir);
}

const stampSchema = z.object({
  inputsHash: z.string(),
  image: z.looseObject({ path: z.string(), format: z.literal('qcow2'), sha256: z.string(), sizeBytes: z.number(), virtualSizeBytes: z.number(), kernelVersion: z.string() }),
});

/** The description of the last build, or null if there is none or it does not parse. */
function readStamp(path: string): z.infer<typeof stampSchema> | null {
  try {
    const parsed = stampSchema.safeParse(JSON.parse(readTextOr(path, 'null')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The lab's boot image, built when missing or when any input changed (kernel, busybox, modules,
 * init script, syslinux, the build code); otherwise the cached one. Safe to call from several
 * processes: building is serialised by a lock in the image directory, and the file is replaced by
 * a rename, so a QEMU already using the old one keeps reading it.
 */
export async function ensureBootImage(paths: LabPaths, options: { readonly kernelPath?: string } = {}): Promise<LabBootImage> {
  mkdirSync(paths.bootImageDir, { recursive: true, mode: 0o755 });
  chmodSync(paths.bootImageDir, 0o755);
  return withLabLock(paths.bootImageLock, 'build the boot image of', async () => {
    const inputs = collectInputs(options.kernelPath ?? defaultKernel());
    const stamp = readStamp(paths.bootImageJson);
    const current = statSync(paths.bootImage, { throwIfNoEntry: false });
    if (stamp !== null && stamp.inputsHash === inputs.hash && stamp.image.path === paths.bootImage && current?.size === stamp.image.sizeBytes) {
      return imageDescription(stamp.image);
    }
    const image = await buildFromInputs(inputs, paths.bootImage, join(paths.bootImageDir, `build.${process.pid}`));
    writeFileAtomic(paths.bootImageJson, `${JSON.stringify({ inputsHash: inputs.hash, image }, null, 2)}\n`);
    return image;
  });
}
