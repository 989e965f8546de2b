// How compute and consoles reach a host's libvirt: through the app's live host sessions when the app runs, or by
// dialing once per host from a CLI command. Either way the SSH connection of a host is the pooled one its RPC stream
// rides, so an upload's checksum or a console tunnel never opens a second SSH login.
import type { HostManager} from '../hosts';
import { hostUnavailable, uriConnector, type HostConnector } from '../hosts';
import type { HostRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import type { ConnectLibvirtOptions, LibvirtConnection } from '../libvirt';
import { dialerForUri, SshDialer } from '../libvirt/transport';
import type { SshLease } from '../ssh';

/** How compute reaches hosts. */
export interface HostConnections {
  /** Run `fn` with an open connection to the host; HostUnavailableError when it cannot be reached. */
  use<T>(hostId: string, fn: (conn: LibvirtConnection, host: HostRecord) => Promise<T>): Promise<T>;
  /** A lease on the host's pooled SSH connection when it is reached over SSH, else null. Release it when done. */
  ssh(hostId: string, signal?: AbortSignal): Promise<SshLease | null>;
  /** Close what this object opened (the live sessions belong to the app and stay). */
  close(): Promise<void>;
}

type ConnectOptions = Omit<ConnectLibvirtOptions, 'signal'>;

/** The app's hosts: commands use the session's connection, waiting briefly for one that is connecting. */
export class LiveHostConnections implements HostConnections {
  constructor(
    private readonly store: InventoryStore,
    private readonly manager: HostManager,
    private readonly connectOptions: ConnectOptions = {},
    private readonly waitMs = 10_000,
  ) {}

  async use<T>(hostId: string, fn: (conn: LibvirtConnection, host: HostRecord) => Promise<T>): Promise<T> {
    const conn = await this.manager.connection(hostId, this.waitMs);
    return fn(conn, requireHost(this.store, hostId));
  }

  ssh(hostId: string, signal?: AbortSignal): Promise<SshLease | null> {
    return sshLease(requireHost(this.store, hostId), this.connectOptions, signal);
  }

  async close(): Promise<void> {
    // The sessions are the app's: they outlive any one command.
  }
}

/** A CLI command's hosts: each is dialed on first use, once, and closed with {@link close}. */
export class OneShotHostConnections implements HostConnections {
  private readonly open = new Map<string, Promise<LibvirtConnection>>();
  private readonly connect: HostConnector;

  constructor(
    private readonly store: InventoryStore,
    private readonly connectOptions: ConnectOptions = {},
    connect?: HostConnector,
  ) {
    this.connect = connect ?? uriConnector(connectOptions);
  }

  async use<T>(hostId: string, fn: (conn: LibvirtConnection, host: HostRecord) => Promise<T>): Promise<T> {
    const host = requireHost(this.store, hostId);
    let pending = this.open.get(hostId);
    if (pending === undefined) {
      const dialing = this.connect(host, new AbortController().signal);
      pending = dialing;
      this.open.set(hostId, dialing);
      // A failed dial is not cached, nor a connection that closed (a dropped link): the next use dials again.
      const forget = () => {
        if (this.open.get(hostId) === dialing) this.open.delete(hostId);
      };
      dialing.then((conn) => void conn.closed.then(forget), forget);
    }
    let conn: LibvirtConnection;
    try {
      conn = await pending;
    } catch (error) {
      throw hostUnavailable(host, error);
    }
    return fn(conn, host);
  }

  ssh(hostId: string, signal?: AbortSignal): Promise<SshLease | null> {
    return sshLease(requireHost(this.store, hostId), this.connectOptions, signal);
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map(async (pending) => (await pending.catch(() => null))?.close()));
  }
}

function requireHost(store: InventoryStore, hostId: string): HostRecord {
  const host = store.read((repos) => repos.hosts.get(hostId));
  if (host === undefined) throw hostUnavailable(hostId);
  return host;
}

/** The pooled SSH connection of a host (the same pool entry its libvirt stream uses), or null for local hosts. */
async function sshLease(host: HostRecord, options: ConnectOptions, signal?: AbortSignal): Promise<SshLease | null> {
  const { dialer } = dialerForUri(host.uri, options);
  if (!(dialer instanceof SshDialer)) return null;
  return dialer.acquireConnection(signal);
}
