import type { Duplex } from 'node:stream';
import { CONSOLE_CLOSE, CONSOLE_WINDOW_BYTES } from '../../common/contract/console-wire';

/** What the proxy calls back on a viewer end. */
export interface ViewerEvents {
  /** Bytes from the viewer (keystrokes, pointer, VNC protocol). */
  data(chunk: Uint8Array): void;
  /** `queuedBytes` went down. */
  drain(): void;
  /** The viewer went away (or was closed): code and reason as on a WebSocket. */
  close(code: number, reason: string): void;
}

/**
 * The viewer's side of a console, whatever carries it (the web mode WebSocket, an Electron MessagePort). Data
 * towards the viewer is counted in `queuedBytes` until the transport has handed it over (socket flushed) or the
 * viewer acknowledged it (port), which is what the proxy's bound is measured on.
 */
export interface ViewerEnd {
  readonly queuedBytes: number;
  send(chunk: Uint8Array): void;
  /** Take no more input from the viewer until `resumeInput` (the console side is not keeping up). */
  pauseInput(): void;
  resumeInput(): void;
  close(code: number, reason: string): void;
  /** Install the proxy's callbacks (once), then start delivering. */
  attach(events: ViewerEvents): void;
}

/** Bytes moved and the back-pressure seen, for the action log and the tests. */
export interface ProxyStats {
  /** Bytes from the console to the viewer. */
  toViewer: number;
  /** Bytes from the viewer to the console. */
  fromViewer: number;
  /** Most bytes ever queued towards the viewer. */
  maxQueued: number;
  /** Times the console side was paused because the viewer was behind. */
  pauses: number;
}

/** How a proxied console ended. */
export interface ProxyClosed {
  readonly code: number;
  readonly reason: string;
  readonly stats: Readonly<ProxyStats>;
}

/** A running proxy. */
export interface ConsoleProxy {
  readonly stats: Readonly<ProxyStats>;
  /** Settles once both ends are closed. */
  readonly closed: Promise<ProxyClosed>;
  close(code: number, reason: string): void;
}

/** Options of {@link pipeConsole}. */
export interface ProxyOptions {
  /**
   * Most bytes queued towards the viewer before the console side is paused (default 1 MiB). The queue can pass it by
   * one chunk of the console side (≤ 64 KiB from a socket, ≤ 32 KiB from an SSH channel, ≤ 256 KiB from libvirt).
   */
  readonly maxQueuedBytes?: number;
  /** What the console is, for close reasons: "the console of web-1". */
  readonly label?: string;
}

/**
 * Pipe a console tunnel and a viewer both ways with back-pressure on each direction:
 * - console → viewer: when the viewer has `maxQueuedBytes` or more not yet taken, the tunnel is paused (a TCP socket
 *   then stops reading, an SSH channel stops granting window, libvirt's stream pauses its connection); it resumes
 *   once the queue is down to half.
 * - viewer → console: when the tunnel's write buffer is full, the viewer's input is paused until it drains.
 * Either side closing closes the other, with the reason.
 */
export function pipeConsole(tunnel: Duplex, viewer: ViewerEnd, options: ProxyOptions = {}): ConsoleProxy {
  const maxQueued = options.maxQueuedBytes ?? CONSOLE_WINDOW_BYTES;
  const lowWater = Math.floor(maxQueued / 2);
  const label = options.label ?? 'the console';
  const stats: ProxyStats = { toViewer: 0, fromViewer: 0, maxQueued: 0, pauses: 0 };
  let tunnelPaused = false;
  let inputPaused = false;
  let ended: ProxyClosed | null = null;
  let resolveClosed!: (closed: ProxyClosed) => void;
  const closed = new Promise<ProxyClosed>((resolve) => (resolveClosed = resolve));

  const finish = (code: number, reason: string, closeViewer: boolean): void => {
    if (ended !== null) return;
    ended = { code, reason, stats };
    tunnel.off('data', onTunnelData);
    if (!tunnel.destroyed) tunnel.destroy();
    if (closeViewer) viewer.close(code, reason);
    resolveClosed(ended);
  };

  const onTunnelData = (chunk: Buffer): void => {
    stats.toViewer += chunk.length;
    viewer.send(chunk);
    const queued = viewer.queuedBytes;
    if (queued > stats.maxQueued) stats.maxQueued = queued;
    if (queued >= maxQueued && !tunnelPaused) {
      tunnelPaused = true;
      stats.pauses += 1;
      tunnel.pause();
    }
  };

  const onTunnelDrain = (): void => {
    if (!inputPaused) return;
    inputPaused = false;
    viewer.resumeInput();
  };

  viewer.attach({
    data(chunk) {
      if (ended !== null) return;
      stats.fromViewer += chunk.length;
      if (!tunnel.write(chunk) && !inputPaused) {
        inputPaused = true;
        viewer.pauseInput();
      }
    },
    drain() {
      if (tunnelPaused && viewer.queuedBytes <= lowWater && ended === null) {
        tunnelPaused = false;
        tunnel.resume();
      }
    },
    close(code, reason) {
      finish(code, reason, false);
    },
  });

  tunnel.on('data', onTunnelData);
  tunnel.on('drain', onTunnelDrain);
  tunnel.once('error', (error: Error) => finish(CONSOLE_CLOSE.UNREACHABLE, `Connection to ${label} lost: ${error.message}`, true));
  const onEnd = (): void => finish(CONSOLE_CLOSE.NORMAL, `${capitalize(label)} ended (the guest display or console closed)`, true);
  tunnel.once('end', onEnd);
  tunnel.once('close', onEnd);

  return {
    stats,
    closed,
    close: (code, reason) => finish(code, reason, true),
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
