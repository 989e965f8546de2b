import type { HostRecord } from '../inventory/model';
import type { LibvirtConnection } from '../libvirt';
import { AddressProbe, refreshAddresses } from './addresses';
import type { InventoryStore } from '../inventory/repositories';
import { describeFailure, type HostConnector } from './host-session';
import { markHostDown, refreshDomains, refreshFacts } from './host-refresh';
import type { ReconcileSummary } from './reconcile';

/** How one host's one-off sync went. */
export type HostSyncOutcome =
  | { readonly host: string; readonly ok: true; readonly domains: number; readonly summary: ReconcileSummary }
  | { readonly host: string; readonly ok: false; readonly error: string };

/** Options of {@link syncHostsOnce}. */
export interface SyncOnceOptions {
  readonly connect: HostConnector;
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** Notes (an address source a host refuses); default: none. */
  readonly log?: (message: string) => void;
  /** More work on each host that synced, on the same connection before it closes (recovery after a crash). */
  readonly afterSync?: (conn: LibvirtConnection, host: HostRecord) => Promise<void>;
}

/**
 * Connect to each host once, in parallel, record its facts, reconcile its domains and read its guests' addresses,
 * then disconnect: what `virt-deck sync` does when no app is running to keep the inventory live. A host that cannot
 * be reached is marked down with the reason; the others are not delayed by it.
 */
export async function syncHostsOnce(store: InventoryStore, hosts: readonly HostRecord[], options: SyncOnceOptions): Promise<HostSyncOutcome[]> {
  // Quiet unless asked: a host without an address source is not news to a script that syncs every minute.
  const log = options.log ?? (() => undefined);
  const deps = { store, now: options.now ?? (() => new Date()), ...(options.timeoutMs === undefined ? {} : { callTimeoutMs: options.timeoutMs }) };
  return Promise.all(
    hosts.map(async (host): Promise<HostSyncOutcome> => {
      const controller = new AbortController();
      const timer = options.timeoutMs === undefined ? null : setTimeout(() => controller.abort(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
      try {
        const conn = await options.connect(host, controller.signal);
        try {
          const current = await refreshFacts(conn, host, deps);
          const summary = await refreshDomains(conn, current, deps);
          await refreshAddresses(new AddressProbe(conn, host.name, log, options.timeoutMs), store, host.id);
          await options.afterSync?.(conn, current);
          const domains = store.read((repos) => repos.instances.list({ hostId: host.id }).filter((i) => i.libvirtDomainUuid !== null).length);
          return { host: host.name, ok: true, domains, summary };
        } finally {
          await conn.close();
        }
      } catch (error) {
        const reason = describeFailure(error);
        markHostDown(store, host.id, reason);
        return { host: host.name, ok: false, error: reason };
      } finally {
        if (timer !== null) clearTimeout(timer);
      }
    }),
  );
}
