import { XmlError } from '../errors';
import { oneOf } from '../model';
import { checkDomainName, checkMac, checkUuid } from '../names';
import { mibToBytes } from '../units';
import { DomainXml } from './domain';
import { applyDomainDefaults } from './domain-defaults';

/** A disk of a new domain. */
export interface DiskSpec {
  /** An absolute path on the host, or a volume in a pool. */
  readonly source: { readonly path: string } | { readonly pool: string; readonly volume: string };
  /** Image format. */
  readonly format: 'qcow2' | 'raw';
  /** Default `disk`. */
  readonly device?: 'disk' | 'cdrom';
  /** Default `virtio` for disks, `sata` for CD-ROMs (virtio has none). */
  readonly bus?: 'virtio' | 'sata' | 'scsi' | 'ide';
  /** CD-ROMs are always read-only. */
  readonly readonly?: boolean;
  /** Guest device name; default: the next free one for the bus (`vda`, `vdb`, `sda` …). */
  readonly target?: string;
  /** Serial number the guest sees (e.g. to find its config drive). */
  readonly serial?: string;
}

/** A NIC of a new domain, on a libvirt network or a host bridge. */
export type InterfaceSpec = ({ readonly network: string; readonly bridge?: undefined } | { readonly bridge: string; readonly network?: undefined }) & {
  /** Default `virtio`. */
  readonly model?: string;
  /** Default: libvirt generates one (52:54:00:…). */
  readonly mac?: string;
};

/** The VNC display. TCP on `listen` with a port libvirt picks, or a unix socket. */
export interface GraphicsSpec {
  /** Address to listen on (default 127.0.0.1: reached through the app's tunnel, never exposed). */
  readonly listen?: string;
  /** Listen on this unix socket (absolute path on the host) instead of TCP. */
  readonly socket?: string;
  /** VNC password (at most 8 characters: VNC authentication uses only 8). */
  readonly password?: string;
  /** Also offer a WebSocket port (TCP only). */
  readonly websocket?: boolean;
}

/** The serial console: a pty on the host, optionally copied to a log file. */
export interface SerialConsoleSpec {
  /** Absolute path on the host the console output is also written to. */
  readonly logFile?: string;
}

/** What the app records about the instance in `<virtdeck:instance>`. */
export interface InstanceMetadataSpec {
  readonly uuid: string;
  readonly name: string;
  readonly project: string;
  readonly flavor: {
    readonly name: string;
    readonly vcpus: number;
    /** MiB. */
    readonly ram: number;
    /** GiB. */
    readonly disk: number;
    /** GiB. */
    readonly ephemeral: number;
    /** MiB. */
    readonly swap: number;
  };
  readonly imageId?: string;
  readonly owner?: string;
  readonly createdBy?: string;
  /** ISO 8601. */
  readonly createdAt?: string;
}

/** Everything `createDomainXml` needs. */
export interface DomainSpec {
  readonly name: string;
  readonly uuid: string;
  /** `kvm` (hardware), `qemu` (TCG emulation), or `test` for libvirt's test driver. */
  readonly type: 'qemu' | 'kvm' | 'test';
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** Guest architecture and machine type, from the host's capabilities (`chooseGuest`). */
  readonly arch: string;
  readonly machine?: string | null;
  readonly emulator?: string | null;
  readonly title?: string;
  readonly description?: string;
  readonly disks: readonly DiskSpec[];
  readonly interfaces: readonly InterfaceSpec[];
  /** Default: VNC on 127.0.0.1 with autoport; null for no display. */
  readonly graphics?: GraphicsSpec | null;
  /** Default: a pty serial port and its console; null for none. */
  readonly serialConsole?: SerialConsoleSpec | null;
  readonly metadata?: InstanceMetadataSpec;
}

const bad = (message: string): XmlError => new XmlError('invalid-value', message);

function positiveInt(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw bad(`${what} must be a whole number of at least 1, not ${value}`);
  return value;
}

function nonNegativeInt(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw bad(`${what} must be a whole number of at least 0, not ${value}`);
  return value;
}

function absolutePath(path: string, what: string): string {
  if (typeof path !== 'string' || !path.startsWith('/')) throw bad(`${what} must be an absolute path, not ${JSON.stringify(path)}`);
  return path;
}

/** `a`…`z`, `aa`… like libvirt's disk names (index 0 → `a`). */
function diskSuffix(index: number): string {
  let suffix = '';
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26)) suffix = String.fromCharCode(97 + ((i - 1) % 26)) + suffix;
  return suffix;
}

const BUS_PREFIX: Readonly<Record<string, string>> = { virtio: 'vd', sata: 'sd', scsi: 'sd', ide: 'hd' };

/** Longest unix socket path (`sun_path` is 108 bytes with the terminating NUL). */
const MAX_SOCKET_PATH = 107;

function addDisks(domain: DomainXml, disks: readonly DiskSpec[]): void {
  const used = new Set<string>();
  const next: Record<string, number> = {};
  for (const [i, spec] of disks.entries()) {
    const what = `disk ${i + 1}`;
    const device = oneOf(spec.device ?? 'disk', ['disk', 'cdrom'], `${what} device`);
    const bus = oneOf(spec.bus ?? (device === 'cdrom' ? 'sata' : 'virtio'), ['virtio', 'sata', 'scsi', 'ide'], `${what} bus`);
    if (device === 'cdrom' && bus === 'virtio') throw bad(`${what}: a CD-ROM cannot be on the virtio bus`);
    const prefix = BUS_PREFIX[bus] as string;
    let target = spec.target;
    if (target === undefined) {
      do target = `${prefix}${diskSuffix((next[prefix] = (next[prefix] ?? -1) + 1))}`;
      while (used.has(target));
    }
    if (used.has(target)) throw bad(`${what}: target ${target} is used twice`);
    used.add(target);
    const format = oneOf(spec.format, ['qcow2', 'raw'], `${what} format`);
    const source = spec.source;
    const disk = domain.disks.add();
    disk.type = 'path' in source ? 'file' : 'volume';
    disk.device = device;
    disk.driverName = 'qemu';
    disk.driverType = format;
    if ('path' in source) disk.sourceFile = absolutePath(source.path, `${what} path`);
    else {
      disk.sourcePool = source.pool;
      disk.sourceVolume = source.volume;
    }
    disk.targetDev = target;
    disk.targetBus = bus;
    if (device === 'cdrom' || spec.readonly === true) disk.readonly = true;
    if (spec.serial !== undefined) disk.serial = spec.serial;
  }
}

function addInterfaces(domain: DomainXml, interfaces: readonly InterfaceSpec[]): void {
  for (const [i, spec] of interfaces.entries()) {
    const nic = domain.interfaces.add();
    if (spec.mac !== undefined) nic.mac = checkMac(spec.mac);
    if (spec.network !== undefined) {
      nic.type = 'network';
      nic.sourceNetwork = spec.network;
    } else if (spec.bridge !== undefined) {
      nic.type = 'bridge';
      nic.sourceBridge = spec.bridge;
    } else throw bad(`interface ${i + 1} names neither a network nor a bridge`);
    nic.model = spec.model ?? 'virtio';
  }
}

function addGraphics(domain: DomainXml, spec: GraphicsSpec): void {
  if (spec.password !== undefined && [...spec.password].length > 8) throw bad('a VNC password has at most 8 characters');
  const vnc = domain.graphics.add();
  vnc.type = 'vnc';
  if (spec.socket !== undefined) {
    const socket = absolutePath(spec.socket, 'VNC socket');
    if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) throw bad(`VNC socket path is longer than ${MAX_SOCKET_PATH} bytes`);
    if (spec.websocket === true) throw bad('a VNC display on a unix socket cannot offer a WebSocket port');
    if (spec.password !== undefined) vnc.passwd = spec.password;
    const listen = vnc.listens.add();
    listen.type = 'socket';
    listen.socket = socket;
    return;
  }
  const address = spec.listen ?? '127.0.0.1';
  vnc.port = -1;
  vnc.autoport = true;
  if (spec.websocket === true) vnc.websocket = -1;
  vnc.listen = address;
  if (spec.password !== undefined) vnc.passwd = spec.password;
  const listen = vnc.listens.add();
  listen.type = 'address';
  listen.address = address;
}

function addSerialConsole(domain: DomainXml, spec: SerialConsoleSpec): void {
  const serial = domain.serials.add();
  serial.type = 'pty';
  if (spec.logFile !== undefined) {
    serial.logFile = absolutePath(spec.logFile, 'console log file');
    serial.logAppend = true;
  }
  serial.targetPort = 0;
  const console = domain.consoles.add();
  console.type = 'pty';
  console.targetType = 'serial';
  console.targetPort = 0;
}

function addMetadata(domain: DomainXml, spec: InstanceMetadataSpec): void {
  const meta = domain.instance;
  meta.uuid = checkUuid(spec.uuid);
  meta.name = spec.name;
  meta.project = spec.project;
  const flavor = meta.flavor;
  flavor.name = spec.flavor.name;
  flavor.vcpus = nonNegativeInt(spec.flavor.vcpus, 'flavor vcpus');
  flavor.ram = nonNegativeInt(spec.flavor.ram, 'flavor ram');
  flavor.disk = nonNegativeInt(spec.flavor.disk, 'flavor disk');
  flavor.ephemeral = nonNegativeInt(spec.flavor.ephemeral, 'flavor ephemeral');
  flavor.swap = nonNegativeInt(spec.flavor.swap, 'flavor swap');
  if (spec.imageId !== undefined) meta.imageId = spec.imageId;
  if (spec.owner !== undefined) meta.owner = spec.owner;
  if (spec.createdBy !== undefined) meta.createdBy = spec.createdBy;
  if (spec.createdAt !== undefined) meta.createdAt = spec.createdAt;
}

/**
 * A new domain from a spec, as a model (edit further, then `toXml()`). Every value goes in through the DOM, so
 * any string is escaped by construction; names, UUIDs, MACs, paths and sizes are checked and refused with
 * `XmlError('invalid-value')`. Defaults are applied last (`applyDomainDefaults`).
 */
export function createDomainXml(spec: DomainSpec): DomainXml {
  const domain = DomainXml.create();
  domain.type = oneOf(spec.type, ['qemu', 'kvm', 'test'], 'domain type');
  domain.name = checkDomainName(spec.name);
  domain.uuid = checkUuid(spec.uuid);
  if (spec.title !== undefined) domain.title = spec.title;
  if (spec.description !== undefined) domain.description = spec.description;
  if (spec.metadata !== undefined) addMetadata(domain, spec.metadata);
  domain.memory = mibToBytes(positiveInt(spec.memoryMiB, 'memory (MiB)'));
  domain.currentMemory = domain.memory;
  domain.vcpus = positiveInt(spec.vcpus, 'vCPUs');
  const os = domain.os;
  os.type = 'hvm';
  if (spec.arch === '' || typeof spec.arch !== 'string') throw bad('the guest architecture is missing');
  os.arch = spec.arch;
  if (spec.machine !== undefined && spec.machine !== null) os.machine = spec.machine;
  os.bootDevices = ['hd'];
  if (spec.emulator !== undefined && spec.emulator !== null) domain.emulator = absolutePath(spec.emulator, 'emulator');
  addDisks(domain, spec.disks);
  addInterfaces(domain, spec.interfaces);
  if (spec.serialConsole !== null) addSerialConsole(domain, spec.serialConsole ?? {});
  if (spec.graphics !== null) addGraphics(domain, spec.graphics ?? {});
  applyDomainDefaults(domain);
  return domain;
}

/** `createDomainXml(spec).toXml()`: the XML to define. */
export function buildDomainXml(spec: DomainSpec): string {
  return createDomainXml(spec).toXml();
}
