import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { consoleDevicesXml } from './boot-image-domain';
import { buildNewcArchive, type CpioEntry } from './cpio';
import { exists, readTextOr, writeFileAtomic, writeIfChanged } from './files';
import { GUEST_BANNER, GUEST_NAME, type LabPaths } from './paths';
import { findKernel } from './prerequisites';

/**
 * The guest's /init. It prints the banner on tty0 (what the VNC display shows) and ttyS0 (the
 * serial console, logged to a file), then keeps a shell on both. Shells are respawned because init
 * exiting would panic the kernel.
 */
const INIT_SCRIPT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
hostname ${GUEST_NAME}
for tty in /dev/tty0 /dev/ttyS0; do
  printf '\\n%s\\n' '${GUEST_BANNER}' > "$tty"
done
( while true; do setsid -c sh </dev/tty1 >/dev/tty1 2>&1; sleep 1; done ) &
while true; do setsid -c sh </dev/ttyS0 >/dev/ttyS0 2>&1; sleep 1; done
`;

/** The skeleton of a busybox initramfs (directories, console node, busybox and `sh`), without `/init`. */
export function busyboxRootEntries(busybox: Buffer): CpioEntry[] {
  return [
    { kind: 'dir', path: 'bin', mode: 0o755 },
    { kind: 'dir', path: 'dev', mode: 0o755 },
    // The kernel opens /dev/console for init before devtmpfs is mounted.
    { kind: 'chardev', path: 'dev/console', mode: 0o600, major: 5, minor: 1 },
    { kind: 'dir', path: 'proc', mode: 0o755 },
    { kind: 'dir', path: 'sys', mode: 0o755 },
    { kind: 'dir', path: 'tmp', mode: 0o1777 },
    { kind: 'dir', path: 'root', mode: 0o700 },
    { kind: 'file', path: 'bin/busybox', mode: 0o755, data: busybox },
    { kind: 'symlink', path: 'bin/sh', target: 'busybox' },
  ];
}

/**
 * Put a bootable kernel and initramfs in the state directory.
 * The kernel is copied because /boot/vmlinuz-* is mode 0600 (libvirt-qemu cannot read it); the
 * initramfs is rebuilt only when its inputs change.
 */
export function prepareGuestImage(paths: LabPaths): void {
  mkdirSync(paths.guestDir, { recursive: true, mode: 0o755 });
  chmodSync(paths.guestDir, 0o755);

  const kernel = findKernel();
  if (kernel === null) throw new Error('No /boot/vmlinuz-* to boot the lab guest with (package linux-image-amd64)');
  const source = statSync(kernel);
  const copied = statSync(paths.kernel, { throwIfNoEntry: false });
  if (copied === undefined || copied.size !== source.size || copied.mtimeMs < source.mtimeMs) {
    const temp = `${paths.kernel}.tmp`;
    copyFileSync(kernel, temp);
    chmodSync(temp, 0o644);
    renameSync(temp, paths.kernel);
  }

  const busybox = readFileSync('/bin/busybox');
  const stamp = createHash('sha256').update(INIT_SCRIPT).update(busybox).digest('hex');
  if (readTextOr(paths.initrdStamp, '') === stamp && exists(paths.initrd)) return;
  const archive = buildNewcArchive([...busyboxRootEntries(busybox), { kind: 'file', path: 'init', mode: 0o755, data: Buffer.from(INIT_SCRIPT, 'utf8') }]);
  writeFileAtomic(paths.initrd, gzipSync(archive, { level: 6 }));
  writeIfChanged(paths.initrdStamp, stamp);
}

/** Domain XML of the lab guest: TCG, direct kernel boot, VNC on loopback, serial console logged to a file. */
export function guestDomainXml(paths: LabPaths, uuid: string): string {
  return directBootDomainXml({ name: GUEST_NAME, uuid, title: 'Virt Deck lab guest', kernel: paths.kernel, initrd: paths.initrd, consoleLog: paths.consoleLog });
}

/** What {@link directBootDomainXml} describes. */
export interface DirectBootDomain {
  readonly name: string;
  /** Absent: libvirt picks one. */
  readonly uuid?: string;
  readonly title: string;
  /** The lab's kernel and busybox initramfs (`<stateDir>/guest/vmlinuz`, `initrd.gz`). */
  readonly kernel: string;
  readonly initrd: string;
  /** File the serial console is logged to. */
  readonly consoleLog: string;
}

/**
 * A guest booting the lab's kernel and initramfs directly (shells on tty1 — the VNC screen — and ttyS0): the lab
 * guest, and console tests' guests of their own.
 */
export function directBootDomainXml(domain: DirectBootDomain): string {
  return `<domain type='qemu'>
  <name>${domain.name}</name>
${domain.uuid === undefined ? '' : `  <uuid>${domain.uuid}</uuid>\n`}  <title>${domain.title}</title>
  <memory unit='MiB'>96</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>${domain.kernel}</kernel>
    <initrd>${domain.initrd}</initrd>
    <cmdline>console=tty0 console=ttyS0 quiet</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
${consoleDevicesXml(domain.consoleLog)}  </devices>
</domain>
`;
}
