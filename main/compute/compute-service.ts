// The facade the contract handlers and the CLI call to act on instances: actions, bulk actions, the action log,
// snapshots, the reclaimer. Safety between processes comes from the task-state compare-and-swap in SQLite, so the
// app and a CLI command may act at the same time.
import type { InstanceActionRequest } from '../../common/contract/compute-schemas';
import type { InstanceActionEventRecord, InstanceActionRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { resolveInstance } from '../inventory/services';
import { listSnapshots, liveDomainXml, realSleep, runInstanceAction, type ActionContext, type ActionResult, type SnapshotInfo } from './actions';
import type { HostConnections } from './host-access';
import { currentOwner } from './process-owner';
import { reclaimDue, startReclaimer, type Reclaimer, type ReclaimOutcome } from './reclaim';

/** One instance's outcome in a bulk action: the result, or the error it failed with (mapped by the caller). */
export type BulkResult = { readonly ref: string; readonly ok: true; readonly result: ActionResult } | { readonly ref: string; readonly ok: false; readonly error: unknown };

/** An instance action with its events, newest action first. */
export interface ActionLogEntry extends InstanceActionRecord {
  readonly events: InstanceActionEventRecord[];
}

/** What the compute service needs. */
export interface ComputeDeps {
  readonly store: InventoryStore;
  readonly hosts: HostConnections;
  readonly now?: () => Date;
  readonly sleep?: ActionContext['sleep'];
  /** Task owner written on rows; default this process. */
  readonly owner?: string;
}

/** Acting on instances. */
export interface ComputeService {
  act(ref: string, request: InstanceActionRequest): Promise<ActionResult>;
  /** The same action on several instances, a few at a time; each gets its own outcome (also told to `onEach` as it comes). */
  bulk(refs: readonly string[], request: InstanceActionRequest, onEach?: (result: BulkResult) => void): Promise<BulkResult[]>;
  /** The action log of an instance (deleted ones too, by UUID). */
  actions(ref: string): ActionLogEntry[];
  snapshots(ref: string): Promise<SnapshotInfo[]>;
  /** The live XML of the instance's domain, read from its host. */
  domainXml(ref: string): Promise<string>;
  /** Hard-delete the soft-deleted instances that are due, once. */
  reclaim(): Promise<ReclaimOutcome[]>;
  /** Run the reclaimer every minute until stopped. */
  startReclaimer(log: (message: string) => void, intervalMs?: number): Reclaimer;
}

/** The action log of an instance (deleted ones too, by UUID), newest action first; reads the inventory only. */
export function actionLog(store: InventoryStore, ref: string): ActionLogEntry[] {
  return store.read((repos) => {
    const instance = resolveInstance(repos, ref);
    return repos.instanceActions
      .list(instance.uuid)
      .reverse()
      .map((action) => ({ ...action, events: repos.instanceActions.events(action.id) }));
  });
}

/** How many instances of a bulk action are worked on at once (each may wait a minute for a guest to stop). */
export const BULK_CONCURRENCY = 8;

/** Run `work` over `items` with at most `limit` in flight, results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** The compute service over a store and a way to reach hosts. */
export function computeService(deps: ComputeDeps): ComputeService {
  const ctx: ActionContext = {
    store: deps.store,
    hosts: deps.hosts,
    owner: deps.owner ?? currentOwner(),
    now: deps.now ?? (() => new Date()),
    sleep: deps.sleep ?? realSleep,
  };
  return {
    act: (ref, request) => runInstanceAction(ctx, ref, request),
    bulk: (refs, request, onEach) =>
      mapLimited([...new Set(refs)], BULK_CONCURRENCY, async (ref): Promise<BulkResult> => {
        let result: BulkResult;
        try {
          result = { ref, ok: true, result: await runInstanceAction(ctx, ref, request) };
        } catch (error) {
          result = { ref, ok: false, error };
        }
        onEach?.(result);
        return result;
      }),
    actions: (ref) => actionLog(deps.store, ref),
    snapshots: (ref) => listSnapshots(ctx, ref),
    domainXml: (ref) => liveDomainXml(ctx, ref),
    reclaim: () => reclaimDue(ctx),
    startReclaimer: (log, intervalMs) => startReclaimer(ctx, { log, ...(intervalMs === undefined ? {} : { intervalMs }) }),
  };
}
