import type { Duplex } from 'node:stream';
import type { Dialer } from './dialer';
import { connectSocket } from './socket-connect';

/** libvirtd's default plain-TCP port (`listen_tcp`). */
export const LIBVIRT_TCP_PORT = 16509;

/** Options for a TCP dialer. */
export interface TcpDialerOptions {
  readonly timeoutMs?: number;
}

/**
 * Dials libvirtd's plain TCP listener (`qemu+tcp://host/system`). Nothing on this transport is
 * encrypted or host-verified, and daemons normally demand SASL on it, which our client does not
 * implement: it is for lab daemons configured with `auth_tcp = "none"`. Prefer SSH.
 */
export class TcpDialer implements Dialer {
  constructor(
    readonly host: string,
    readonly port: number = LIBVIRT_TCP_PORT,
    private readonly options: TcpDialerOptions = {},
  ) {}

  async dial(signal?: AbortSignal): Promise<Duplex> {
    const { host, port } = this;
    const where = `${host}:${port}`;
    const socket = await connectSocket(
      {
        options: { host, port },
        what: `libvirtd at ${where} (TCP)`,
        explain: (code) => TCP_ERRORS[code]?.(where),
      },
      this.options.timeoutMs,
      signal,
    );
    // RPC is request/response with small packets: Nagle's delay would add latency to every call.
    socket.setNoDelay(true);
    return socket;
  }

  describe(): string {
    return `tcp ${this.host}:${this.port} (unencrypted, unauthenticated)`;
  }
}

const TCP_ERRORS: Readonly<Record<string, (where: string) => string>> = {
  ECONNREFUSED: (w) => `Connection refused by ${w} — libvirtd is not listening on TCP there (needs listen_tcp=1 and --listen, or the virtproxyd-tcp socket)`,
  ENOTFOUND: (w) => `Cannot resolve the host name in ${w}`,
  EAI_AGAIN: (w) => `Cannot resolve the host name in ${w} (DNS temporarily unavailable)`,
  EHOSTUNREACH: (w) => `No route to ${w}`,
  ENETUNREACH: (w) => `Network unreachable for ${w}`,
  ETIMEDOUT: (w) => `TCP connection to ${w} timed out`,
};
