import { XdrReader } from '../xdr';

/** Handler for MESSAGE packets (events). May return a promise: the next message waits for it. */
export type MessageHandler = (payload: XdrReader) => void | Promise<void>;

/** Options of one subscription. */
export interface SubscribeOptions {
  /** Ends the subscription when aborted. */
  readonly signal?: AbortSignal;
  /**
   * Most messages held for a handler that is behind (default 1024). When full, the oldest
   * message is dropped and `dropped` counts it: a stalled handler costs bounded memory and never
   * stalls the connection, and the newest state wins.
   */
  readonly queueLimit?: number;
}

/** Default per-subscription queue bound. */
export const DEFAULT_QUEUE_LIMIT = 1024;

/** Reports from subscriptions to the client's log. */
export interface SubscriptionReporter {
  handlerFailed(program: number, procedure: number, error: unknown): void;
  dropped(program: number, procedure: number, total: number): void;
}

/** How many queued messages a sync handler may process before yielding to the event loop. */
const BATCH = 64;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** One subscriber: a bounded FIFO drained asynchronously, off the socket reader. */
class Subscription {
  private queue: (Uint8Array | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  private running = false;
  /** True between the first drop of an overflow and the moment the queue empties again. */
  private overflowing = false;
  active = true;
  dropped = 0;

  constructor(
    readonly program: number,
    readonly procedure: number,
    private readonly handler: MessageHandler,
    private readonly limit: number,
    private readonly reporter: SubscriptionReporter,
  ) {}

  get length(): number {
    return this.queue.length - this.head;
  }

  enqueue(payload: Uint8Array): void {
    if (!this.active) return;
    if (this.length >= this.limit) {
      this.queue[this.head++] = undefined;
      this.dropped++;
      // Report once per overflow episode, not once per dropped message.
      if (!this.overflowing) this.reporter.dropped(this.program, this.procedure, this.dropped);
      this.overflowing = true;
    }
    this.queue.push(payload);
    this.schedule();
  }

  cancel(): void {
    this.active = false;
    this.queue = [];
    this.head = 0;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private shift(): Uint8Array | undefined {
    if (this.length === 0) {
      this.overflowing = false;
      return undefined;
    }
    const item = this.queue[this.head];
    this.queue[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let n = 0; this.active && n < BATCH; n++) {
        const payload = this.shift();
        if (payload === undefined) break;
        try {
          const result: unknown = this.handler(new XdrReader(payload));
          if (isThenable(result)) await result;
        } catch (error) {
          this.reporter.handlerFailed(this.program, this.procedure, error);
        }
      }
    } finally {
      this.running = false;
    }
    if (this.active && this.length > 0) this.schedule();
  }
}

/** All MESSAGE subscriptions of one connection, keyed by program and procedure. */
export class SubscriptionTable {
  private readonly byKey = new Map<string, Set<Subscription>>();

  constructor(private readonly reporter: SubscriptionReporter) {}

  /** Add a subscriber; returns the function that ends it (idempotent). */
  subscribe(program: number, procedure: number, handler: MessageHandler, options: SubscribeOptions = {}): () => void {
    const limit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`queueLimit must be a positive integer, got ${limit}`);
    const key = `${program >>> 0}:${procedure}`;
    const sub = new Subscription(program, procedure, handler, limit, this.reporter);
    const set = this.byKey.get(key) ?? new Set<Subscription>();
    set.add(sub);
    this.byKey.set(key, set);
    const signal = options.signal;
    const unsubscribe = (): void => {
      sub.cancel();
      set.delete(sub);
      if (set.size === 0 && this.byKey.get(key) === set) this.byKey.delete(key);
      signal?.removeEventListener('abort', unsubscribe);
    };
    if (signal?.aborted) unsubscribe();
    else signal?.addEventListener('abort', unsubscribe, { once: true });
    return unsubscribe;
  }

  /** Queue a message for every subscriber of its program/procedure; false if nobody listens. */
  deliver(program: number, procedure: number, payload: Uint8Array): boolean {
    const set = this.byKey.get(`${program >>> 0}:${procedure}`);
    if (set === undefined || set.size === 0) return false;
    for (const sub of set) sub.enqueue(payload);
    return true;
  }

  /** Number of live subscriptions (for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const set of this.byKey.values()) n += set.size;
    return n;
  }
}
