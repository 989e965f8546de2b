import { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import { RemoteCommandError, RemoteHelperNotStartedError, SshChannelError } from './errors';

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
    // Once the server closed the channel, ssh2 ends its writable side at once but reports the close
    // only after the last data was read: a write in between would fail with ssh2's bare "write after
    // end". Wait for the close instead, by when the stream knows why (an exec stream: the exit status).
    if (this.channelClosed || !this.channel.writable) return this.failAfterClose(callback);
    this.channel.write(chunk, (err?: Error | null) => (err ? this.failAfterClose(callback) : callback()));
  }

  private failAfterClose(callback: (error?: Error | null) => void): void {
    const fail = () => callback(new SshChannelError('write after the SSH channel was closed by the server'));
    if (this.channelClosed) fail();
    else this.channel.once('close', fail);
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
  private sawOutput = false;
  private resolveExit!: (info: ExitInfo) => void;

  constructor(
    channel: ClientChannel,
    /** The command as sent, for error messages. */
    readonly command: string,
    /** `user@host:port`, for error messages. */
    private readonly where: string,
    /**
     * Set for a long-running helper that must answer on stdout (libvirt's virt-ssh-helper or nc), e.g.
     * "The remote libvirt helper": ending silently before its first byte, while we were still
     * talking, then means it could not be started, whatever the exit status.
     */
    private readonly helper: string | null = null,
  ) {
    super(channel);
    this.exit = new Promise((resolve) => (this.resolveExit = resolve));
    channel.on('data', () => (this.sawOutput = true));
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
    // After our own EOF a silent exit is the normal end; before it, the helper never got going.
    const silent = !this.sawOutput && !this.writableEnded && this.stderrText().trim() === '';
    if (this.helper !== null && silent) this.destroy(new RemoteHelperNotStartedError(this.helper, this.command, code, signal, this.where));
    else if (code === 0) this.push(null);
    else this.destroy(new RemoteCommandError(this.command, code, signal, this.stderrText(), this.where));
  }
}
