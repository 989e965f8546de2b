// The Debian packages the lab, the e2e tests and the benchmarks need. One list, used by
// `npm test` (scripts/test.mjs) and CI (.ci/run), so the two can never disagree.
import { spawnSync } from 'node:child_process';

/** Debian packages the test lab, e2e tests and benchmarks need, with why. */
export const SYSTEM_PACKAGES = [
  ['libvirt-daemon-system', 'libvirtd + the libvirt-qemu user the QEMU driver needs'],
  ['libvirt-daemon-driver-qemu', 'QEMU driver for the lab host'],
  ['libvirt-clients', 'virsh and virt-ssh-helper'],
  ['qemu-system-x86', 'the real guest (TCG)'],
  ['qemu-utils', 'qemu-img for volumes'],
  ['openssh-server', "the lab's sshd (qemu+ssh://)"],
  ['dnsmasq-base', 'libvirt networks'],
  ['chromium', 'e2e tests (Playwright with /usr/bin/chromium)'],
  ['python3-libvirt', 'benchmark peer'],
  ['websockify', 'console benchmark peer'],
  ['busybox-static', "the lab guest's initramfs"],
  ['linux-image-amd64', "the lab guest's kernel"],
  ['cpio', 'building the initramfs'],
  ['syslinux', "boot loader of the lab's bootable disk image (installed on a FAT image file through mtools)"],
  ['syslinux-common', 'syslinux modules (ldlinux.c32) for that image'],
  ['mtools', 'copies the kernel, initramfs and syslinux.cfg into the FAT image without a loop mount'],
  ['dosfstools', 'mkfs.fat for the partitionless FAT boot image'],
  ['xz-utils', 'expands .ko.xz kernel modules for the boot image initramfs'],
  ['genisoimage', 'isoinfo reads our NoCloud seed ISOs in tests'],
  ['cloud-init', "cloud-init's own NoCloud datasource and user-data merger read our seeds in tests (inert without systemd)"],
  ['socat', 'unix-socket proxy over SSH'],
  ['netcat-openbsd', 'nc -U fallback over SSH'],
];

/** Names of packages from SYSTEM_PACKAGES that dpkg does not report as installed. */
export function missingPackages() {
  return SYSTEM_PACKAGES.map(([name]) => name).filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/** The exact apt line that installs `names` non-interactively. */
export function aptLine(names) {
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y -o Dpkg::Options::=--force-confnew -o Dpkg::Options::=--force-confdef ${names.join(' ')}`;
}

/** Install what is missing when root; otherwise explain exactly what to run. Returns true when all are present. */
export function ensureSystemPackages({ log = console.log } = {}) {
  const missing = missingPackages();
  if (missing.length === 0) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    log(`Missing system packages for the test lab: ${missing.join(' ')}\nRun as root:\n  ${aptLine(missing)}`);
    return false;
  }
  log(`Installing system packages for the test lab: ${missing.join(' ')}`);
  const r = spawnSync('bash', ['-c', aptLine(missing)], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) {
    log(`apt-get failed (exit ${r.status}); run by hand:\n  ${aptLine(missing)}`);
    return false;
  }
  return missingPackages().length === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(ensureSystemPackages() ? 0 : 1);
}
