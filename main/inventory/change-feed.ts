import type { HostRecord, InstanceRecord } from './model';
import type { InventoryStore } from './repositories';

/** What changed in the inventory since the previous delta. Records are the rows as they are now. */
export interface InventoryDelta {
  /** Changed instances, deleted ones included (their `vmState` is `deleted`). */
  readonly instances: readonly InstanceRecord[];
  readonly hosts: readonly HostRecord[];
  /** Ids of hosts that no longer exist. */
  readonly removedHosts: readonly string[];
}

/** A subscription to inventory changes. */
export interface ChangeFeed {
  /** Deliver batched deltas to `listener` until the returned function is called or `signal` aborts. */
  subscribe(listener: (delta: InventoryDelta) => void, options?: { readonly signal?: AbortSignal }): () => void;
  /** Stop the timers; subscribers get nothing more. */
  close(): void;
}

/** Options of {@link createChangeFeed}. */
export interface ChangeFeedOptions {
  /**
   * A number that changes when another process commits to the database (SQLite's `PRAGMA data_version`); polled so
   * that a `virt-deck host add` from a shell reaches the running app. Absent: only this process's commits are seen.
   */
  readonly externalVersion?: () => number;
  /** How long changes are gathered into one delta (default 10 ms). */
  readonly batchMs?: number;
  /** How often `externalVersion` is polled (default 1 s). */
  readonly pollMs?: number;
  /** Where a failing listener or read is reported (default stderr). */
  readonly log?: (message: string) => void;
}

/**
 * The inventory's change feed. Writers do not report what they touched: after a commit (ours, or another process's
 * seen through `externalVersion`) the feed reads the rows whose `updated_at` is at or after its watermark. Writes are
 * serialized by `BEGIN IMMEDIATE` and stamp `updated_at` inside their transaction, so commit order is timestamp
 * order (on one machine's clock) and nothing is skipped; rows stamped exactly at the watermark are read again and
 * dropped when unchanged.
 */
export function createChangeFeed(store: InventoryStore, options: ChangeFeedOptions = {}): ChangeFeed {
  const batchMs = options.batchMs ?? 10;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const listeners = new Set<(delta: InventoryDelta) => void>();
  // Start from "now": subscribers load the current rows themselves, the feed brings what changes after.
  const watermark = store.read((repos) => ({
    instances: new Cursor(repos.instances.changedSince(''), instanceKey),
    hosts: new Cursor(repos.hosts.changedSince(''), hostKey),
    hostIds: new Set(repos.hosts.list().map((host) => host.id)),
  }));
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let lastVersion = options.externalVersion?.();

  const flush = () => {
    timer = null;
    if (closed || listeners.size === 0) return;
    let delta: InventoryDelta;
    try {
      delta = store.read((repos) => {
        const instances = watermark.instances.advance(repos.instances.changedSince(watermark.instances.at));
        const hosts = watermark.hosts.advance(repos.hosts.changedSince(watermark.hosts.at));
        const now = new Set(repos.hosts.list().map((host) => host.id));
        const removedHosts = [...watermark.hostIds].filter((id) => !now.has(id));
        watermark.hostIds = now;
        return { instances, hosts, removedHosts };
      });
    } catch (error) {
      log(`inventory change feed: reading changes failed: ${(error as Error).message}`);
      return;
    }
    if (delta.instances.length === 0 && delta.hosts.length === 0 && delta.removedHosts.length === 0) return;
    for (const listener of [...listeners]) {
      try {
        listener(delta);
      } catch (error) {
        log(`inventory change feed: a listener failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
  };
  const schedule = () => {
    if (closed || timer !== null) return;
    timer = setTimeout(flush, batchMs);
    timer.unref();
  };

  const offCommit = store.onCommit(schedule);
  const poll =
    options.externalVersion === undefined
      ? null
      : setInterval(() => {
          const version = options.externalVersion?.();
          if (version !== lastVersion) {
            lastVersion = version;
            schedule();
          }
        }, options.pollMs ?? 1_000);
  poll?.unref();

  return {
    subscribe(listener, subscribeOptions = {}) {
      const { signal } = subscribeOptions;
      if (signal?.aborted) return () => undefined;
      listeners.add(listener);
      const off = () => {
        listeners.delete(listener);
        signal?.removeEventListener('abort', off);
      };
      signal?.addEventListener('abort', off, { once: true });
      return off;
    },
    close() {
      closed = true;
      offCommit();
      if (timer !== null) clearTimeout(timer);
      if (poll !== null) clearInterval(poll);
      listeners.clear();
    },
  };
}

const instanceKey = (instance: InstanceRecord): string => instance.uuid;
const hostKey = (host: HostRecord): string => host.id;

/**
 * A watermark on `updated_at`, remembering what it delivered at exactly that time (as JSON, so a second change
 * within the same millisecond is still seen).
 */
class Cursor<T extends { readonly updatedAt: string }> {
  at = '';
  private seenAtWatermark = new Map<string, string>();

  /** Start past `rows` (what exists now). */
  constructor(
    rows: readonly T[],
    private readonly key: (row: T) => string,
  ) {
    this.advance(rows);
  }

  /** Rows not delivered before (rows come oldest first); moves the watermark to the newest. */
  advance(rows: readonly T[]): T[] {
    const fresh = rows.filter((row) => row.updatedAt > this.at || this.seenAtWatermark.get(this.key(row)) !== JSON.stringify(row));
    const newest = rows.at(-1)?.updatedAt;
    if (newest !== undefined && newest > this.at) {
      this.at = newest;
      this.seenAtWatermark = new Map();
    }
    for (const row of rows) if (row.updatedAt === this.at) this.seenAtWatermark.set(this.key(row), JSON.stringify(row));
    return fresh;
  }
}
