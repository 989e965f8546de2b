import { EventEmitter } from 'node:events';
import type { Client, ClientChannel } from 'ssh2';
import { SshChannelError, SshConnectionLostError } from './errors';
import { ChannelStream, ExecStream } from './channel-stream';
import { openSshClient, type SshConnectOptions } from './handshake';
import type { SshTarget } from './target';

/** Options of `exec`. */
export interface ExecOptions extends ChannelOptions {
  /**
   * Names a long-running helper that must answer on stdout (e.g. "The remote libvirt helper"): if it
   * ends before its first byte without an error message, the stream fails saying it could not be
   * started, with its exit status (see ExecStream).
   */
  readonly helper?: string;
}

/** Events of an SshConnection. */
export interface SshConnectionEvents {
  /** The connection is gone; `cause` is null after a local `close()`. Every open channel has been failed with it. */
  close: [cause: Error | null];
}

/** Per-channel options. */
export interface ChannelOptions {
  /** Abandon the request; a channel that opens after the abort is closed at once. */
  readonly signal?: AbortSignal;
}

/**
 * ONE authenticated SSH connection to a host, carrying any number of channels at once: the libvirt
 * RPC exec channel, console tunnels (`forwardOut`, `forwardOutStreamLocal`), later uploads. When the
 * connection dies, every open channel is destroyed with an SshConnectionLostError naming the cause,
 * rather than ending quietly as ssh2 would leave them.
 */
export class SshConnection extends EventEmitter<SshConnectionEvents> {
  private readonly channels = new Set<ChannelStream>();
  private lastError: Error | null = null;
  private closedLocally = false;
  private cause: Error | null = null;
  private isClosed = false;

  private constructor(
    private readonly client: Client,
    /** Where this connection goes, as resolved. */
    readonly target: SshTarget,
  ) {
    super();
    client.on('error', (err: Error) => (this.lastError = err));
    client.on('close', () => this.onClientClose());
  }

  /** Connects, verifies the host key and authenticates (see `openSshClient`). */
  static async connect(target: SshTarget, options: SshConnectOptions = {}): Promise<SshConnection> {
    return new SshConnection(await openSshClient(target, options), target);
  }

  /** `user@host:port`. */
  get label(): string {
    return `${this.target.user}@${this.target.host}:${this.target.port}`;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Why the connection closed (null while open or after a local close). */
  get closeCause(): Error | null {
    return this.cause;
  }

  /** Channels currently open on this connection. */
  get channelCount(): number {
    return this.channels.size;
  }

  /**
   * Runs `command` through the remote user's shell, without a PTY (a PTY would mangle binary RPC
   * bytes). The stream fails with a RemoteCommandError carrying stderr if the command exits non-zero.
   */
  async exec(command: string, options: ExecOptions = {}): Promise<ExecStream> {
    const channel = await this.open(`exec ${command}`, options, (cb) => this.client.exec(command, cb));
    return this.track(new ExecStream(channel, command, this.label, options.helper ?? null));
  }

  /** A TCP connection made by sshd to `host:port` as seen from the server (e.g. a VNC port on its loopback). */
  async forwardOut(host: string, port: number, options: ChannelOptions = {}): Promise<ChannelStream> {
    const channel = await this.open(`forward to ${host}:${port}`, options, (cb) => this.client.forwardOut('127.0.0.1', 0, host, port, cb));
    return this.track(new ChannelStream(channel));
  }

  /** A connection made by sshd to a unix socket on the server (`direct-streamlocal@openssh.com`). */
  async forwardOutStreamLocal(socketPath: string, options: ChannelOptions = {}): Promise<ChannelStream> {
    const channel = await this.open(`forward to unix socket ${socketPath}`, options, (cb) => this.client.openssh_forwardOutStreamLocal(socketPath, cb));
    return this.track(new ChannelStream(channel));
  }

  /** Closes the connection and every channel on it; resolves once the socket is gone. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.closedLocally = true;
    const gone = new Promise<void>((resolve) => this.once('close', () => resolve()));
    this.client.end();
    // A peer that never answers our disconnect must not keep us waiting.
    const force = setTimeout(() => this.client.destroy(), 2000);
    await gone;
    clearTimeout(force);
  }

  private open(what: string, options: ChannelOptions, request: (cb: (err: Error | undefined, ch: ClientChannel) => void) => void): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      if (this.isClosed) return reject(this.lostError(`cannot open ${what}`));
      const signal = options.signal;
      if (signal?.aborted) return reject(new SshChannelError(`${what} on ${this.label} aborted`, { cause: signal.reason }));
      let abandoned = false;
      const onAbort = () => {
        abandoned = true;
        reject(new SshChannelError(`${what} on ${this.label} aborted`, { cause: signal?.reason }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        request((err, channel) => {
          signal?.removeEventListener('abort', onAbort);
          if (abandoned) {
            channel?.close();
            return;
          }
          if (err) {
            reject(this.isClosed ? this.lostError(`cannot open ${what}`) : new SshChannelError(`${this.label} refused ${what}: ${err.message}`, { cause: err }));
          } else resolve(channel);
        });
      } catch (err) {
        // ssh2 throws "Not connected" synchronously when the socket already went away.
        signal?.removeEventListener('abort', onAbort);
        reject(this.lostError(`cannot open ${what}`, err));
      }
    });
  }

  private track<T extends ChannelStream>(stream: T): T {
    const forget = () => this.channels.delete(stream);
    stream.once('close', forget);
    // An 'error' nobody listens to (yet: the caller is still awaiting) would crash the process.
    stream.on('error', forget);
    if (this.isClosed) stream.destroy(this.lostError('channel opened as the connection closed'));
    else this.channels.add(stream);
    return stream;
  }

  private onClientClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.cause = this.closedLocally ? null : this.lostError('connection lost', this.lastError);
    const err = this.cause ?? new SshConnectionLostError(`SSH connection to ${this.label} was closed`);
    for (const stream of this.channels) stream.destroy(err);
    this.channels.clear();
    this.emit('close', this.cause);
  }

  private lostError(what: string, cause: unknown = this.lastError): SshConnectionLostError {
    const why = cause instanceof Error ? `: ${cause.message}` : this.closedLocally ? ': closed locally' : ': the server closed it';
    return new SshConnectionLostError(`SSH connection to ${this.label} ${what}${why}`, { cause });
  }
}
