// Step `spawning`: the domain XML from flavor, image and host, defined and started, and the wait for libvirt's
// STARTED event (subscribed before the start, so it cannot be missed).
import type { HostRecord } from '../../inventory/model';
import { ErrorCode, DomainState, isLibvirtError, type DomainLifecycleEvent, type LibvirtConnection } from '../../libvirt';
import { buildDomainXml, CapabilitiesXml, chooseGuest, type DiskSpec, type DomainSpec, type InstanceMetadataSpec } from '../../xml';
import type { AttachedVolume } from './block-devices';
import { isTestDriver } from './block-devices';
import { HostSideError } from './errors';
import { chooseDomainName } from './names';

/** What the domain is built from. */
export interface SpawnRequest {
  readonly uuid: string;
  readonly instanceName: string;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly volumes: readonly AttachedVolume[];
  /** Null: no NIC. */
  readonly network: string | null;
  readonly mac: string | null;
  readonly metadata: InstanceMetadataSpec;
  /** Directory on the host the serial console is logged to (`<dir>/<uuid>.console.log`); null: no log file. */
  readonly consoleLogDir: string | null;
  readonly virtType: VirtType;
  /** Record the domain's name and UUID on the instance row; called before the domain is defined. */
  readonly record: (domainName: string) => void;
  readonly startTimeoutMs: number;
  readonly signal?: AbortSignal;
}

/** The console log file of an instance on its host. */
export function consoleLogPath(dir: string, uuid: string): string {
  return `${dir.replace(/\/+$/, '')}/${uuid}.console.log`;
}

/**
 * The seed's disk: a CD-ROM as Nova attaches config drives (IDE on the i440fx `pc` machine, SATA on q35) on x86;
 * elsewhere a read-only virtio disk (cloud-init finds it by its label either way).
 */
export function seedDisk(volume: AttachedVolume, arch: string, machine: string | null): DiskSpec {
  const source = { pool: volume.pool, volume: volume.name };
  if (arch !== 'x86_64' && arch !== 'i686') return { source, format: 'raw', device: 'disk', bus: 'virtio', readonly: true };
  return { source, format: 'raw', device: 'cdrom', bus: machine !== null && machine.includes('q35') ? 'sata' : 'ide' };
}

async function domainNameTaken(conn: LibvirtConnection, name: string): Promise<boolean> {
  try {
    await conn.domains.lookupByName(name);
    return true;
  } catch (error) {
    if (isLibvirtError(error, ErrorCode.NO_DOMAIN)) return false;
    throw error;
  }
}

/** Nova's `[libvirt] virt_type`: `kvm`, `qemu` (TCG), or automatic (null: `kvm` where the host offers it). */
export type VirtType = 'kvm' | 'qemu' | null;

/**
 * The domain type to ask for: `test` on the test driver; else the configured virt type, or `kvm` when the host's
 * capabilities offer it and `qemu` (TCG) otherwise. (A host may offer KVM that cannot run guests — nested
 * virtualisation without support — hence the setting, as in Nova.)
 */
export function domainTypeFor(conn: LibvirtConnection, host: HostRecord, virtType: VirtType): 'qemu' | 'kvm' | 'test' {
  if (isTestDriver(conn)) return 'test';
  if (virtType !== null) return virtType;
  return host.facts.domainType === 'kvm' ? 'kvm' : 'qemu';
}

/** The spec of the instance's domain on this host. */
export async function domainSpecFor(conn: LibvirtConnection, host: HostRecord, request: SpawnRequest, domainName: string): Promise<DomainSpec> {
  const type = domainTypeFor(conn, host, request.virtType);
  const guest = chooseGuest(CapabilitiesXml.parse(await conn.host.getCapabilities()), { domainType: type });
  const disks: DiskSpec[] = request.volumes.map((volume) =>
    volume.role === 'config' ? seedDisk(volume, guest.arch, guest.machine) : { source: { pool: volume.pool, volume: volume.name }, format: volume.format },
  );
  return {
    name: domainName,
    uuid: request.uuid,
    type,
    vcpus: request.vcpus,
    memoryMiB: request.memoryMiB,
    arch: guest.arch,
    machine: guest.machine,
    emulator: guest.emulator,
    disks,
    interfaces: request.network === null ? [] : [{ network: request.network, ...(request.mac === null ? {} : { mac: request.mac }) }],
    graphics: { listen: '127.0.0.1' },
    serialConsole: request.consoleLogDir === null || type === 'test' ? {} : { logFile: consoleLogPath(request.consoleLogDir, request.uuid) },
    metadata: request.metadata,
  };
}

/** Define and start the domain; resolves once libvirt reported it STARTED (or it is found running). Returns its name. */
export async function spawnDomain(conn: LibvirtConnection, host: HostRecord, request: SpawnRequest): Promise<string> {
  const taken = await domainNameTaken(conn, request.instanceName);
  let domainName = chooseDomainName(request.instanceName, request.uuid, () => taken);
  const spec = await domainSpecFor(conn, host, request, domainName);
  request.record(domainName);
  // Only this domain's events: the daemon refuses a second unfiltered registration of one event on a connection
  // ("event callback already tracked"), and the app's host session holds that one. A handle names the domain before
  // it exists (the daemon keys the filter by UUID).
  const events = await conn.events.domainLifecycle({ dom: { name: domainName, uuid: request.uuid, id: -1 }, ...(request.signal === undefined ? {} : { signal: request.signal }) });
  try {
    const started = events.waitFor((event: DomainLifecycleEvent) => event.dom.uuid === request.uuid && event.eventName === 'STARTED', {
      timeoutMs: request.startTimeoutMs,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
    // Handled below; a rejection before then must not go unobserved.
    started.catch(() => undefined);
    let dom;
    try {
      dom = await conn.domains.define(buildDomainXml(spec));
    } catch (error) {
      // Another create took the name between our look and the define: the suffixed name, recorded before it is used.
      if (domainName !== request.instanceName || !isLibvirtError(error, ErrorCode.OPERATION_FAILED) || !/already exists/.test(error.serverMessage ?? '')) throw error;
      domainName = chooseDomainName(request.instanceName, request.uuid, () => true);
      request.record(domainName);
      dom = await conn.domains.define(buildDomainXml({ ...spec, name: domainName }));
    }
    await conn.domains.create(dom);
    try {
      await started;
    } catch (error) {
      request.signal?.throwIfAborted();
      // No event in time: trust the domain's own state before calling it a failure.
      const state = await conn.domains.getState(dom);
      if (state.state !== DomainState.RUNNING) {
        throw new HostSideError(`domain ${domainName} did not report STARTED within ${request.startTimeoutMs} ms (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    return domainName;
  } finally {
    await events.close();
  }
}
