// Which libvirt domain on which host an instance is, read from the inventory: what a bulk stats call asks for.
import type { HostRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';

/** An instance that can be sampled: its host and domain. */
export interface StatsTarget {
  readonly kind: 'target';
  readonly uuid: string;
  readonly hostId: string;
  readonly hostName: string;
  /** The libvirt driver (`qemu`, `test`) from the host's URI, for messages. */
  readonly driver: string;
  readonly domainUuid: string;
  readonly domainName: string;
  /** The instance's vCPUs (the summary level divides CPU time by them). */
  readonly vcpus: number;
}

/** An instance that cannot be sampled, and why. */
export interface StatsUnresolved {
  readonly kind: 'unavailable';
  readonly uuid: string;
  readonly reason: string;
}

/** A resolved instance. */
export type StatsResolution = StatsTarget | StatsUnresolved;

/** Resolves instance UUIDs to what to sample (one answer per UUID, in order). */
export type TargetResolver = (uuids: readonly string[]) => StatsResolution[];

/** Resolve instances with the inventory, in one read. */
export function inventoryTargets(store: InventoryStore): TargetResolver {
  return (uuids) =>
    store.read((repos) => {
      const hosts = new Map<string, HostRecord | undefined>();
      return uuids.map((uuid): StatsResolution => {
        const instance = repos.instances.get(uuid);
        if (instance === undefined) return { kind: 'unavailable', uuid, reason: `No instance ${uuid}` };
        const name = instance.name;
        if (instance.vmState === 'deleted') return { kind: 'unavailable', uuid, reason: `Instance ${name} is deleted` };
        if (instance.hostId === null) return { kind: 'unavailable', uuid, reason: `Instance ${name} is not on a host yet` };
        if (instance.libvirtDomainUuid === null) return { kind: 'unavailable', uuid, reason: `Instance ${name} has no libvirt domain yet` };
        if (!hosts.has(instance.hostId)) hosts.set(instance.hostId, repos.hosts.get(instance.hostId));
        const host = hosts.get(instance.hostId);
        if (host === undefined) return { kind: 'unavailable', uuid, reason: `The host of instance ${name} is not in the inventory` };
        return {
          kind: 'target',
          uuid,
          hostId: host.id,
          hostName: host.name,
          driver: driverOf(host.uri),
          domainUuid: instance.libvirtDomainUuid.toLowerCase(),
          domainName: instance.libvirtDomainName ?? name,
          vcpus: instance.vcpus,
        };
      });
    });
}

/** `qemu+ssh://…` → `qemu`. */
export function driverOf(uri: string): string {
  return /^([a-z0-9]+)/i.exec(uri)?.[1]?.toLowerCase() ?? 'unknown';
}
