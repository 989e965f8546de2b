import { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import { RemoteCommandError, SshChannelError } from './errors';

/**
 * An ssh2 channel as a plain Node Duplex. ssh2's own channel cannot be destroyed *with an error*
 * (its `destroy()` takes none and it never emits 'close' on its own), so the connection could not
 * tell readers why their stream ended; this wrapper can, and it ends exactly once.
 */
export class ChannelStream extends Duplex {
  private channelClosed = false;

  constructor(protected readonly channel: ClientChannel) {
    super({ allowHalfOpen: true });
    channel.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) channel.pause();
    });
    channel.on('error', (err: Error) => this.destroy(err));
    // ssh2 emits 'close' after the data was consumed and, for exec, after the exit status arrived.
    channel.on('close', (code: number | null | undefined, signal?: string) => {
      this.channelClosed = true;
      if (!this.destroyed) this.onChannelClose(code ?? null, signal ?? null);
    });
    // Nothing more can be written once the peer closed: release the stream when the reader is done.
    this.once('end', () => {
      if (this.channelClosed) this.destroy();
    });
  }

  /** The channel is closed by the peer; default: end of data. */
  protected onChannelClose(_code: number | null, _signal: string | null): void {
    this.push(null);
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.channelClosed) return callback(new SshChannelError('write after the SSH channel was closed by the server'));
    this.channel.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    // Half-close: sends EOF, so `nc -q0` / virt-ssh-helper see the end of input and exit.
    if (!this.channelClosed) this.channel.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.channel.close();
    callback(error);
  }
}

/** How a remote command ended. */
export interface ExitInfo {
  /** Exit status, or null when it died by a signal, the server sent none, or the stream was destroyed first. */
  readonly code: number | null;
  readonly signal: string | null;
}

/** Keep the last 16 KiB of stderr: enough for any error message, bounded against a chatty command. */
const STDERR_LIMIT = 16 * 1024;

/**
 * The stdin/stdout of a remote command. It ends only once the exit status is known, and a failing
 * command becomes an error carrying its stderr (libvirt's helpers report "cannot connect to …" only
 * there), so the reader learns why rather than seeing a bare EOF.
 */
export class ExecStream extends ChannelStream {
  /** Resolves when the command has ended; never rejects. */
  readonly exit: Promise<ExitInfo>;
  private readonly stderrChunks: Buffer[] = [];
  private stderrBytes = 0;
  private resolveExit!: (info: ExitInfo) => void;

  constructor(
    channel: ClientChannel,
    /** The command as sent, for error messages. */
    readonly command: string,
    /** `user@host:port`, for error messages. */
    private readonly where: string,
  ) {
    super(channel);
    this.exit = new Promise((resolve) => (this.resolveExit = resolve));
    channel.stderr.on('data', (chunk: Buffer) => this.keepStderr(chunk));
    this.once('close', () => this.resolveExit({ code: null, signal: null }));
  }

  /** What the command wrote to stderr so far (the last 16 KiB). */
  stderrText(): string {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }

  private keepStderr(chunk: Buffer): void {
    this.stderrChunks.push(chunk);
    this.stderrBytes += chunk.length;
    while (this.stderrBytes > STDERR_LIMIT && this.stderrChunks.length > 1) this.stderrBytes -= this.stderrChunks.shift()!.length;
  }

  protected override onChannelClose(code: number | null, signal: string | null): void {
    this.resolveExit({ code, signal });
    if (code === 0) this.push(null);
    else this.destroy(new RemoteCommandError(this.command, code, signal, this.stderrText(), this.where));
  }
}
