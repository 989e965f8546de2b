import type { HostRecord, InstanceUsage } from '../inventory/model';
import type { InventoryRepositories } from '../inventory/repositories';
import type { HostState } from '../placement/types';

const NO_USAGE: InstanceUsage = { instances: 0, vcpus: 0, ramMiB: 0, diskGiB: 0 };

/**
 * The scheduler's view of one host: capacity totals from the facts the host last reported, usage summed from the
 * allocations of the live instances placed on it (the inventory is the only ledger, so the two cannot disagree).
 * A host that never reported facts has no capacity and fails the capacity check with that reason.
 */
export function hostState(host: HostRecord, usage: InstanceUsage, instanceUuids: readonly string[]): HostState {
  const { facts, overcommit } = host;
  return {
    name: host.name,
    enabled: host.enabled,
    ...(host.disabledReason === null ? {} : { disabledReason: host.disabledReason }),
    up: host.status === 'up',
    availabilityZone: host.availabilityZone,
    aggregates: host.aggregates,
    vcpusTotal: facts.cpus ?? 0,
    vcpusUsed: usage.vcpus,
    ramTotalMiB: facts.memoryMiB ?? 0,
    ramUsedMiB: usage.ramMiB,
    diskTotalGiB: facts.diskGiB ?? 0,
    diskUsedGiB: usage.diskGiB,
    ...overcommit,
    instanceCount: usage.instances,
    // The domain type decides what an image's img_hv_type can ask for ("kvm" hosts also run "qemu").
    hypervisorType: facts.domainType ?? facts.hypervisorType?.toLowerCase() ?? 'unknown',
    cpuArch: facts.arch ?? 'unknown',
    instanceUuids,
  };
}

/** Every host's scheduler view, read from the inventory (call inside the claim's transaction). */
export function loadHostStates(repos: InventoryRepositories): { readonly states: HostState[]; readonly byName: ReadonlyMap<string, HostRecord> } {
  const usage = repos.instances.usageByHost();
  const members = repos.instances.liveInstancesByHost();
  const hosts = repos.hosts.list();
  return {
    states: hosts.map((h) => hostState(h, usage.get(h.id) ?? NO_USAGE, members.get(h.id) ?? [])),
    byName: new Map(hosts.map((h) => [h.name, h])),
  };
}
