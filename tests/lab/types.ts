/** One hypervisor host the lab provides. */
export interface LabHost {
  /** Short stable name, e.g. "qemu", "test-default", "small", "large". */
  readonly name: string;
  readonly driver: 'qemu' | 'test';
  /** URI over the lab's private unix socket, e.g. `qemu+unix:///system?socket=/…/libvirt-sock`. */
  readonly unixUri: string;
  /** The same host over the lab's sshd, with keyfile and known_hosts parameters (host key verified). */
  readonly sshUri: string;
  /**
   * The same host over SSH for the `virsh` binary: `proxy=netcat` (the 9.0 virt-ssh-helper ignores
   * `socket=`) and a `command=` wrapper that runs `ssh -F <lab ssh_config>`, because the ssh binary
   * libvirt spawns does not honour `known_hosts=`.
   */
  readonly virshSshUri: string;
  /** The URI the daemon expects in CONNECT_OPEN, e.g. `qemu:///system` or `test:///…/small.xml`. */
  readonly driverUri: string;
  /** Capacity as the host reports it (NODE_GET_INFO). */
  readonly cpus: number;
  readonly memoryKiB: number;
  /**
   * Whether every connection sees the same state. File-based test hosts (`test:///path.xml`) give
   * each connection a private copy; `test:///default` and QEMU are shared.
   */
  readonly sharedState: boolean;
  /** What the lab put on this host when it came up (tests may add their own objects). */
  readonly seed: LabSeed;
}

/** Domain states the lab seeds, spelled as `virsh domstate` prints them. */
export type LabDomainState = 'running' | 'paused' | 'shut off';

/** Objects present on a host right after `up`. */
export interface LabSeed {
  readonly domains: readonly { readonly name: string; readonly uuid: string; readonly state: LabDomainState }[];
  readonly pools: readonly { readonly name: string; readonly volumes: readonly string[] }[];
  readonly networks: readonly string[];
}

/** SSH access to the lab's sshd on loopback. */
export interface LabSsh {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: 'root';
  readonly privateKeyPath: string;
  readonly knownHostsPath: string;
  /** The server's host public key line ("ssh-ed25519 AAAA…"). */
  readonly hostPublicKey: string;
  /** An ssh_config with the key, known_hosts and strict host-key checking: `ssh -F <this> -p PORT root@127.0.0.1`. */
  readonly configPath: string;
  /** Executable wrapper running `ssh -F <configPath> "$@"` (used as libvirt's `command=`). */
  readonly commandPath: string;
}

/** The real QEMU guest. */
export interface LabGuest {
  readonly name: string;
  readonly host: 'qemu';
  readonly uuid: string;
  /** File the guest's serial console is logged to (by virtlogd). */
  readonly consoleLogPath: string;
  /** Text the guest's /init prints on tty0 (the VNC display) and ttyS0 once it is up. */
  readonly banner: string;
}

/**
 * The lab's bootable disk image: a partitionless FAT disk with syslinux, the lab kernel and a busybox
 * initramfs whose init reads a NoCloud seed (ISO 9660 or vfat labelled cidata), sets the hostname from
 * meta-data and prints it and the user-data's SSH key fingerprints on tty0 (VNC) and ttyS0.
 */
export interface LabBootImage {
  /** The qcow2 file in the state directory (readable by libvirt-qemu; use it as a backing file or upload it). */
  readonly path: string;
  readonly format: 'qcow2';
  /** Hex SHA-256 of the qcow2 file. */
  readonly sha256: string;
  /** Size of the qcow2 file. */
  readonly sizeBytes: number;
  /** Size of the disk it holds (the FAT filesystem). */
  readonly virtualSizeBytes: number;
  /** Kernel release it boots, e.g. `6.1.0-57-amd64`. */
  readonly kernelVersion: string;
  /** Printed last, as `<banner>: hostname=<name>`. */
  readonly banner: string;
  /** Printed when no seed is attached. */
  readonly noSeedMessage: string;
  /** Prefix of each key line: `<prefix> SHA256:<base64> <comment> (<type>)`. */
  readonly keyLinePrefix: string;
  /** Hostname used without a seed. */
  readonly defaultHostname: string;
}

/** Storage and network objects the lab keeps on the QEMU host. */
export interface LabQemuObjects {
  readonly pool: { readonly name: string; readonly path: string; readonly volume: { readonly name: string; readonly path: string } };
  /** Isolated bridge network without IP addresses; null when bridges cannot be created here. */
  readonly network: { readonly name: string; readonly bridge: string } | null;
  /** Why `network` is null. */
  readonly networkSkippedReason?: string;
}

/** Everything a test needs to reach the lab. */
export interface LabInfo {
  readonly stateDir: string;
  /** The private libvirtd's read-write socket. */
  readonly libvirtSocket: string;
  readonly libvirtdPid: number;
  readonly sshdPid: number;
  /** The virtlogd the QEMU driver talks to; the lab stops it on `down` only if it started it. */
  readonly virtlogd: { readonly pid: number; readonly startedByLab: boolean };
  readonly hosts: readonly LabHost[];
  readonly ssh: LabSsh;
  /** The real QEMU guest: defined and running on the "qemu" host, VNC on 127.0.0.1. */
  readonly guest: LabGuest;
  readonly qemu: LabQemuObjects;
  /** The bootable disk image, built at `up` (cached across `up`s until its inputs change). */
  readonly bootImage: LabBootImage;
  /** Log files to read when something misbehaves. */
  readonly logs: { readonly libvirtd: string; readonly sshd: string; readonly virtlogd: string };
  /** ISO time the lab (last) came up. */
  readonly upAt: string;
}
