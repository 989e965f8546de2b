import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { exists, readTextOr } from './files';

/**
 * Modules the boot image loads: virtio PCI devices, the seed on a virtio disk, an IDE/SATA/virtio-scsi
 * cdrom or a SATA/SCSI disk, ISO 9660 and FAT filesystems with the code pages vfat needs, virtio-net,
 * and the ACPI power button as an input device (so `virsh shutdown` powers the guest off).
 */
export const BOOT_IMAGE_MODULES = [
  'button',
  'evdev',
  'virtio_pci',
  'virtio_blk',
  'virtio_scsi',
  'virtio_net',
  'ata_piix',
  'ahci',
  'sr_mod',
  'sd_mod',
  'isofs',
  'vfat',
  'nls_cp437',
  'nls_ascii',
  'nls_utf8',
] as const;

/** A module file as it goes into the initramfs (always uncompressed: busybox insmod need not decompress). */
export interface ModuleFile {
  /** Path under `/lib/modules/` in the initramfs, e.g. `kernel/drivers/block/virtio_blk.ko`. */
  readonly path: string;
  readonly data: Buffer;
}

/** Modules to load, dependencies first. */
export interface ModuleSet {
  readonly files: readonly ModuleFile[];
  /** The modules wanted that the kernel has built in (nothing to load). */
  readonly builtIn: readonly string[];
}

const COMPRESSED = /\.ko(\.xz|\.gz|\.zst)?$/;

/** `virtio-blk`, `virtio_blk.ko.xz` → `virtio_blk` (module names treat - and _ alike). */
function moduleName(path: string): string {
  return basename(path).replace(COMPRESSED, '').replaceAll('-', '_');
}

/** modules.dep as path → dependency paths (depmod lists every transitive dependency). */
function readModulesDep(modulesDir: string): Map<string, string[]> {
  const text = readTextOr(join(modulesDir, 'modules.dep'), '');
  if (text === '') throw new Error(`${modulesDir}/modules.dep is missing: the kernel's modules are not installed (package linux-image-amd64)`);
  const deps = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    deps.set(line.slice(0, colon), line.slice(colon + 1).split(' ').filter((dep) => dep !== ''));
  }
  return deps;
}

/** A module file's contents, uncompressed. */
function readModule(file: string): Buffer {
  if (file.endsWith('.ko')) return readFileSync(file);
  if (file.endsWith('.ko.gz')) return gunzipSync(readFileSync(file));
  if (file.endsWith('.ko.xz')) {
    if (!exists('/usr/bin/xz')) throw new Error(`${file} is xz-compressed and /usr/bin/xz is missing (package xz-utils)`);
    return execFileSync('/usr/bin/xz', ['-dc', file], { maxBuffer: 64 * 1024 * 1024 });
  }
  if (file.endsWith('.ko.zst')) {
    if (!exists('/usr/bin/zstd')) throw new Error(`${file} is zstd-compressed and /usr/bin/zstd is missing (package zstd)`);
    return execFileSync('/usr/bin/zstd', ['-dcq', file], { maxBuffer: 64 * 1024 * 1024 });
  }
  throw new Error(`Unknown kernel module format: ${file}`);
}

/**
 * Resolve `names` and their dependencies from `/lib/modules/<version>/modules.dep` into load
 * order (each module after everything it depends on), reading each file once.
 */
export function resolveModules(modulesDir: string, names: readonly string[]): ModuleSet {
  const deps = readModulesDep(modulesDir);
  const byName = new Map([...deps.keys()].map((path) => [moduleName(path), path]));
  const builtInNames = new Set(readTextOr(join(modulesDir, 'modules.builtin'), '').split('\n').filter((line) => line !== '').map(moduleName));
  const order: string[] = [];
  const visit = (path: string): void => {
    if (order.includes(path)) return;
    for (const dep of deps.get(path) ?? []) visit(dep);
    order.push(path);
  };
  const builtIn: string[] = [];
  for (const name of names) {
    const key = name.replaceAll('-', '_');
    const path = byName.get(key);
    if (path !== undefined) visit(path);
    else if (builtInNames.has(key)) builtIn.push(name);
    else throw new Error(`Kernel module ${name} is neither in ${modulesDir}/modules.dep nor built in`);
  }
  return { files: order.map((path) => ({ path: path.replace(COMPRESSED, '.ko'), data: readModule(join(modulesDir, path)) })), builtIn };
}
