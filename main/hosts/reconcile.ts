import { randomUUID } from 'node:crypto';
import { powerStateFromLibvirt } from '../compute/states/power-state';
import { isVanished, syncPowerState, vanishedFault, vmStateForPower } from '../compute/states/power-sync';
import type { HostRecord, InstanceRecord } from '../inventory/model';
import type { InstanceSyncRow, InventoryRepositories } from '../inventory/repositories';
import type { ObservedDomain } from './observe';

/** What a reconciliation needs besides the rows. */
export interface ReconcileContext {
  readonly host: HostRecord;
  /** Where domains the inventory does not know are adopted. */
  readonly unassignedProjectId: string;
  /** ISO time written into rows. */
  readonly now: string;
  /** Hold back active → stopped (event-driven updates debounce it; periodic refreshes do not). */
  readonly deferStop?: boolean;
  /** Domains a full refresh must leave alone: an event reported on them after the refresh took its snapshot. */
  readonly skip?: (domainUuid: string) => boolean;
}

/** What one reconciliation did. */
export interface ReconcileSummary {
  readonly adopted: number;
  readonly updated: number;
  readonly vanished: number;
  /** Domains that look stopped whose vm_state change was held back: check them again after the debounce. */
  readonly deferredStops: readonly string[];
}

interface Tally {
  adopted: number;
  updated: number;
  vanished: number;
  deferredStops: string[];
}

const newTally = (): Tally => ({ adopted: 0, updated: 0, vanished: 0, deferredStops: [] });

/**
 * Bring the inventory in line with everything a host reported in one refresh (call inside one write transaction):
 * known instances get Nova's power-state sync, unknown domains are adopted into the "unassigned" project, and known
 * instances whose domain is gone become ERROR with a fault — never deleted.
 */
export function reconcileHostDomains(repos: InventoryRepositories, context: ReconcileContext, observed: readonly ObservedDomain[]): ReconcileSummary {
  const tally = newTally();
  const skip = context.skip ?? (() => false);
  // One lean query for the host's rows instead of a lookup per domain: a steady refresh of 500 domains reads 500 small
  // rows and writes nothing.
  const known = new Map<string, InstanceSyncRow>();
  for (const row of repos.instances.syncRowsOnHost(context.host.id)) known.set(row.libvirtDomainUuid, row);
  const seen = new Set<string>();
  for (const domain of observed) {
    seen.add(domain.uuid);
    if (!skip(domain.uuid)) applyObserved(repos, context, domain, known.get(domain.uuid), tally);
  }
  for (const [domainUuid, instance] of known) {
    if (!seen.has(domainUuid) && !skip(domainUuid)) markVanished(repos, context, instance, tally);
  }
  return tally;
}

/** The same for one domain after an event: `observed` is what a lookup found now, null when the domain is gone. */
export function reconcileDomain(repos: InventoryRepositories, context: ReconcileContext, domainUuid: string, observed: ObservedDomain | null): ReconcileSummary {
  const tally = newTally();
  const found = repos.instances.findByDomain(context.host.id, domainUuid);
  const instance = found === undefined ? undefined : { ...found, libvirtDomainUuid: domainUuid };
  if (observed !== null) applyObserved(repos, context, observed, instance, tally);
  else if (instance !== undefined) markVanished(repos, context, instance, tally);
  return tally;
}

function applyObserved(repos: InventoryRepositories, context: ReconcileContext, domain: ObservedDomain, instance: InstanceSyncRow | undefined, tally: Tally): void {
  if (instance === undefined) {
    adopt(repos, context, domain);
    tally.adopted++;
    return;
  }
  const { patch, stopDeferred } = syncPowerState(instance, domain.state, { now: context.now, ...(context.deferStop === undefined ? {} : { deferStop: context.deferStop }) });
  // A rename with `virsh domrename` keeps the UUID: follow it (the instance's own name is the operator's).
  const renamed = instance.libvirtDomainName !== domain.name ? { libvirtDomainName: domain.name } : null;
  if (patch !== null || renamed !== null) {
    repos.instances.update(instance.uuid, { ...patch, ...renamed });
    tally.updated++;
  }
  if (stopDeferred) tally.deferredStops.push(domain.uuid);
}

/** Insert an instance for a domain nobody created through us; it keeps the domain's UUID when that is free (as Nova's libvirt driver, whose domains carry the instance UUID). */
function adopt(repos: InventoryRepositories, context: ReconcileContext, domain: ObservedDomain): InstanceRecord {
  const power = powerStateFromLibvirt(domain.state);
  const vmState = vmStateForPower(power);
  const uuid = repos.instances.exists(domain.uuid) ? randomUUID() : domain.uuid;
  const instance = repos.instances.insert({
    uuid,
    name: domain.name,
    projectId: context.unassignedProjectId,
    hostId: context.host.id,
    vmState,
    powerState: power,
    vcpus: domain.size?.vcpus ?? 0,
    ramMiB: domain.size?.memoryMiB ?? 0,
    // Unknown without reading the disks; adopted domains count no disk against placement.
    diskGiB: 0,
    libvirtDomainName: domain.name,
    libvirtDomainUuid: domain.uuid,
    launchedAt: vmState === 'active' ? context.now : null,
  });
  repos.instanceActions.recordFinished({
    instanceUuid: instance.uuid,
    requestId: `req-${randomUUID()}`,
    action: 'adopt',
    projectId: context.unassignedProjectId,
    message: `Adopted domain ${domain.name} found on host ${context.host.name}`,
  });
  return instance;
}

function markVanished(repos: InventoryRepositories, context: ReconcileContext, instance: InstanceSyncRow, tally: Tally): void {
  // A task in progress (deleting, migrating) may remove the domain on purpose: its action decides, not the sync.
  if (instance.taskState !== null || isVanished(instance) || instance.vmState === 'building') return;
  repos.instances.update(instance.uuid, {
    vmState: 'error',
    powerState: 0,
    fault: vanishedFault({ name: instance.libvirtDomainName ?? instance.name, uuid: instance.libvirtDomainUuid }, context.host.name, context.now),
  });
  tally.vanished++;
}
