import type { HostRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { UNASSIGNED_PROJECT_NAME } from '../inventory/sqlite/seed';
import type { LibvirtConnection } from '../libvirt';
import { gatherHostFacts } from './host-facts';
import { observeDomain, observeDomains } from './observe';
import { reconcileDomain, reconcileHostDomains, type ReconcileSummary } from './reconcile';

/** What refreshing a host needs. */
export interface RefreshDeps {
  readonly store: InventoryStore;
  readonly now: () => Date;
  /** Per libvirt call (default 30 s). */
  readonly callTimeoutMs?: number;
}

function unassignedProjectId(store: InventoryStore): string {
  const project = store.read((repos) => repos.projects.getByName(UNASSIGNED_PROJECT_NAME));
  // Migration 1 seeds it and nothing deletes it (it is never empty of meaning); its absence is a broken file.
  if (project === undefined) throw new Error(`The inventory has no "${UNASSIGNED_PROJECT_NAME}" project to adopt domains into`);
  return project.id;
}

/** The host's rows as they are before looking at the host: the refresh applies what it sees only to these versions. */
function rowVersions(store: InventoryStore, hostId: string): Map<string, string> {
  return store.read((repos) => repos.instances.domainVersionsOnHost(hostId));
}

function callOptions(deps: RefreshDeps): { timeoutMs: number } {
  return { timeoutMs: deps.callTimeoutMs ?? 30_000 };
}

/**
 * Ask the host for its facts and record them. The host is marked up only by the domain refresh that follows, so
 * "up" always comes with its domains reconciled.
 */
export async function refreshFacts(conn: LibvirtConnection, host: HostRecord, deps: RefreshDeps): Promise<HostRecord> {
  const facts = await gatherHostFacts(conn, callOptions(deps));
  return deps.store.write((repos) => repos.hosts.update(host.id, { facts }));
}

/**
 * One full refresh: every domain with its state in one call (plus sizes for unknown ones), reconciled into the
 * inventory in one transaction together with the host's "up, seen now".
 */
export async function refreshDomains(conn: LibvirtConnection, host: HostRecord, deps: RefreshDeps, skip?: (domainUuid: string) => boolean): Promise<ReconcileSummary> {
  const versions = rowVersions(deps.store, host.id);
  const observed = await observeDomains(conn, { needsSize: (uuid) => !versions.has(uuid), ...callOptions(deps) });
  const projectId = unassignedProjectId(deps.store);
  return deps.store.write((repos) => {
    const at = deps.now();
    const now = at.toISOString();
    const stored = repos.hosts.get(host.id) ?? host;
    const summary = reconcileHostDomains(repos, { host: stored, unassignedProjectId: projectId, now, observedAgainst: versions, ...(skip === undefined ? {} : { skip }) }, observed);
    // A refresh that changed nothing on a host already up writes nothing, so it costs no commit (and no fsync):
    // last_seen_at then moves once per LAST_SEEN_RESOLUTION_MS, about the safety-net refresh interval anyway.
    const changed = summary.adopted + summary.updated + summary.vanished > 0;
    const fresh = stored.lastSeenAt !== null && at.getTime() - Date.parse(stored.lastSeenAt) < LAST_SEEN_RESOLUTION_MS;
    if (changed || stored.status !== 'up' || !fresh) repos.hosts.update(host.id, { status: 'up', statusReason: null, lastSeenAt: now, nextRetryAt: null });
    return summary;
  });
}

/** How stale a host's `last_seen_at` may get while it is up and nothing changes. */
const LAST_SEEN_RESOLUTION_MS = 30_000;

/**
 * Look one domain up after an event and reconcile what is there now. When its row changed while the lookup ran (an
 * action's task came or went), nothing is written and the summary names the domain as stale: look again.
 */
export async function refreshDomain(conn: LibvirtConnection, host: HostRecord, domainUuid: string, deps: RefreshDeps): Promise<ReconcileSummary> {
  const version = deps.store.read((repos) => repos.instances.findByDomain(host.id, domainUuid)?.updatedAt);
  const observed = await observeDomain(conn, domainUuid, { needsSize: () => version === undefined, ...callOptions(deps) });
  const projectId = unassignedProjectId(deps.store);
  const observedAgainst = new Map(version === undefined ? [] : [[domainUuid, version]]);
  return deps.store.write((repos) => reconcileDomain(repos, { host, unassignedProjectId: projectId, now: deps.now().toISOString(), observedAgainst }, domainUuid, observed));
}

/**
 * Record that a host cannot be reached, and when its session tries again (null: nothing will, as for a one-off sync);
 * its instances keep their rows and last known states.
 */
export function markHostDown(store: InventoryStore, hostId: string, reason: string, nextRetryAt: string | null = null): void {
  store.write((repos) => {
    const host = repos.hosts.get(hostId);
    if (host !== undefined && (host.status !== 'down' || host.statusReason !== reason || host.nextRetryAt !== nextRetryAt)) {
      repos.hosts.update(hostId, { status: 'down', statusReason: reason, nextRetryAt });
    }
  });
}
