/**
 * The consumer side of one event registration: a bounded queue read as an async iterator (or a
 * callback), ended by `close()`, an AbortSignal, or the connection going away. Delivery never
 * blocks the socket reader: events are queued here and consumed at the subscriber's pace.
 */

/** A live event registration. */
export interface EventSubscription<E> extends AsyncIterable<E> {
  /** The daemon-assigned id (the first one on a connection is 0); null for legacy registrations. */
  readonly callbackID: number | null;
  /** True when registered with the legacy (pre-callback) procedures. */
  readonly legacy: boolean;
  /** The next event; `done` once the subscription ended; rejects if it failed. */
  next(): Promise<IteratorResult<E, undefined>>;
  /**
   * Consume events until one matches; events before it are discarded. Rejects on timeout, abort,
   * failure, or when the subscription ends first.
   */
  waitFor(predicate: (event: E) => boolean, options?: WaitOptions): Promise<E>;
  /** Stop receiving and deregister with the daemon. Idempotent. */
  close(): Promise<void>;
  /** Settles when the subscription ended: with the error that ended it, or null after `close()`. */
  readonly ended: Promise<Error | null>;
}

/** Bounds for `waitFor`. */
export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Default queue bound: a consumer this far behind is broken, and failing loudly beats unbounded memory. */
export const DEFAULT_MAX_QUEUED_EVENTS = 10_000;

interface Waiter<E> {
  resolve(result: IteratorResult<E, undefined>): void;
  reject(error: Error): void;
}

/** Implementation used by the event router; consumers see it as `EventSubscription`. */
export class QueuedSubscription<E> implements EventSubscription<E> {
  callbackID: number | null = null;
  legacy = false;
  readonly ended: Promise<Error | null>;

  private readonly queue: E[] = [];
  private readonly waiters = new Set<Waiter<E>>();
  private failure: Error | null = null;
  private isEnded = false;
  private endedResolve!: (error: Error | null) => void;
  private deregister: (() => Promise<void>) | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly onEvent: ((event: E) => void) | undefined,
    private readonly maxQueued: number = DEFAULT_MAX_QUEUED_EVENTS,
  ) {
    this.ended = new Promise((resolve) => (this.endedResolve = resolve));
  }

  /** Whether events are still accepted. */
  get open(): boolean {
    return !this.isEnded;
  }

  /** Set by the router once registered: how to deregister on close. */
  attach(callbackID: number | null, legacy: boolean, deregister: () => Promise<void>): void {
    this.callbackID = callbackID;
    this.legacy = legacy;
    this.deregister = deregister;
  }

  /** Hand over one event (called from the router, never blocking). */
  deliver(event: E): void {
    if (this.isEnded) return;
    if (this.onEvent) {
      try {
        this.onEvent(event);
      } catch (err) {
        this.failAndClose(err instanceof Error ? err : new Error(String(err)));
      }
      return;
    }
    const waiter = this.firstWaiter();
    if (waiter) {
      waiter.resolve({ value: event, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      this.failAndClose(new Error(`event subscription overflow: ${this.maxQueued} events queued and not consumed`));
      return;
    }
    this.queue.push(event);
  }

  /** End with an error (malformed payload, connection lost, overflow). Queued events are still readable. */
  fail(error: Error): void {
    this.end(error);
  }

  /** End with an error and deregister in the background (the error is already reported). */
  private failAndClose(error: Error): void {
    this.end(error);
    void this.deregisterOnce().catch(() => undefined);
  }

  private end(error: Error | null): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.failure = error;
    for (const waiter of this.waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve({ value: undefined, done: true });
    }
    this.waiters.clear();
    this.endedResolve(error);
  }

  private firstWaiter(): Waiter<E> | undefined {
    for (const waiter of this.waiters) {
      this.waiters.delete(waiter);
      return waiter;
    }
    return undefined;
  }

  next(): Promise<IteratorResult<E, undefined>> {
    return this.take(undefined, undefined);
  }

  /** `next()` that gives up on abort or deadline without losing a later event. */
  private take(signal: AbortSignal | undefined, deadline: number | undefined): Promise<IteratorResult<E, undefined>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift() as E, done: false });
    if (this.isEnded) {
      return this.failure ? Promise.reject(this.failure) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter<E> = {
        resolve: (result) => {
          cleanup();
          resolve(result);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      };
      const onAbort = () => waiter.reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted while waiting for an event'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (deadline !== undefined) {
        timer = setTimeout(() => waiter.reject(new Error('timed out waiting for an event')), Math.max(0, deadline - Date.now()));
      }
      this.waiters.add(waiter);
    });
  }

  async waitFor(predicate: (event: E) => boolean, options?: WaitOptions): Promise<E> {
    const timeoutMs = options?.timeoutMs;
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    for (;;) {
      let result: IteratorResult<E, undefined>;
      try {
        result = await this.take(options?.signal, deadline);
      } catch (err) {
        if (err instanceof Error && err.message === 'timed out waiting for an event') {
          throw new Error(`timed out after ${timeoutMs} ms waiting for a matching event`, { cause: err });
        }
        throw err;
      }
      if (result.done) throw new Error('event subscription ended before a matching event arrived');
      if (predicate(result.value)) return result.value;
    }
  }

  close(): Promise<void> {
    this.queue.length = 0;
    this.end(null);
    return this.deregisterOnce();
  }

  private deregisterOnce(): Promise<void> {
    if (!this.closing) {
      const deregister = this.deregister;
      this.deregister = null;
      this.closing = deregister ? deregister() : Promise.resolve();
    }
    return this.closing;
  }

  [Symbol.asyncIterator](): AsyncIterator<E, undefined> {
    return {
      next: () => this.next(),
      // Leaving a for-await loop ends the subscription; a failed deregistration is not actionable there.
      return: async () => {
        await this.close().catch(() => undefined);
        return { value: undefined, done: true };
      },
    };
  }
}
