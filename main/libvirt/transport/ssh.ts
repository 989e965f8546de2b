import type { Duplex } from 'node:stream';
import { defaultSshPool, type SshConnectOptions, type SshLease, type SshPool, type SshTarget } from '../../ssh';
import type { Dialer } from './dialer';
import type { RemoteLibvirtCommand } from './ssh-command';

/** Options for the SSH dialer: how to authenticate and which pool shares connections. */
export interface SshDialerOptions extends Omit<SshConnectOptions, 'signal'> {
  /** Pool that shares one SSH connection per (user, host, port); default: the process-wide pool. */
  readonly pool?: SshPool;
}

/**
 * Reaches libvirtd through SSH the way libvirt does: an exec channel, without a PTY, running
 * `virt-ssh-helper` or netcat on the remote host (see `remoteLibvirtCommand`). Each dialed stream
 * holds a lease on the pooled SSH connection until it closes, so console tunnels to the same host
 * (`acquireConnection`) share the TCP connection.
 */
export class SshDialer implements Dialer {
  constructor(
    readonly target: SshTarget,
    readonly remote: RemoteLibvirtCommand,
    private readonly options: SshDialerOptions = {},
  ) {}

  async dial(signal?: AbortSignal): Promise<Duplex> {
    const lease = await this.acquireConnection(signal);
    try {
      const helper = `The remote libvirt helper (${this.remote.description})`;
      const stream = await lease.connection.exec(this.remote.command, signal ? { signal, helper } : { helper });
      stream.once('close', () => lease.release());
      return stream;
    } catch (err) {
      lease.release();
      throw err;
    }
  }

  /** A lease on the SSH connection this dialer uses (for `forwardOut` console tunnels); release it when done. */
  acquireConnection(signal?: AbortSignal): Promise<SshLease> {
    const pool = this.options.pool ?? defaultSshPool;
    return pool.acquire(this.target, signal ? { ...this.options, signal } : this.options);
  }

  describe(): string {
    const { user, host, port } = this.target;
    return `ssh ${user}@${host}:${port} → ${this.remote.description}`;
  }

  async close(): Promise<void> {
    // Streams hold their own leases; the dialer keeps nothing open between dials.
  }
}
