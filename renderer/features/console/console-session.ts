import { backoffDelay } from '../../../common/backoff';
import type { OpenedConsole } from '../../../common/contract/console-schemas';
import { CONSOLE_CLOSE, type ConsoleKind } from '../../../common/contract/console-wire';
import type { Backend } from '../../shared/backend/backend';
import { BackendError } from '../../shared/backend/backend';
import type { ConsoleState, ConsoleTab, ConsoleTimings } from './console-store';
import { ConsoleConnectError, type ConsoleClosed, type OpenConsoleChannel } from '../../shared/backend/console/console-socket';

/** What a view (VNC or serial) tells the session about the console it shows. */
export interface ViewEvents {
  /** The remote end is talking (VNC: handshake done). */
  connected(): void;
  /** Something is on screen. */
  firstFrame(): void;
  /** A failure retrying cannot fix (wrong VNC password): shown as failed. */
  fail(reason: string): void;
}

/** A view the session attaches channels to. */
export interface ConsoleView {
  attach(channel: OpenConsoleChannel, opened: OpenedConsole, events: ViewEvents): void;
  /** Let go of the channel (it is closed by the session). */
  detach(): void;
}

/** What a session needs from the app. */
export interface SessionDeps {
  readonly backend: () => Backend;
  readonly update: (patch: Partial<Pick<ConsoleTab, 'state' | 'reason' | 'attempt' | 'via' | 'description' | 'timings'>>) => void;
  /** The instance's status as `nova list` shows it (ACTIVE, SHUTOFF, …), or null when not known. */
  readonly instanceStatus: () => string | null;
  /** Call `listener` when the instance's status may have changed; returns the unsubscribe function. */
  readonly onInstanceChange: (listener: () => void) => () => void;
  readonly now?: () => number;
}

/** Reconnect delays: quick at first (a reboot), capped at 10 s. */
const RETRY = { initialMs: 500, maxMs: 10_000 } as const;
/** Refused tokens are retried this many times in a row (one could expire while a slow tunnel opened). */
const TOKEN_RETRIES = 2;

/** Statuses in which the console is expected to be there. */
const RUNNING = new Set(['ACTIVE', 'PAUSED', 'REBOOT', 'HARD_REBOOT', 'MIGRATING']);

/** Why a step failed, and whether trying again may help. */
interface Failure {
  readonly reason: string;
  readonly retry: 'now' | 'later' | 'never';
}

/**
 * Opens one console tab and keeps it open: asks main for a token (`console.open`), opens the transport, hands it to
 * the view, and when it drops reconnects — with backoff while the instance runs, or as soon as it runs again after a
 * shutdown or reboot. Failures that retrying cannot fix (no VNC display, wrong password) stop with their reason.
 */
export class ConsoleSession {
  private channel: OpenConsoleChannel | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unwatch: (() => void) | null = null;
  private disposed = false;
  private attempt = 0;
  private tokenRetries = 0;
  private state: ConsoleState = 'connecting';
  private timings: ConsoleTimings = {};
  private readonly now: () => number;

  constructor(
    private readonly instance: { readonly uuid: string; readonly name: string },
    private readonly kind: ConsoleKind,
    private readonly view: ConsoleView,
    private readonly deps: SessionDeps,
    private requestedAt: number,
  ) {
    this.now = deps.now ?? (() => performance.now());
  }

  /** Connect now. */
  start(): void {
    this.mark('viewer');
    void this.connect();
  }

  /** Close the console for good (tab closed). */
  dispose(): void {
    this.disposed = true;
    this.clearWait();
    this.view.detach();
    this.channel?.socket.close(CONSOLE_CLOSE.NORMAL, 'The viewer closed the console');
    this.channel = null;
  }

  private async connect(): Promise<void> {
    if (this.disposed) return;
    this.clearWait();
    this.set('connecting', this.attempt === 0 ? `Asking Virt Deck for the ${this.kind === 'vnc' ? 'display' : 'serial console'} of ${this.instance.name}…` : `Reconnecting (attempt ${this.attempt})…`);
    let opened: OpenedConsole;
    try {
      opened = await this.deps.backend().call('console.open', { ref: this.instance.uuid, kind: this.kind });
    } catch (error) {
      this.failed(classifyOpenError(error));
      return;
    }
    if (this.disposed) return;
    this.mark('token');
    this.deps.update({ via: opened.via, description: opened.description });
    this.set('connecting', `Connecting to ${opened.description}${opened.via === 'ssh' ? ' over SSH' : ''}…`);
    let channel: OpenConsoleChannel;
    try {
      channel = await this.deps.backend().openConsole({ token: opened.token, instance: this.instance.uuid });
    } catch (error) {
      this.failed(classifyChannelError(error, this.tokenRetries++ < TOKEN_RETRIES));
      return;
    }
    if (this.disposed) {
      channel.socket.close(CONSOLE_CLOSE.NORMAL, 'The viewer closed the console');
      return;
    }
    this.mark('channel');
    this.tokenRetries = 0;
    this.channel = channel;
    void channel.closed.then((closed) => this.channelClosed(channel, closed));
    this.view.attach(channel, opened, {
      connected: () => {
        if (this.channel !== channel) return;
        this.attempt = 0;
        this.mark('connected');
        this.set('connected', null);
      },
      firstFrame: () => {
        if (this.channel === channel) this.mark('firstFrame');
      },
      fail: (reason) => {
        if (this.channel !== channel) return;
        this.channel = null;
        this.view.detach();
        channel.socket.close(CONSOLE_CLOSE.NORMAL, reason);
        this.failed({ reason, retry: 'never' });
      },
    });
  }

  private channelClosed(channel: OpenConsoleChannel, closed: ConsoleClosed): void {
    if (this.channel !== channel || this.disposed) return;
    this.channel = null;
    this.view.detach();
    const final = closed.code === CONSOLE_CLOSE.BAD_SECRET || closed.code === CONSOLE_CLOSE.BAD_ORIGIN || closed.code === CONSOLE_CLOSE.POLICY_VIOLATION;
    this.failed({ reason: closed.reason || `The console closed (code ${closed.code})`, retry: final ? 'never' : 'later' });
  }

  private failed(failure: Failure): void {
    if (this.disposed) return;
    if (failure.retry === 'never') {
      this.set('failed', failure.reason);
      return;
    }
    if (failure.retry === 'now') {
      this.requestedAt = this.now();
      this.timings = {};
      void this.connect();
      return;
    }
    this.attempt += 1;
    this.waitToRetry(failure.reason);
  }

  /** Retry with backoff while the instance runs; otherwise as soon as it runs again. */
  private waitToRetry(reason: string): void {
    this.clearWait();
    const status = this.deps.instanceStatus();
    const retry = (): void => {
      this.requestedAt = this.now();
      this.timings = {};
      void this.connect();
    };
    if (status !== null && !RUNNING.has(status)) {
      this.set('disconnected', `${reason} — ${this.instance.name} is ${status}; reconnects when it runs again`);
      this.unwatch = this.deps.onInstanceChange(() => {
        const now = this.deps.instanceStatus();
        if (now === null || RUNNING.has(now)) retry();
      });
      return;
    }
    const delay = Math.round(backoffDelay(this.attempt - 1, RETRY));
    this.set('disconnected', `${reason} — reconnecting in ${Math.max(1, Math.round(delay / 1000))} s`);
    this.timer = setTimeout(retry, delay);
    // A status change (it stopped: wait for it; it came back: go now) also ends the wait.
    this.unwatch = this.deps.onInstanceChange(() => {
      const now = this.deps.instanceStatus();
      if (now !== null && RUNNING.has(now) && now !== status) retry();
      else if (now !== null && !RUNNING.has(now)) this.waitToRetry(reason);
    });
  }

  private clearWait(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.unwatch?.();
    this.unwatch = null;
  }

  private mark(step: keyof ConsoleTimings): void {
    this.timings = { ...this.timings, [step]: Math.round(this.now() - this.requestedAt) };
    this.deps.update({ timings: this.timings });
  }

  private set(state: ConsoleState, reason: string | null): void {
    this.state = state;
    this.deps.update({ state, reason, attempt: this.attempt });
  }

  /** The session's state (tests). */
  get current(): ConsoleState {
    return this.state;
  }
}

/** What a failed `console.open` means for retrying. */
function classifyOpenError(error: unknown): Failure {
  if (!(error instanceof BackendError)) return { reason: error instanceof Error ? error.message : String(error), retry: 'never' };
  // Not running, no port yet, host down, web mode reconnecting: it may come back.
  if (error.code === 'conflict' || error.code === 'disconnected' || (error.code === 'unavailable' && error.message.startsWith('Host '))) return { reason: error.message, retry: 'later' };
  return { reason: error.message, retry: 'never' };
}

/** What a failed transport open means for retrying. */
function classifyChannelError(error: unknown, mayRetryToken: boolean): Failure {
  if (!(error instanceof ConsoleConnectError)) return { reason: error instanceof Error ? error.message : String(error), retry: 'never' };
  if (error.code === CONSOLE_CLOSE.TOKEN_REFUSED) return { reason: error.message, retry: mayRetryToken ? 'now' : 'never' };
  if (error.code === CONSOLE_CLOSE.BAD_SECRET || error.code === CONSOLE_CLOSE.BAD_ORIGIN || error.code === CONSOLE_CLOSE.POLICY_VIOLATION) return { reason: error.message, retry: 'never' };
  return { reason: error.message, retry: 'later' };
}
