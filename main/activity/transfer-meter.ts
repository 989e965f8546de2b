import type { ByteProgress } from './activity';

/** Options of {@link TransferMeter}. */
export interface TransferMeterOptions {
  /** Bytes expected in all (null when unknown). */
  readonly total: number | null;
  /** Receives the progress, at most once per `intervalMs`, and always at {@link TransferMeter.finish}. */
  readonly report: (progress: ByteProgress) => void;
  /** Shortest time between two reports; default 250 ms (four a second, enough for a progress bar). */
  readonly intervalMs?: number;
  /** The rate is measured over this much recent time; default 3 s (smooths bursts, follows real changes). */
  readonly windowMs?: number;
  /** Monotonic milliseconds; tests pass a fake clock. */
  readonly clock?: () => number;
}

/**
 * Counts bytes of a transfer and reports progress with a rate and an ETA, throttled. The rate is bytes over the last
 * few seconds, not since the start, so a stall shows (and the ETA grows) instead of being averaged away.
 */
export class TransferMeter {
  private bytes = 0;
  private lastReport = Number.NEGATIVE_INFINITY;
  /** (time, bytes) samples inside the window, oldest first. */
  private readonly samples: [number, number][] = [];
  private readonly intervalMs: number;
  private readonly windowMs: number;
  private readonly clock: () => number;

  constructor(private readonly options: TransferMeterOptions) {
    this.intervalMs = options.intervalMs ?? 250;
    this.windowMs = options.windowMs ?? 3000;
    this.clock = options.clock ?? (() => performance.now());
    this.samples.push([this.clock(), 0]);
  }

  /** Bytes counted so far. */
  get transferred(): number {
    return this.bytes;
  }

  /** Count `n` more bytes; reports when the last report is at least the interval old. */
  add(n: number): void {
    this.bytes += n;
    const now = this.clock();
    if (now - this.lastReport >= this.intervalMs) this.emit(now);
  }

  /** The current progress without reporting it. */
  snapshot(): ByteProgress {
    return this.progressAt(this.clock());
  }

  /** Report the final figures (whatever the throttle says). */
  finish(): ByteProgress {
    const progress = this.progressAt(this.clock());
    this.options.report(progress);
    return progress;
  }

  private emit(now: number): void {
    this.lastReport = now;
    this.samples.push([now, this.bytes]);
    while (this.samples.length > 2 && now - (this.samples[1] as [number, number])[0] >= this.windowMs) this.samples.shift();
    this.options.report(this.progressAt(now));
  }

  private progressAt(now: number): ByteProgress {
    const [since, bytesThen] = this.samples[0] as [number, number];
    const seconds = (now - since) / 1000;
    const rate = seconds > 0 ? Math.max(0, (this.bytes - bytesThen) / seconds) : 0;
    const total = this.options.total;
    const left = total === null ? null : Math.max(0, total - this.bytes);
    const etaSeconds = left === null ? null : left === 0 ? 0 : rate > 0 ? left / rate : null;
    return { kind: 'bytes', bytes: this.bytes, total, rate, etaSeconds };
  }
}
