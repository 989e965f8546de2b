import type { Duplex } from 'node:stream';
import { dialerForUri, SshDialer, type DialerForUriOptions } from '../libvirt/transport';
import { connectSocket } from '../libvirt/transport/socket-connect';
import { describeVncEndpoint, type ConsoleRoute, type VncEndpoint } from './endpoint';
import { ConsoleUnreachableError } from './errors';

/** How a host's consoles are reached, from its libvirt URI. */
export interface HostRoute {
  readonly route: ConsoleRoute;
  /** The host's address as the URI names it (null for local URIs). */
  readonly address: string | null;
  /** For `ssh`: the dialer whose pooled SSH connection the host's RPC already rides. */
  readonly ssh: SshDialer | null;
}

/**
 * Where a host's consoles are: on this machine for a local (unix) URI, through the host's SSH connection for
 * `+ssh`, over the network for `+tcp`. `options` must be the ones the host's libvirt connection was dialled with,
 * so the SSH target (and therefore the pooled connection) is the same one.
 */
export function hostRoute(uri: string, options: DialerForUriOptions = {}): HostRoute {
  const { dialer, parsed } = dialerForUri(uri, options);
  if (dialer instanceof SshDialer) return { route: 'ssh', address: parsed.host, ssh: dialer };
  return { route: parsed.transport === 'unix' ? 'local' : 'network', address: parsed.host, ssh: null };
}

/** Connect timeout for a console tunnel. */
export const TUNNEL_TIMEOUT_MS = 10_000;

/**
 * A byte stream to a VNC server: a socket from this machine (local or network routes), or a channel on the host's
 * **existing** SSH connection — `direct-tcpip` to the port, `direct-streamlocal` to a unix socket — never a new SSH
 * login. The lease on the pooled connection is released when the stream closes.
 */
export async function openVncTunnel(host: HostRoute, endpoint: VncEndpoint, hostName: string, signal?: AbortSignal): Promise<Duplex> {
  const where = `${describeVncEndpoint(endpoint)} on ${hostName}`;
  if (host.ssh === null) {
    try {
      return await connectSocket(
        {
          options: endpoint.kind === 'tcp' ? { host: endpoint.host, port: endpoint.port } : { path: endpoint.path },
          what: where,
          explain: (code) => (code === 'ECONNREFUSED' || code === 'ENOENT' ? `Nothing listens on ${where} any more: the domain may have stopped` : undefined),
        },
        TUNNEL_TIMEOUT_MS,
        signal,
      );
    } catch (error) {
      throw new ConsoleUnreachableError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
  const lease = await host.ssh.acquireConnection(signal).catch((error: unknown) => {
    throw new ConsoleUnreachableError(`Cannot reach ${hostName} over SSH for its console: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  try {
    const options = signal ? { signal } : {};
    const stream = endpoint.kind === 'tcp' ? await lease.connection.forwardOut(endpoint.host, endpoint.port, options) : await lease.connection.forwardOutStreamLocal(endpoint.path, options);
    stream.once('close', () => lease.release());
    return stream;
  } catch (error) {
    lease.release();
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConsoleUnreachableError(
      `sshd on ${hostName} could not reach ${describeVncEndpoint(endpoint)} (${detail}): the domain may have stopped, or VNC listens where the host cannot connect — listen on 127.0.0.1 or 0.0.0.0`,
      { cause: error },
    );
  }
}
