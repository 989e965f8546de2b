import { randomUUID } from 'node:crypto';
import { powerStateFromLibvirt } from '../compute/states/power-state';
import { isVanished, syncPowerState, vanishedFault, vmStateForPower } from '../compute/states/power-sync';
import type { HostRecord, InstanceRecord } from '../inventory/model';
import type { InstanceSyncRow, InventoryRepositories } from '../inventory/repositories';
import { wasForgotten } from '../compute/forgotten';
import type { ObservedDomain } from './observe';

/** What a reconciliation needs besides the rows. */
export interface ReconcileContext {
  readonly host: HostRecord;
  /** Where domains the inventory does not know are adopted. */
  readonly unassignedProjectId: string;
  /** ISO time written into rows. */
  readonly now: string;
  /** Domains a full refresh must leave alone: an event reported on them after the refresh took its snapshot. */
  readonly skip?: (domainUuid: string) => boolean;
  /**
   * The rows as they were when the host was observed (domain UUID → `updated_at`; see `domainVersionsOnHost`). A row
   * that changed since — an action set or cleared its task, a build wrote its domain UUID — is left alone: what was
   * observed may predate that change (a hard reboot's STOPPED seen before its task cleared would flap it to SHUTOFF).
   * The next event or refresh looks again. Absent: every row is taken as it is now.
   */
  readonly observedAgainst?: ReadonlyMap<string, string>;
}

/** What one reconciliation did. */
export interface ReconcileSummary {
  readonly adopted: number;
  readonly updated: number;
  /** Instances whose domain is gone: created here → ERROR; adopted → deleted. */
  readonly vanished: number;
  /** Domains left alone because their row changed after the observation (look again). */
  readonly stale: readonly string[];
}

interface Tally {
  adopted: number;
  updated: number;
  vanished: number;
  stale: string[];
}

const newTally = (): Tally => ({ adopted: 0, updated: 0, vanished: 0, stale: [] });

/**
 * Bring the inventory in line with everything a host reported in one refresh (call inside one write transaction):
 * known instances get Nova's power-state sync, unknown domains are adopted into the "unassigned" project, and known
 * instances whose domain is gone are marked vanished (ERROR with a fault when created here, deleted when adopted).
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
    if (skip(domain.uuid)) continue;
    const instance = known.get(domain.uuid);
    if (changedSinceObserved(context, domain.uuid, instance)) tally.stale.push(domain.uuid);
    else applyObserved(repos, context, domain, instance, tally);
  }
  for (const [domainUuid, instance] of known) {
    if (seen.has(domainUuid) || skip(domainUuid)) continue;
    if (changedSinceObserved(context, domainUuid, instance)) tally.stale.push(domainUuid);
    else markVanished(repos, context, instance, tally);
  }
  return tally;
}

/** The same for one domain after an event: `observed` is what a lookup found now, null when the domain is gone. */
export function reconcileDomain(repos: InventoryRepositories, context: ReconcileContext, domainUuid: string, observed: ObservedDomain | null): ReconcileSummary {
  const tally = newTally();
  const found = repos.instances.findByDomain(context.host.id, domainUuid);
  const instance = found === undefined ? undefined : syncRowOf(found, domainUuid);
  if (changedSinceObserved(context, domainUuid, instance)) tally.stale.push(domainUuid);
  else if (observed !== null) applyObserved(repos, context, observed, instance, tally);
  else if (instance !== undefined) markVanished(repos, context, instance, tally);
  return tally;
}

function syncRowOf(instance: InstanceRecord, domainUuid: string): InstanceSyncRow {
  const { uuid, name, vmState, taskState, powerState, fault, launchedAt, libvirtDomainName, origin, updatedAt } = instance;
  return { uuid, name, vmState, taskState, powerState, fault, launchedAt, libvirtDomainName, libvirtDomainUuid: domainUuid, origin, updatedAt, hasAddresses: Object.keys(instance.addresses).length > 0 };
}

/** Whether the row for this domain is not the one the observation was made against (created, changed or gone since). */
function changedSinceObserved(context: ReconcileContext, domainUuid: string, instance: InstanceSyncRow | undefined): boolean {
  if (context.observedAgainst === undefined) return false;
  return context.observedAgainst.get(domainUuid) !== instance?.updatedAt;
}

function applyObserved(repos: InventoryRepositories, context: ReconcileContext, domain: ObservedDomain, instance: InstanceSyncRow | undefined, tally: Tally): void {
  if (instance === undefined) {
    if (adopt(repos, context, domain)) tally.adopted++;
    return;
  }
  const patch = syncPowerState(instance, domain.state, { now: context.now, ...(domain.managedSave === undefined ? {} : { managedSave: domain.managedSave }) });
  // A rename with `virsh domrename` keeps the UUID: follow it (the instance's own name is the operator's).
  const renamed = instance.libvirtDomainName !== domain.name ? { libvirtDomainName: domain.name } : null;
  if (patch !== null || renamed !== null) {
    repos.instances.update(instance.uuid, { ...patch, ...renamed });
    tally.updated++;
  }
}

/**
 * Insert an instance for a domain nobody created through us; it keeps the domain's UUID when that is free (as Nova's
 * libvirt driver, whose domains carry the instance UUID). A domain whose UUID is a deleted instance built here on
 * this host is not adopted: it is a leftover of ours (a delete cut short), and recovery removes it — unless the
 * operator forgot that instance, which hands its domain back to the host to be adopted like any other.
 */
function adopt(repos: InventoryRepositories, context: ReconcileContext, domain: ObservedDomain): boolean {
  let uuid = domain.uuid;
  if (repos.instances.exists(domain.uuid)) {
    const previous = repos.instances.get(domain.uuid);
    if (previous !== undefined && previous.origin === 'created' && previous.deletedAt !== null && previous.hostId === context.host.id && !wasForgotten(repos, previous)) return false;
    uuid = randomUUID();
  }
  const power = powerStateFromLibvirt(domain.state);
  const vmState = vmStateForPower(power, domain.managedSave === undefined ? {} : { managedSave: domain.managedSave });
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
    message: `Adopted domain ${domain.name} found on host ${context.host.name}${vmState === 'suspended' && power !== 7 ? ' (it has a managed-save image: suspended)' : ''}`,
  });
  return true;
}

/**
 * A live instance's domain is gone. Created here: ERROR with a fault, the row kept (it was ours: someone should look).
 * Adopted: deleted — it was never ours to mourn, and a kept row would go on counting against its host.
 */
function markVanished(repos: InventoryRepositories, context: ReconcileContext, instance: InstanceSyncRow, tally: Tally): void {
  // A task in progress (deleting, migrating) may remove the domain on purpose: its action decides, not the sync.
  if (instance.taskState !== null || instance.vmState === 'building') return;
  const domain = { name: instance.libvirtDomainName ?? instance.name, uuid: instance.libvirtDomainUuid };
  if (instance.origin === 'adopted') {
    // Also an adopted row an earlier version left in ERROR for the same reason.
    repos.instances.softDelete(instance.uuid);
    repos.instanceActions.recordFinished({
      instanceUuid: instance.uuid,
      requestId: `req-${randomUUID()}`,
      action: 'vanish',
      message: `Domain ${domain.name} (${domain.uuid}) is no longer defined on host ${context.host.name}; the adopted instance is marked deleted`,
    });
    tally.vanished++;
    return;
  }
  if (isVanished(instance)) return;
  repos.instances.update(instance.uuid, { vmState: 'error', powerState: 0, addresses: {}, fault: vanishedFault(domain, context.host.name, context.now) });
  tally.vanished++;
}
