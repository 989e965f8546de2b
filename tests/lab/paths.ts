import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Environment variable that moves the lab's state directory. */
export const LAB_DIR_ENV = 'VIRT_DECK_LAB_DIR';

/** Names of everything the lab creates on the (system-wide) QEMU host; `down` removes all `vd-lab-*`. */
export const LAB_PREFIX = 'vd-lab-';
export const GUEST_NAME = 'vd-lab-guest';
export const POOL_NAME = 'vd-lab-pool';
export const VOLUME_NAME = 'vd-lab-vol.qcow2';
export const NETWORK_NAME = 'vd-lab-net';
/** Bridge of the isolated network (interface names are limited to 15 characters). */
export const BRIDGE_NAME = 'vdlab0';
export const GUEST_BANNER = 'Virt Deck lab guest ready';

/** Where virtlogd listens; the QEMU driver always uses this path. */
export const VIRTLOGD_SOCKET = '/run/libvirt/virtlogd-sock';

/** Every file the lab keeps in its state directory. */
export interface LabPaths {
  readonly stateDir: string;
  /** The LabInfo of a fully started lab. */
  readonly labJson: string;
  /** Pids and ownership, written as components come up (so a partial lab can be torn down). */
  readonly processesJson: string;
  readonly lockDir: string;
  readonly leasesDir: string;
  readonly runDir: string;
  readonly libvirtSocket: string;
  readonly libvirtdConf: string;
  readonly libvirtdPid: string;
  readonly libvirtdLog: string;
  readonly virtlogdLog: string;
  readonly sshDir: string;
  readonly sshdConfig: string;
  readonly sshdPid: string;
  readonly sshdLog: string;
  readonly hostKey: string;
  readonly clientKey: string;
  readonly authorizedKeys: string;
  readonly knownHosts: string;
  readonly sshConfig: string;
  readonly sshWrapper: string;
  readonly guestDir: string;
  readonly kernel: string;
  readonly initrd: string;
  readonly initrdStamp: string;
  readonly consoleLog: string;
  readonly poolDir: string;
  readonly testHostsDir: string;
  /** The bootable disk image (qcow2), its description and the lock that serialises building it. */
  readonly bootImageDir: string;
  readonly bootImage: string;
  readonly bootImageJson: string;
  readonly bootImageLock: string;
}

/** The repository root (this file lives in `<repo>/tests/lab/`). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The state directory: `$VIRT_DECK_LAB_DIR` if set, else `<repo>/.lab`. */
export function defaultStateDir(): string {
  const fromEnv = process.env[LAB_DIR_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(repoRoot(), '.lab');
}

/**
 * Check a state directory is usable.
 * Paths end up unquoted in URIs, libvirtd.conf, sshd_config and a shell wrapper, so only plain
 * characters are allowed; the socket path must fit in `sockaddr_un` (108 bytes).
 */
export function validateStateDir(stateDir: string): void {
  if (!isAbsolute(stateDir)) throw new Error(`Lab state directory must be absolute: ${JSON.stringify(stateDir)}`);
  if (!/^[A-Za-z0-9/._+-]+$/.test(stateDir)) {
    throw new Error(`Lab state directory ${JSON.stringify(stateDir)} may only contain letters, digits and / . _ + - (it is embedded unquoted in URIs and configs)`);
  }
  const socket = labPaths(stateDir).libvirtSocket;
  if (Buffer.byteLength(socket) > 107) {
    throw new Error(`Lab state directory is too long: the socket path ${socket} exceeds the 107-byte unix socket limit`);
  }
}

/** Resolve and check a state directory. */
export function resolveStateDir(stateDir?: string): LabPaths {
  const dir = stateDir ?? defaultStateDir();
  validateStateDir(dir);
  return labPaths(dir);
}

/** The file layout of a state directory. */
export function labPaths(stateDir: string): LabPaths {
  const sshDir = join(stateDir, 'ssh');
  const guestDir = join(stateDir, 'guest');
  const runDir = join(stateDir, 'run');
  const bootImageDir = join(stateDir, 'boot-image');
  return {
    stateDir,
    labJson: join(stateDir, 'lab.json'),
    processesJson: join(stateDir, 'processes.json'),
    lockDir: join(stateDir, 'lock'),
    leasesDir: join(stateDir, 'leases'),
    runDir,
    libvirtSocket: join(runDir, 'libvirt-sock'),
    libvirtdConf: join(stateDir, 'libvirtd.conf'),
    libvirtdPid: join(stateDir, 'libvirtd.pid'),
    libvirtdLog: join(stateDir, 'libvirtd.log'),
    virtlogdLog: join(stateDir, 'virtlogd.log'),
    sshDir,
    sshdConfig: join(sshDir, 'sshd_config'),
    sshdPid: join(sshDir, 'sshd.pid'),
    sshdLog: join(sshDir, 'sshd.log'),
    hostKey: join(sshDir, 'host_ed25519'),
    clientKey: join(sshDir, 'client_ed25519'),
    authorizedKeys: join(sshDir, 'authorized_keys'),
    knownHosts: join(sshDir, 'known_hosts'),
    sshConfig: join(sshDir, 'ssh_config'),
    sshWrapper: join(sshDir, 'ssh'),
    guestDir,
    kernel: join(guestDir, 'vmlinuz'),
    initrd: join(guestDir, 'initrd.gz'),
    initrdStamp: join(guestDir, 'initrd.stamp'),
    consoleLog: join(guestDir, 'console.log'),
    poolDir: join(stateDir, 'pool'),
    testHostsDir: join(stateDir, 'test-hosts'),
    bootImageDir,
    bootImage: join(bootImageDir, 'vd-lab-boot.qcow2'),
    bootImageJson: join(bootImageDir, 'boot-image.json'),
    bootImageLock: join(bootImageDir, 'lock'),
  };
}
