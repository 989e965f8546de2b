import { connect, type NetConnectOpts, type Socket } from 'node:net';
import { DialError } from './errors';

/** Default limit for establishing a local or TCP connection to libvirtd. */
export const DEFAULT_DIAL_TIMEOUT_MS = 10_000;

/** What to connect to, and how to word failures. */
export interface SocketTarget {
  readonly options: NetConnectOpts;
  /** "libvirt socket /run/libvirt/libvirt-sock" or "libvirtd at host:16509 (TCP)". */
  readonly what: string;
  /** The whole message for an errno on this kind of target (ENOENT on a socket: "… does not exist — is libvirtd running?"). */
  readonly explain: (code: string) => string | undefined;
}

/** Connects a net.Socket with a timeout and an AbortSignal; failures become DialErrors naming the target. */
export function connectSocket(target: SocketTarget, timeoutMs = DEFAULT_DIAL_TIMEOUT_MS, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DialError(`Connecting to ${target.what} was aborted`, 'ABORT_ERR', { cause: signal.reason }));
    const socket = connect(target.options);
    let timer: NodeJS.Timeout | null = null;
    const finish = (err: DialError | null) => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      socket.off('connect', onConnect);
      if (!err) return resolve(socket);
      socket.destroy();
      reject(err);
    };
    const onConnect = () => finish(null);
    const onError = (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'UNKNOWN';
      const message = target.explain(code) ?? `Cannot connect to ${target.what}: ${err.message}`;
      finish(new DialError(message, code, { cause: err }));
    };
    const onAbort = () => finish(new DialError(`Connecting to ${target.what} was aborted`, 'ABORT_ERR', { cause: signal?.reason }));
    socket.once('connect', onConnect);
    socket.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs > 0) {
      timer = setTimeout(() => finish(new DialError(`Connecting to ${target.what} timed out after ${timeoutMs} ms`, 'ETIMEDOUT')), timeoutMs);
    }
  });
}
