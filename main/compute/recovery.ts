// After a crash or a restart: work whose process is gone is resolved against the hosts, and what such work left on
// a host is removed. Run by the app when it starts (each host when its session comes up) and by `virt-deck sync`.
// Decisions are pure (`recovery/plan.ts`); this file reads, acts, logs and records.
import { randomUUID } from 'node:crypto';
import { describeFailure } from '../hosts/host-session';
import { HostUnavailableError } from '../hosts/host-unavailable';
import type { HostRecord, InstanceRecord } from '../inventory/model';
import type { InventoryRepositories, InventoryStore } from '../inventory/repositories';
import type { LibvirtConnection } from '../libvirt';
import type { HostConnections } from './host-access';
import { currentOwner, isOwnerAlive } from './process-owner';
import { wasForgotten } from './forgotten';
import { instanceUuidOf, observeHost, removeDomain, removeVolume } from './recovery/host-state';
import { removeInterruptedImports } from '../images/image-cache';
import {
  findOrphans,
  instanceOfVolume,
  interruptedBuildFault,
  isAbandoned,
  orphanCandidates,
  resolveInstance,
  staleUploads,
  type InstanceResolution,
  type KnownRow,
  type RecoveryDomain,
  type RecoveryVolume,
  type UploadRow,
} from './recovery/plan';
import { finish, giveBack, takeOver, type HostOutcome } from './recovery/records';

export { isAbandoned, resolveInstance, findOrphans, staleUploads, type InstanceResolution, type UploadRow } from './recovery/plan';

/** The image cache rows recovery reads and removes; the inventory's `imageHostCache` repository has this shape. */
export interface UploadRowStore {
  list(filter: { readonly hostId?: string; readonly status?: 'uploading' | 'ready' }): readonly UploadRow[];
  /** CAS the owner of an `uploading` row; false when it is gone, ready, or someone else's by now. */
  takeOver(imageId: string, hostId: string, fromOwner: string | null, toOwner: string): boolean;
  /** Delete the row; with `owner`, only while that owner holds it. */
  delete(imageId: string, hostId: string, owner?: string): boolean;
}

/** Options of recovery. */
export interface RecoveryOptions {
  /** Whether a task's owner still runs (default: the process table, see `process-owner.ts`). */
  readonly isOwnerAlive?: (owner: string) => boolean;
  /** Who recovery acts as while it holds a task (default this process). */
  readonly owner?: string;
  /** The data directory: dead imports' `.part` files in `<dataDir>/images/` are removed. Omit to leave files alone. */
  readonly dataDir?: string;
  /** Only these hosts (ids); default every host. */
  readonly hostIds?: readonly string[];
  /** Also the work that needs no host (`.part` files, tasks of instances with no host); default true. */
  readonly local?: boolean;
  readonly now?: () => Date;
  readonly log?: (message: string) => void;
  /** Per libvirt call (default 30 s). */
  readonly callTimeoutMs?: number;
  /** The image cache rows (default: the inventory's `imageHostCache` repository, when it has one). */
  readonly uploads?: (repos: InventoryRepositories) => UploadRowStore | null;
}

/** What one recovery step was. */
export type RecoveryStepKind = InstanceResolution['kind'] | 'orphan-domain' | 'orphan-volume' | 'stale-upload' | 'part-file';

/** One thing recovery did (or tried). */
export interface RecoveryStep {
  readonly kind: RecoveryStepKind;
  readonly host: string | null;
  /** The instance concerned, if any. */
  readonly instance: string | null;
  readonly ok: boolean;
  readonly message: string;
}

/** What a recovery run did. */
export interface RecoveryReport {
  readonly steps: readonly RecoveryStep[];
  /** Hosts that could not be reached: their part waits for their next connection. */
  readonly skippedHosts: readonly { readonly host: string; readonly reason: string }[];
}

/**
 * Resolve abandoned tasks and remove leftovers on every reachable host (in parallel), plus the local part. A host
 * that is down is skipped and named in the report; the app runs its part again when it connects.
 */
export async function recoverInterruptedWork(store: InventoryStore, hosts: HostConnections, options: RecoveryOptions = {}): Promise<RecoveryReport> {
  const steps: RecoveryStep[] = options.local === false ? [] : recoverLocal(store, options);
  const wanted = options.hostIds ?? store.read((repos) => repos.hosts.list().map((host) => host.id));
  const skippedHosts: { host: string; reason: string }[] = [];
  await Promise.all(
    wanted.map(async (hostId) => {
      try {
        steps.push(...(await hosts.use(hostId, (conn, host) => recoverHost(store, conn, host, options))));
      } catch (error) {
        const name = store.read((repos) => repos.hosts.get(hostId)?.name) ?? hostId;
        skippedHosts.push({ host: name, reason: describeFailure(error) });
        const why = error instanceof HostUnavailableError ? 'skipped until it is reachable' : 'not recovered (tried again at its next connection)';
        logOf(options)(`recovery: host ${name} ${why}: ${describeFailure(error)}`);
      }
    }),
  );
  return { steps, skippedHosts };
}

/** The part that needs no host: dead imports' `.part` files, and abandoned tasks of instances placed nowhere. */
export function recoverLocal(store: InventoryStore, options: RecoveryOptions = {}): RecoveryStep[] {
  const log = logOf(options);
  const alive = options.isOwnerAlive ?? isOwnerAlive;
  const steps: RecoveryStep[] = [];
  if (options.dataDir !== undefined) {
    // Imports that died: their `.part` files, and `queued` image rows nobody is finishing (main/images).
    const interrupted = removeInterruptedImports(store, options.dataDir);
    for (const name of [...interrupted.partFiles, ...interrupted.images.map((id) => `image ${id} (queued, never finished)`)]) {
      const message = `removed ${name}, left by an image import that did not finish`;
      log(`recovery: ${message}`);
      steps.push({ kind: 'part-file', host: null, instance: null, ok: true, message });
    }
  }
  const at = nowOf(options).toISOString();
  const me = options.owner ?? currentOwner();
  const homeless = store.read((repos) => repos.instances.withTask()).filter((row) => row.hostId === null && isAbandoned(row, alive));
  for (const row of homeless) {
    const resolution: InstanceResolution =
      row.vmState === 'building'
        ? { kind: 'roll-back-build', domainUuid: null, volumes: [], fault: interruptedBuildFault(row.taskState ?? 'unknown', [], at) }
        : { kind: 'clear-task', vmState: row.vmState === 'deleted' ? 'error' : row.vmState, powerState: row.powerState };
    if (!takeOver(store, row, me)) continue;
    steps.push(finished(store, row, me, resolution, { hostName: null, removed: [], at }, log));
  }
  return steps;
}

/**
 * One host, on an open connection: resolve each abandoned task of its instances against the domain it shows, then
 * remove orphans (domains and `<uuid>_disk*` volumes of instances built here that have no live row) and uploads
 * whose uploader is gone. Nothing else on the host is touched.
 */
export async function recoverHost(store: InventoryStore, conn: LibvirtConnection, host: HostRecord, options: RecoveryOptions = {}): Promise<RecoveryStep[]> {
  const log = logOf(options);
  const alive = options.isOwnerAlive ?? isOwnerAlive;
  const timeoutMs = options.callTimeoutMs ?? 30_000;
  const me = options.owner ?? currentOwner();
  const abandoned = store.read((repos) => repos.instances.withTask(host.id)).filter((row) => isAbandoned(row, alive));
  // The host is looked at before its rows are read for orphans: a build commits its row before it creates anything,
  // so whatever the host shows has its row visible by then.
  const observed = await observeHost(conn, timeoutMs);
  const steps: RecoveryStep[] = [];
  for (const row of abandoned) steps.push(await recoverInstance(store, conn, host, row, observed, { me, timeoutMs, log, at: nowOf(options).toISOString() }));
  steps.push(...(await removeOrphans(store, conn, host, observed, { timeoutMs, log })));
  steps.push(...(await removeStaleUploads(store, conn, host, { alive, me, timeoutMs, log, uploads: options.uploads ?? imageHostCacheOf })));
  return steps;
}

interface InstanceContext {
  readonly me: string;
  readonly timeoutMs: number;
  readonly log: (message: string) => void;
  readonly at: string;
}

async function recoverInstance(
  store: InventoryStore,
  conn: LibvirtConnection,
  host: HostRecord,
  row: InstanceRecord,
  observed: { readonly domains: readonly RecoveryDomain[]; readonly volumes: readonly RecoveryVolume[] },
  context: InstanceContext,
): Promise<RecoveryStep> {
  const domain = await domainOf(conn, row, observed.domains, context.timeoutMs);
  const resolution = resolveInstance(row, domain, observed.volumes, context.at);
  if (!takeOver(store, row, context.me)) return { kind: resolution.kind, host: host.name, instance: row.uuid, ok: true, message: `instance ${row.name}: its task changed hands meanwhile; left alone` };
  const removed: string[] = [];
  try {
    if (resolution.kind === 'roll-back-build' && resolution.domainUuid !== null && (await removeDomain(conn, resolution.domainUuid, context.timeoutMs))) removed.push(`domain ${domain?.name ?? resolution.domainUuid}`);
    if (resolution.kind === 'roll-back-build' || resolution.kind === 'finish-delete') {
      // Last created first: the seed and extra disks before the root overlay.
      for (const volume of [...resolution.volumes].reverse()) if (await removeVolume(conn, volume, context.timeoutMs)) removed.push(`volume ${volume.pool}/${volume.name}`);
    }
  } catch (error) {
    // Leave the task to the next recovery (this host's next connection, the next start): it will find what is left.
    giveBack(store, row, context.me);
    const message = `instance ${row.name} (${row.uuid}): ${resolution.kind} on host ${host.name} failed, retried at the next recovery: ${describeFailure(error)}`;
    context.log(`recovery: ${message}`);
    return { kind: resolution.kind, host: host.name, instance: row.uuid, ok: false, message };
  }
  return finished(store, row, context.me, resolution, { hostName: host.name, removed, at: context.at }, context.log);
}

function finished(store: InventoryStore, row: InstanceRecord, me: string, resolution: InstanceResolution, outcome: HostOutcome, log: (message: string) => void): RecoveryStep {
  const summary = finish(store, row, me, resolution, outcome);
  const message = `instance ${row.name} (${row.uuid}): ${summary ?? 'its task changed hands meanwhile; left alone'}`;
  log(`recovery: ${outcome.hostName === null ? '' : `host ${outcome.hostName}: `}${message}`);
  return { kind: resolution.kind, host: outcome.hostName, instance: row.uuid, ok: true, message };
}

/**
 * The instance's domain on the host: the one its row names, else (a row that never recorded it) the domain with the
 * instance's UUID if its metadata says it is this instance.
 */
async function domainOf(conn: LibvirtConnection, row: InstanceRecord, domains: readonly RecoveryDomain[], timeoutMs: number): Promise<RecoveryDomain | null> {
  if (row.libvirtDomainUuid !== null) return domains.find((domain) => domain.uuid === row.libvirtDomainUuid) ?? null;
  const same = domains.find((domain) => domain.uuid === row.uuid);
  return same !== undefined && (await instanceUuidOf(conn, same, timeoutMs)) === row.uuid ? same : null;
}

async function removeOrphans(
  store: InventoryStore,
  conn: LibvirtConnection,
  host: HostRecord,
  observed: { readonly domains: readonly RecoveryDomain[]; readonly volumes: readonly RecoveryVolume[] },
  context: { readonly timeoutMs: number; readonly log: (message: string) => void },
): Promise<RecoveryStep[]> {
  const liveDomainUuids = new Set(store.read((repos) => repos.instances.domainVersionsOnHost(host.id)).keys());
  const candidates = orphanCandidates(observed.domains, liveDomainUuids);
  const volumeUuids = observed.volumes.map((volume) => instanceOfVolume(volume.name)).filter((uuid): uuid is string => uuid !== null);
  const rows = knownRows(store, [...candidates, ...volumeUuids]);
  // Only domains whose UUID is a row that could be ours are worth their XML.
  const domains = await Promise.all(
    observed.domains.map(async (domain) => (candidates.includes(domain.uuid) && rows.get(domain.uuid)?.deleted === true ? { ...domain, instanceUuid: await instanceUuidOf(conn, domain, context.timeoutMs) } : domain)),
  );
  const orphans = findOrphans({ host, domains, volumes: observed.volumes, liveDomainUuids, rows });
  const steps: RecoveryStep[] = [];
  for (const domain of orphans.domains) {
    steps.push(await removeLeftover(store, host, 'orphan-domain', domain.uuid, `domain ${domain.name}`, () => removeDomain(conn, domain.uuid, context.timeoutMs), context.log));
  }
  for (const volume of orphans.volumes) {
    const uuid = instanceOfVolume(volume.name) as string;
    steps.push(await removeLeftover(store, host, 'orphan-volume', uuid, `volume ${volume.pool}/${volume.name}`, () => removeVolume(conn, volume, context.timeoutMs), context.log));
  }
  return steps;
}

/** Rows for these instance UUIDs (live or deleted), as the orphan rules need them. */
function knownRows(store: InventoryStore, uuids: readonly string[]): Map<string, KnownRow> {
  return store.read((repos) => {
    const rows = new Map<string, KnownRow>();
    for (const uuid of new Set(uuids)) {
      const row = repos.instances.get(uuid);
      if (row === undefined) continue;
      const hosts = new Set<string>(row.buildAttempts.map((attempt) => attempt.host));
      if (row.hostId !== null) hosts.add(row.hostId);
      rows.set(uuid, { uuid, origin: row.origin, deleted: row.deletedAt !== null, forgotten: wasForgotten(repos, row), hosts });
    }
    return rows;
  });
}

async function removeLeftover(
  store: InventoryStore,
  host: HostRecord,
  kind: 'orphan-domain' | 'orphan-volume',
  instanceUuid: string,
  what: string,
  remove: () => Promise<boolean>,
  log: (message: string) => void,
): Promise<RecoveryStep> {
  try {
    const removed = await remove();
    const message = `${removed ? 'removed' : 'already gone:'} ${what} of deleted instance ${instanceUuid} from host ${host.name}`;
    if (removed) {
      store.write((repos) =>
        repos.instanceActions.recordFinished({ instanceUuid, requestId: `req-${randomUUID()}`, action: 'recover', message: `Recovery removed leftover ${what} from host ${host.name}` }),
      );
    }
    log(`recovery: ${message}`);
    return { kind, host: host.name, instance: instanceUuid, ok: true, message };
  } catch (error) {
    const message = `removing leftover ${what} of deleted instance ${instanceUuid} from host ${host.name} failed: ${describeFailure(error)}`;
    log(`recovery: ${message}`);
    return { kind, host: host.name, instance: instanceUuid, ok: false, message };
  }
}

async function removeStaleUploads(
  store: InventoryStore,
  conn: LibvirtConnection,
  host: HostRecord,
  context: {
    readonly alive: (owner: string) => boolean;
    readonly me: string;
    readonly timeoutMs: number;
    readonly log: (message: string) => void;
    readonly uploads: (repos: InventoryRepositories) => UploadRowStore | null;
  },
): Promise<RecoveryStep[]> {
  const stale = store.read((repos) => staleUploads(context.uploads(repos)?.list({ hostId: host.id, status: 'uploading' }) ?? [], context.alive));
  const steps: RecoveryStep[] = [];
  for (const upload of stale) {
    const what = `partial base image ${upload.pool}/${upload.volumeName} (image ${upload.imageId})`;
    if (!store.write((repos) => context.uploads(repos)?.takeOver(upload.imageId, upload.hostId, upload.owner, context.me) ?? false)) continue;
    try {
      const removed = await removeVolume(conn, { pool: upload.pool, name: upload.volumeName }, context.timeoutMs);
      store.write((repos) => context.uploads(repos)?.delete(upload.imageId, upload.hostId, context.me));
      const message = `${removed ? 'removed' : 'forgot (volume already gone)'} ${what} on host ${host.name}: its upload did not finish`;
      context.log(`recovery: ${message}`);
      steps.push({ kind: 'stale-upload', host: host.name, instance: null, ok: true, message });
    } catch (error) {
      store.write((repos) => context.uploads(repos)?.takeOver(upload.imageId, upload.hostId, context.me, upload.owner ?? context.me));
      const message = `removing ${what} on host ${host.name} failed, retried at the next recovery: ${describeFailure(error)}`;
      context.log(`recovery: ${message}`);
      steps.push({ kind: 'stale-upload', host: host.name, instance: null, ok: false, message });
    }
  }
  return steps;
}

/** The inventory's image cache repository, once the store has one (the images area adds `imageHostCache`). */
function imageHostCacheOf(repos: InventoryRepositories): UploadRowStore | null {
  return (repos as Partial<Record<'imageHostCache', UploadRowStore>>).imageHostCache ?? null;
}

function logOf(options: RecoveryOptions): (message: string) => void {
  return options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
}

function nowOf(options: RecoveryOptions): Date {
  return (options.now ?? (() => new Date()))();
}
