import type { ChangeFeed } from '../inventory/change-feed';
import type { HostRecord } from '../inventory/model';
import { connectLibvirt, type ConnectLibvirtOptions, type LibvirtConnection } from '../libvirt';
import { hostUnavailable } from './host-unavailable';
import { HostSession, type HostConnector, type HostSessionOptions, type HostSessionState } from './host-session';

/** Options of {@link HostManager}. */
export interface HostManagerOptions extends Omit<HostSessionOptions, 'connect' | 'onStateChange'> {
  /** How to open a host's connection (default: its URI with `connectOptions`). */
  readonly connect?: HostConnector;
  /** Transport and RPC options for the default connector (SSH prompts, keepalive, timeouts). */
  readonly connectOptions?: Omit<ConnectLibvirtOptions, 'signal'>;
  /** Follow hosts added, changed or removed elsewhere (the UI, `virt-deck host add` in a shell). */
  readonly feed?: ChangeFeed;
  readonly onStateChange?: (hostId: string, state: HostSessionState, detail: string | null) => void;
}

/** The default connector: dial the URI; host keys are checked, SSH prompts go to the callbacks in `options`. */
export function uriConnector(options: Omit<ConnectLibvirtOptions, 'signal'> = {}): HostConnector {
  return (host, signal) => connectLibvirt(host.uri, { timeoutMs: 20_000, ...options, signal });
}

/**
 * One {@link HostSession} per host, all connecting in parallel so a slow or dead host never delays another. Hosts
 * added, removed or re-pointed to another URI are followed through the inventory's change feed.
 */
export class HostManager {
  private readonly sessions = new Map<string, { session: HostSession; uri: string }>();
  private offFeed: (() => void) | null = null;
  private readonly connect: HostConnector;
  private stopped = false;

  constructor(private readonly options: HostManagerOptions) {
    this.connect = options.connect ?? uriConnector(options.connectOptions);
  }

  /** Start a session for every host in the inventory, and follow changes. */
  start(): void {
    this.offFeed ??= this.options.feed?.subscribe((delta) => {
      for (const id of delta.removedHosts) void this.drop(id);
      for (const host of delta.hosts) this.ensure(host);
    }) ?? null;
    for (const host of this.options.store.read((repos) => repos.hosts.list())) this.ensure(host);
  }

  /** The session of a host, if one runs. */
  session(hostId: string): HostSession | undefined {
    return this.sessions.get(hostId)?.session;
  }

  /**
   * The open connection of a host's session (waiting up to `timeoutMs` while it connects). Throws
   * HostUnavailableError with the host's recorded reason when it is down or unknown.
   */
  async connection(hostId: string, timeoutMs = 10_000): Promise<LibvirtConnection> {
    const conn = (await this.sessions.get(hostId)?.session.openConnection(timeoutMs)) ?? null;
    if (conn !== null) return conn;
    throw hostUnavailable(this.options.store.read((repos) => repos.hosts.get(hostId)) ?? hostId);
  }

  /** A full refresh of every connected host, in parallel. */
  async refreshAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map(({ session }) => session.refresh()));
  }

  /** Stop every session. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.offFeed?.();
    this.offFeed = null;
    await Promise.all([...this.sessions.keys()].map((id) => this.drop(id)));
  }

  private ensure(host: HostRecord): void {
    if (this.stopped) return;
    const running = this.sessions.get(host.id);
    if (running !== undefined && running.uri === host.uri) return;
    if (running !== undefined) void running.session.stop();
    const session = new HostSession(host.id, {
      ...this.options,
      connect: this.connect,
      onStateChange: (state, detail) => this.options.onStateChange?.(host.id, state, detail),
    });
    this.sessions.set(host.id, { session, uri: host.uri });
    session.start();
  }

  private async drop(hostId: string): Promise<void> {
    const running = this.sessions.get(hostId);
    if (running === undefined) return;
    this.sessions.delete(hostId);
    await running.session.stop();
  }
}
