import type { HostRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { LifecycleEvent, type EventSubscription, type DomainLifecycleEvent, type LibvirtConnection } from '../libvirt';
import { backoffDelay, type BackoffOptions } from '../../common/backoff';
import { AddressProbe, refreshAddresses } from './addresses';
import { markHostDown, refreshDomain, refreshDomains, refreshFacts, type RefreshDeps } from './host-refresh';

/** Where a session is. */
export type HostSessionState = 'connecting' | 'up' | 'backoff' | 'stopped';

/** Opens a libvirt connection for a host (the manager's default dials the host's URI). */
export type HostConnector = (host: HostRecord, signal: AbortSignal) => Promise<LibvirtConnection>;

/** Timing and dependencies of a session. */
export interface HostSessionOptions {
  readonly store: InventoryStore;
  readonly connect: HostConnector;
  readonly backoff?: BackoffOptions;
  /** Safety-net full refresh while connected (default 60 s); events do the real work. */
  readonly refreshIntervalMs?: number;
  /** Per libvirt call (default 30 s). */
  readonly callTimeoutMs?: number;
  /**
   * How long after "up" the first pass over the guests' addresses starts (default 5 s): when many hosts connect at
   * once, their domains' states come first; addresses of guests that start later come with their STARTED event.
   */
  readonly firstAddressesDelayMs?: number;
  readonly now?: () => Date;
  readonly random?: () => number;
  readonly log?: (message: string) => void;
  /** Told whenever the session changes state (diagnostics, tests). */
  readonly onStateChange?: (state: HostSessionState, detail: string | null) => void;
}

/**
 * One host's live link: connect, subscribe to lifecycle events, gather facts, reconcile every domain, then follow
 * events (each one looks its domain up and reconciles it) with a slow periodic refresh as a safety net. When the
 * connection is lost the host is marked down — its instances keep their rows — and the session reconnects with
 * exponential backoff and jitter, subscribes again and reconciles everything it may have missed.
 */
export class HostSession {
  private state: HostSessionState = 'stopped';
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private connection: LibvirtConnection | null = null;
  /** Guest addresses on the current connection (what it refused is remembered per connection). */
  private probe: AddressProbe | null = null;
  private attempt = 0;
  /** Domains with an event lookup running, whether another event arrived meanwhile, and whether to ask for addresses after. */
  private readonly eventWork = new Map<string, { again: boolean; addresses: boolean }>();
  /** When an event lookup last observed each domain: a full refresh with an older snapshot leaves it alone. */
  private readonly eventObservedAt = new Map<string, number>();
  /** Callers of {@link openConnection} waiting for a connecting session to settle. */
  private readonly settleWaiters = new Set<() => void>();
  private readonly deps: RefreshDeps;

  constructor(
    readonly hostId: string,
    private readonly options: HostSessionOptions,
  ) {
    this.deps = { store: options.store, now: options.now ?? (() => new Date()), ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }) };
  }

  /** Current state. */
  get currentState(): HostSessionState {
    return this.state;
  }

  /** Start connecting (idempotent). */
  start(): void {
    this.running ??= this.run().catch((error: unknown) => this.log(`host session ${this.hostId} ended unexpectedly: ${(error as Error).stack ?? String(error)}`));
  }

  /** Close the connection and stop reconnecting; the host keeps its last recorded status. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.connection?.close();
    await this.running;
    this.setState('stopped', null);
  }

  /**
   * The session's open connection, for callers that act on the host (compute, consoles). A session that is still
   * connecting is waited for, up to `timeoutMs`; null when the host is down or did not come up in time.
   */
  async openConnection(timeoutMs: number): Promise<LibvirtConnection | null> {
    if (this.state === 'connecting') {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.settleWaiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        timer.unref();
        this.settleWaiters.add(done);
      });
    }
    const conn = this.connection;
    return this.state === 'up' && conn !== null && !conn.client.isClosed ? conn : null;
  }

  /** A full refresh of the domains now, if connected (tests, an operator's "refresh" button); addresses are the timer's. */
  async refresh(): Promise<void> {
    const conn = this.connection;
    const host = this.host();
    if (conn !== null && host !== undefined) await this.fullRefresh(conn, host);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      const host = this.host();
      if (host === undefined) return;
      let reason: string;
      this.setState('connecting', host.uri);
      try {
        const conn = await this.options.connect(host, signal);
        this.connection = conn;
        reason = await this.serve(conn, host);
      } catch (error) {
        reason = describeFailure(error);
      } finally {
        this.connection = null;
      }
      if (signal.aborted) return;
      const delay = backoffDelay(this.attempt++, this.options.backoff, this.options.random);
      markHostDown(this.options.store, this.hostId, reason, new Date(this.deps.now().getTime() + delay).toISOString());
      this.setState('backoff', `${reason}; retrying in ${Math.round(delay)} ms`);
      await sleep(delay, signal);
    }
  }

  /** Serve one connection until it closes; resolves with why it ended. */
  private async serve(conn: LibvirtConnection, host: HostRecord): Promise<string> {
    let subscription: EventSubscription<DomainLifecycleEvent> | null = null;
    const probe = new AddressProbe(conn, host.name, (message) => this.log(message), this.options.callTimeoutMs);
    let firstAddresses: NodeJS.Timeout | undefined;
    this.probe = probe;
    const refreshTimer = setInterval(() => {
      const current = this.host();
      if (current !== undefined) void this.fullRefresh(conn, current).then(() => this.refreshAddresses(probe));
    }, this.options.refreshIntervalMs ?? 60_000);
    refreshTimer.unref();
    try {
      // Subscribe first: whatever changes during the initial refresh arrives as an event and is looked up after.
      subscription = await conn.events.domainLifecycle({ onEvent: (event) => this.onLifecycle(conn, event) });
      const current = await refreshFacts(conn, host, this.deps);
      await this.fullRefresh(conn, current, { throwOnError: true });
      this.attempt = 0;
      this.setState('up', conn.transport);
      firstAddresses = setTimeout(() => void this.refreshAddresses(probe), this.options.firstAddressesDelayMs ?? 5_000);
      firstAddresses.unref();
      const closed = await Promise.race([conn.closed, abortPromise(this.abort.signal)]);
      return closed === null ? 'stopped' : `connection lost: ${closed.message}`;
    } finally {
      this.probe = null;
      clearInterval(refreshTimer);
      clearTimeout(firstAddresses);
      await subscription?.close().catch(() => undefined);
      await conn.close();
    }
  }

  private async fullRefresh(conn: LibvirtConnection, host: HostRecord, options: { throwOnError?: boolean } = {}): Promise<void> {
    const snapshotAt = performance.now();
    try {
      await refreshDomains(conn, host, this.deps, (uuid) => (this.eventObservedAt.get(uuid) ?? -Infinity) > snapshotAt || this.eventWork.has(uuid));
    } catch (error) {
      if (options.throwOnError === true) throw error;
      // A failed safety-net refresh on a live connection is retried at the next tick; a dead one ends `serve`.
      this.log(`host ${host.name}: periodic refresh failed: ${describeFailure(error)}`);
    }
  }

  /** Ask the running guests for their addresses; a failure is logged and retried at the next tick. */
  private async refreshAddresses(probe: AddressProbe, only?: ReadonlySet<string>): Promise<void> {
    try {
      await refreshAddresses(probe, this.options.store, this.hostId, only);
    } catch (error) {
      if (!this.abort.signal.aborted && this.probe === probe) this.log(`host ${this.hostId}: reading guest addresses failed: ${describeFailure(error)}`);
    }
  }

  private onLifecycle(conn: LibvirtConnection, event: DomainLifecycleEvent): void {
    // A (re)definition may replug interfaces: the MAC → network map is read again when next needed.
    if (event.event === LifecycleEvent.DEFINED || event.event === LifecycleEvent.UNDEFINED) this.probe?.forget(event.dom.uuid);
    // Every state change applies at once: a STOPPED while no task of ours runs is the truth (ours run as tasks,
    // which the sync never fights, so a reboot of ours cannot flap to SHUTOFF).
    this.lookUp(conn, event.dom.uuid, event.event === LifecycleEvent.STARTED || event.event === LifecycleEvent.RESUMED);
  }

  /**
   * Look a domain up and reconcile it; events arriving meanwhile cause one more lookup, not one each. A lookup whose
   * row changed while it ran (an action set or cleared its task) wrote nothing: it looks again, a few times at most.
   */
  private lookUp(conn: LibvirtConnection, uuid: string, addresses: boolean): void {
    const pending = this.eventWork.get(uuid);
    if (pending !== undefined) {
      pending.again = true;
      pending.addresses ||= addresses;
      return;
    }
    const work = { again: false, addresses };
    this.eventWork.set(uuid, work);
    void (async () => {
      try {
        let stale = 0;
        do {
          work.again = false;
          const host = this.host();
          if (host === undefined || this.abort.signal.aborted) return;
          this.eventObservedAt.set(uuid, performance.now());
          const summary = await refreshDomain(conn, host, uuid, this.deps);
          if (summary.stale.length > 0 && ++stale <= MAX_STALE_LOOKUPS) work.again = true;
        } while (work.again);
        // Done with the state: an event from here on starts a lookup of its own.
        this.eventWork.delete(uuid);
        const probe = this.probe;
        if (work.addresses && probe !== null) await this.refreshAddresses(probe, new Set([uuid]));
      } catch (error) {
        // The connection closing fails lookups in flight; the reconnect's full refresh covers them.
        if (!this.abort.signal.aborted) this.log(`host ${this.hostId}: reconciling domain ${uuid} after an event failed: ${describeFailure(error)}`);
      } finally {
        if (this.eventWork.get(uuid) === work) this.eventWork.delete(uuid);
      }
    })();
  }

  private host(): HostRecord | undefined {
    return this.options.store.read((repos) => repos.hosts.get(this.hostId));
  }

  private setState(state: HostSessionState, detail: string | null): void {
    this.state = state;
    if (state !== 'connecting') for (const settle of [...this.settleWaiters]) settle();
    this.options.onStateChange?.(state, detail);
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(message);
  }
}

/** Lookups in a row that may find their row changed under them before one is left to the next event or refresh. */
const MAX_STALE_LOOKUPS = 5;

/** Why a host connection or refresh failed, in one line (what `status_reason` records). */
export function describeFailure(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n', 1)[0] ?? error.name) : String(error);
}

/** Resolves null when `signal` aborts (never rejects). */
function abortPromise(signal: AbortSignal): Promise<null> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(null);
    else signal.addEventListener('abort', () => resolve(null), { once: true });
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
