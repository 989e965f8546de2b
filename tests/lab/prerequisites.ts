import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Something the lab needs on the machine and the Debian package that provides it. */
interface Requirement {
  readonly what: string;
  readonly pkg: string;
  readonly present: () => boolean;
}

const file = (path: string, pkg: string): Requirement => ({ what: path, pkg, present: () => existsSync(path) });

/** The newest `/boot/vmlinuz-*`, or null. */
export function findKernel(): string | null {
  let names: string[];
  try {
    names = readdirSync('/boot').filter((name) => name.startsWith('vmlinuz-'));
  } catch {
    return null;
  }
  names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const newest = names.at(-1);
  return newest === undefined ? null : `/boot/${newest}`;
}

/** Whether a binary is statically linked: a dynamic ELF names its interpreter near the start. */
function isStaticElf(path: string): boolean {
  try {
    const head = readFileSync(path).subarray(0, 4096).toString('latin1');
    return head.startsWith('\x7fELF') && !head.includes('/ld-linux');
  } catch {
    return false;
  }
}

function userExists(name: string): boolean {
  try {
    return readFileSync('/etc/passwd', 'utf8').split('\n').some((line) => line.startsWith(`${name}:`));
  } catch {
    return false;
  }
}

const REQUIREMENTS: readonly Requirement[] = [
  file('/usr/sbin/libvirtd', 'libvirt-daemon'),
  file('/usr/sbin/virtlogd', 'libvirt-daemon'),
  {
    what: 'the libvirt QEMU driver (libvirt_driver_qemu.so)',
    pkg: 'libvirt-daemon-driver-qemu',
    present: () => ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'].some((dir) => existsSync(`${dir}/libvirt/connection-driver/libvirt_driver_qemu.so`)),
  },
  // Without the libvirt-qemu user the QEMU driver refuses to start ("Failed to parse user 'libvirt-qemu'").
  { what: "the 'libvirt-qemu' user", pkg: 'libvirt-daemon-system', present: () => userExists('libvirt-qemu') },
  file('/usr/bin/virsh', 'libvirt-clients'),
  file('/usr/bin/qemu-system-x86_64', 'qemu-system-x86'),
  file('/usr/bin/qemu-img', 'qemu-utils'),
  file('/usr/sbin/sshd', 'openssh-server'),
  file('/usr/bin/ssh', 'openssh-client'),
  file('/usr/bin/ssh-keygen', 'openssh-client'),
  // virsh over SSH runs `nc -U <socket>` on the lab side (the 9.0 virt-ssh-helper ignores socket=).
  file('/usr/bin/nc', 'netcat-openbsd'),
  file('/sbin/ip', 'iproute2'),
  { what: 'a statically linked /bin/busybox (the guest has no libc)', pkg: 'busybox-static', present: () => isStaticElf('/bin/busybox') },
  { what: 'a kernel image /boot/vmlinuz-*', pkg: 'linux-image-amd64', present: () => findKernel() !== null },
  // The bootable disk image: a FAT file made bootable and filled without a loop mount.
  file('/usr/sbin/mkfs.fat', 'dosfstools'),
  file('/usr/bin/syslinux', 'syslinux'),
  file('/usr/bin/mcopy', 'mtools'),
];

/** Throw one error naming every missing piece and the `apt-get install` line that adds them. */
export function checkPrerequisites(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('The lab must run as root: it starts libvirtd (QEMU driver) and sshd for root logins.');
  }
  const missing = REQUIREMENTS.filter((requirement) => !requirement.present());
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((requirement) => requirement.pkg))].join(' ');
  const lines = missing.map((requirement) => `  - ${requirement.what} (package ${requirement.pkg})`).join('\n');
  throw new Error(
    `The lab cannot start; missing:\n${lines}\nInstall with:\n  DEBIAN_FRONTEND=noninteractive apt-get install -y -o Dpkg::Options::=--force-confnew ${packages}`,
  );
}
