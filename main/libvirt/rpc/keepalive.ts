/** Keepalive settings. */
export interface KeepaliveOptions {
  /** Send our own PING after this long without receiving anything (default 5000 ms). */
  readonly intervalMs?: number;
  /** Declare the peer dead after this long without receiving anything (default 30000 ms). */
  readonly timeoutMs?: number;
}

/** Defaults: libvirt's own (5 s interval, 5 missed pings ≈ 30 s). */
export const DEFAULT_KEEPALIVE = { intervalMs: 5_000, timeoutMs: 30_000 } as const;

/** What the monitor needs from the connection. */
export interface KeepaliveHost {
  sendPing(): void;
  /** Called once when nothing arrived for `timeoutMs`. */
  onDead(silentMs: number): void;
  /** True while we deliberately stopped reading (stream back-pressure): silence is then ours, not the peer's. */
  isReadingPaused(): boolean;
}

/**
 * Liveness monitor. Any received packet counts as life (`touch()`, cheap: it only stores a
 * time). One timer re-arms itself for the next deadline, so busy connections cost nothing.
 * PINGs from the peer are answered by the client directly, not here, so they go out at once.
 */
export class KeepaliveMonitor {
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private lastReceived = Date.now();
  private lastPingSent = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly host: KeepaliveHost,
    options: KeepaliveOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_KEEPALIVE.intervalMs;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KEEPALIVE.timeoutMs;
    if (!(this.intervalMs > 0) || !(this.timeoutMs > 0)) {
      throw new RangeError(`keepalive intervalMs and timeoutMs must be positive, got ${this.intervalMs} and ${this.timeoutMs}`);
    }
    this.arm(Math.min(this.intervalMs, this.timeoutMs));
  }

  /** Something arrived from the peer. */
  touch(): void {
    this.lastReceived = Date.now();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), Math.max(1, delayMs));
    // A keepalive timer alone must not keep a CLI process running.
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    const now = Date.now();
    if (this.host.isReadingPaused()) this.lastReceived = now;
    const silent = now - this.lastReceived;
    if (silent >= this.timeoutMs) {
      this.stop();
      this.host.onDead(silent);
      return;
    }
    if (silent >= this.intervalMs && now - this.lastPingSent >= this.intervalMs) {
      this.lastPingSent = now;
      this.host.sendPing();
    }
    const untilDead = this.lastReceived + this.timeoutMs - now;
    const untilPing = Math.max(this.lastReceived, this.lastPingSent) + this.intervalMs - now;
    this.arm(Math.min(untilDead, untilPing > 0 ? untilPing : this.intervalMs));
  }
}
