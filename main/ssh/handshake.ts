import { connect as netConnect } from 'node:net';
import { Client } from 'ssh2';
import { AuthSequence, type SshAuthCallbacks, type WaitForUser } from './auth';
import { PromptDeclinedError, SshAuthError, SshConnectError } from './errors';
import { HostKeyVerifier, type AcceptUnknownHostKey } from './host-key-verifier';
import type { SshTarget } from './target';

/** Options for opening one SSH connection. */
export interface SshConnectOptions extends SshAuthCallbacks {
  /** Limit for TCP connect + handshake + authentication, not counting time spent in user prompts. Default 20 s (or ssh_config ConnectTimeout). */
  readonly connectTimeoutMs?: number;
  /** SSH-level keepalive period; a dead peer is detected after interval × countMax. Default 15 s (or ServerAliveInterval). */
  readonly keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the connection is declared dead. Default 3 (or ServerAliveCountMax). */
  readonly keepaliveCountMax?: number;
  readonly signal?: AbortSignal;
  /** Asked about an unknown host key; without it, unknown keys fail with UnknownHostKeyError. */
  readonly acceptUnknownHostKey?: AcceptUnknownHostKey;
}

type Phase = 'TCP connect' | 'SSH handshake' | 'host key check' | 'authentication';

const neverAsk: AcceptUnknownHostKey = () => Promise.reject(new PromptDeclinedError('ssh_config says StrictHostKeyChecking yes: not asked', false));

const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
const DEFAULT_KEEPALIVE_INTERVAL_MS = 15_000;
const DEFAULT_KEEPALIVE_COUNT_MAX = 3;

/** The verification callback OpenSSH-style host checks need from ssh2 (its typings omit the async form we use). */
type VerifyCallback = (permitted: boolean) => void;

/**
 * Opens an authenticated ssh2 Client: TCP connect, handshake with host-key verification, then the
 * AuthSequence. Every failure becomes one precise error (host key, auth, refused, timeout, abort).
 */
export async function openSshClient(target: SshTarget, options: SshConnectOptions = {}): Promise<Client> {
  const where = `${target.user}@${target.host}:${target.port}`;
  const timeoutMs = options.connectTimeoutMs ?? target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let phase: Phase = 'TCP connect';
  let fail: (err: Error) => void = () => undefined;
  const timer = new PausableTimer(timeoutMs, () =>
    fail(new SshConnectError(`SSH connection to ${where} timed out after ${timeoutMs} ms (during ${phase})`)),
  );
  const waitForUser: WaitForUser = async (ask) => {
    timer.pause();
    try {
      return await ask();
    } finally {
      timer.resume();
    }
  };
  // StrictHostKeyChecking yes: an unknown key is refused, never put to the user mid-connect (and the error says so).
  const accept: AcceptUnknownHostKey | undefined = target.askUnknownHostKey ? options.acceptUnknownHostKey : neverAsk;
  const verifier = new HostKeyVerifier(target.hostKeyPolicy, target.hostKeyHost, target.hostKeyPort, accept && ((info, context) => waitForUser(() => accept(info, context))));
  await verifier.load();
  // Bad files (a known_hosts or key path that is a device, FIFO, folder or huge) fail here, before any network.
  const auth = new AuthSequence(target, options, waitForUser);
  await auth.loadNamedKeys();
  if (options.signal?.aborted) throw new SshConnectError(`SSH connection to ${where} aborted`, { cause: options.signal.reason });

  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    // The precise reason (host key, auth) beats ssh2's generic "Host denied" / close that follows it.
    let reason: Error | null = null;
    const client = new Client();
    const socket = netConnect({ host: target.host, port: target.port });

    const onAbort = () => fail(new SshConnectError(`SSH connection to ${where} aborted (during ${phase})`, { cause: options.signal?.reason }));
    const cleanup = () => {
      timer.stop();
      options.signal?.removeEventListener('abort', onAbort);
    };
    fail = (err: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      client.destroy();
      socket.destroy();
      reject(err);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    timer.start();

    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (phase === 'TCP connect') fail(new SshConnectError(describeSocketError(err, target.host, target.port), { cause: err }));
    });
    socket.once('connect', () => {
      phase = 'SSH handshake';
      // RPC is small request/reply packets: Nagle's delay would slow every call (OpenSSH sets it too).
      socket.setNoDelay(true);
      client.connect({
        sock: socket,
        username: target.user,
        readyTimeout: 0, // our own timer covers this, paused while the user answers prompts
        keepaliveInterval: options.keepaliveIntervalMs ?? target.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS,
        keepaliveCountMax: options.keepaliveCountMax ?? target.keepaliveCountMax ?? DEFAULT_KEEPALIVE_COUNT_MAX,
        algorithms: { serverHostKey: { prepend: verifier.preferredAlgorithms(), append: [], remove: [] } },
        authHandler: auth.handler,
        hostVerifier: ((key: Buffer, verify: VerifyCallback) => {
          phase = 'host key check';
          verifier.verify(key).then(
            () => {
              phase = 'authentication';
              verify(true);
            },
            (err: Error) => {
              reason = err;
              verify(false);
            },
          );
        }) as (key: Buffer, verify: VerifyCallback) => void,
      });
    });

    client.on('error', (err: Error & { level?: string }) => {
      // Agent and signing trouble are per-method: ssh2 moves on to the next method by itself.
      if (err.level === 'agent' || (err.level === 'client-authentication' && !/All configured authentication/.test(err.message))) return;
      if (err.level === 'client-authentication') reason ??= new SshAuthError(target.user, target.host, target.port, auth.attempts, auth.serverMethods);
      fail(reason ?? new SshConnectError(`SSH connection to ${where} failed during ${phase}: ${err.message}`, { cause: err }));
    });
    client.on('close', () => fail(reason ?? new SshConnectError(`${where} closed the SSH connection during ${phase}`)));
    client.once('ready', () => {
      if (settled) {
        client.end();
        return;
      }
      settled = true;
      cleanup();
      resolve(client);
    });
  });
}

function describeSocketError(err: NodeJS.ErrnoException, host: string, port: number): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `Cannot connect to sshd at ${host}:${port}: connection refused (is sshd running and listening on that port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve host name "${host}" (${err.code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot reach ${host}:${port}: no route to host (${err.code})`;
    case 'ETIMEDOUT':
      return `Connecting to ${host}:${port} timed out at the TCP level`;
    default:
      return `Cannot connect to sshd at ${host}:${port}: ${err.message}`;
  }
}

/** A one-shot timeout that can be paused while a person answers a prompt, restarting in full afterwards. */
class PausableTimer {
  private handle: NodeJS.Timeout | null = null;
  private paused = 0;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly onTimeout: () => void,
  ) {}

  start(): void {
    if (this.stopped || this.paused > 0 || this.ms <= 0) return;
    this.clear();
    this.handle = setTimeout(this.onTimeout, this.ms);
  }

  pause(): void {
    this.paused++;
    this.clear();
  }

  resume(): void {
    if (--this.paused === 0) this.start();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private clear(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
  }
}
