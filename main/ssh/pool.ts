import { SshConnection } from './connection';
import { SshConnectError } from './errors';
import type { SshConnectOptions } from './handshake';
import type { SshTarget } from './target';

/** A counted reference to a pooled connection; `release()` is idempotent. */
export interface SshLease {
  readonly connection: SshConnection;
  release(): void;
}

/** Pool settings. */
export interface SshPoolOptions {
  /** Keep an unused connection this long before closing it (a quick reconnect then reuses it). Default 0. */
  readonly idleCloseMs?: number;
}

interface Entry {
  readonly key: string;
  /** `user@host:port`, for messages. */
  readonly label: string;
  readonly ready: Promise<SshConnection>;
  /** Aborts the shared connect once every waiting caller has given up. */
  readonly controller: AbortController;
  connection: SshConnection | null;
  refs: number;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * One SSH connection per identity and trust, shared by reference count: the RPC channel, console
 * tunnels and uploads to a host all ride the same TCP connection. Two callers share a connection (or
 * a connect in progress) only when everything that decides whom we trust and who we are is equal
 * (see `keyOf`); a host added with `no_verify=1` never lends its unchecked connection to a strict
 * one, and a strict caller's own known_hosts is never replaced by another caller's.
 *
 * Per-call options (prompts, timeouts, keepalive) are not part of the key: prompts cannot change the
 * outcome for the next caller (an accepted host key is recorded in the same first known_hosts file
 * that caller would read; a password logs in as the same user), and timeouts decide nothing about trust.
 */
export class SshPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: SshPoolOptions = {}) {}

  /**
   * Pool key of a target: user, host, port, the host-key policy (mode and known_hosts files, in
   * order, where a trusted key is recorded, and whether an unknown key may be put to a person), the name and port keys are checked
   * under (HostKeyAlias), the keys offered (named and
   * default) and the agent socket. JSON, so no value can forge a separator.
   */
  static keyOf(target: SshTarget): string {
    const { user, host, port, hostKeyHost, hostKeyPort, hostKeyPolicy, askUnknownHostKey, identityFiles, defaultIdentityFiles, agentSocket } = target;
    const trust = [hostKeyHost, hostKeyPort, hostKeyPolicy.mode, hostKeyPolicy.knownHostsFiles, hostKeyPolicy.recordIn ?? null, askUnknownHostKey];
    return JSON.stringify([user, host, port, ...trust, identityFiles, defaultIdentityFiles, agentSocket]);
  }

  /** Live or connecting connections (each is one TCP connection to an sshd). */
  get size(): number {
    return this.entries.size;
  }

  /** Reference counts per connection, for diagnostics and tests. */
  stats(): { key: string; label: string; refs: number; channels: number; connected: boolean }[] {
    return [...this.entries.values()].map((e) => ({
      key: e.key,
      label: e.label,
      refs: e.refs,
      channels: e.connection?.channelCount ?? 0,
      connected: e.connection !== null && !e.connection.closed,
    }));
  }

  /** A lease on the shared connection to `target`, connecting if there is none. */
  async acquire(target: SshTarget, options: SshConnectOptions = {}): Promise<SshLease> {
    const key = SshPool.keyOf(target);
    let entry = this.entries.get(key);
    if (!entry || entry.connection?.closed) entry = this.create(key, target, options);
    entry.refs++;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
    const current = entry;
    try {
      const connection = await withSignal(current.ready, options.signal, `SSH connection to ${current.label}`);
      return this.lease(current, connection);
    } catch (err) {
      this.unref(current);
      throw err;
    }
  }

  /** Closes every pooled connection (application shutdown). */
  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => this.shut(e)));
  }

  private create(key: string, target: SshTarget, options: SshConnectOptions): Entry {
    const controller = new AbortController();
    const ready = SshConnection.connect(target, { ...options, signal: controller.signal });
    const label = `${target.user}@${target.host}:${target.port}`;
    const entry: Entry = { key, label, ready, controller, connection: null, refs: 0, idleTimer: null };
    this.entries.set(key, entry);
    ready.then(
      (connection) => {
        entry.connection = connection;
        connection.once('close', () => this.forget(entry));
        if (entry.refs === 0) void connection.close();
      },
      () => this.forget(entry),
    );
    return entry;
  }

  private lease(entry: Entry, connection: SshConnection): SshLease {
    let released = false;
    return {
      connection,
      release: () => {
        if (released) return;
        released = true;
        this.unref(entry);
      },
    };
  }

  private unref(entry: Entry): void {
    if (--entry.refs > 0) return;
    if (!entry.connection) {
      // Nobody waits for this connect any more; a later caller starts a fresh one.
      this.forget(entry);
      entry.controller.abort(new SshConnectError('no longer needed'));
      return;
    }
    const idle = this.options.idleCloseMs ?? 0;
    // unref: an idle connection must not keep the process alive.
    if (idle > 0) entry.idleTimer = setTimeout(() => void this.shut(entry), idle).unref();
    else void this.shut(entry);
  }

  private async shut(entry: Entry): Promise<void> {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    this.forget(entry);
    const connection = entry.connection ?? (await entry.ready.catch(() => null));
    await connection?.close();
  }

  private forget(entry: Entry): void {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
  }
}

/** Waits for `promise` unless `signal` aborts first (the shared work itself goes on). */
function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new SshConnectError(`${what} aborted`, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SshConnectError(`${what} aborted`, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** The process-wide pool used when callers do not bring their own. */
export const defaultSshPool = new SshPool();
