import type { Duplex } from 'node:stream';
import type { Dialer } from './dialer';
import { connectSocket } from './socket-connect';

/** Options for a unix-socket dialer. */
export interface UnixDialerOptions {
  readonly timeoutMs?: number;
}

/** Dials libvirtd's unix socket (local `qemu:///system`, `qemu+unix:///system?socket=…`). */
export class UnixDialer implements Dialer {
  constructor(
    /** The socket path, already chosen (see `localSocketPath`). */
    readonly socketPath: string,
    private readonly options: UnixDialerOptions = {},
  ) {}

  dial(signal?: AbortSignal): Promise<Duplex> {
    const path = this.socketPath;
    return connectSocket(
      {
        options: { path },
        what: `libvirt socket ${path}`,
        explain: (code) => UNIX_ERRORS[code]?.(path),
      },
      this.options.timeoutMs,
      signal,
    );
  }

  describe(): string {
    return `unix ${this.socketPath}`;
  }
}

const UNIX_ERRORS: Readonly<Record<string, (path: string) => string>> = {
  ENOENT: (p) => `libvirt socket ${p} does not exist — is libvirtd running?`,
  ECONNREFUSED: (p) => `Connection refused on libvirt socket ${p} — libvirtd has stopped and left a stale socket file`,
  EACCES: (p) => `Permission denied on libvirt socket ${p} — join the socket's group (often "libvirt") or connect read-only`,
  EPERM: (p) => `Permission denied on libvirt socket ${p}`,
  ENOTSOCK: (p) => `${p} is not a socket`,
  ENOTDIR: (p) => `A component of ${p} is not a folder`,
  EAGAIN: (p) => `libvirtd's listen queue on ${p} is full; try again`,
};
