import { randomUUID } from 'node:crypto';
import type { Activity, ActivityKind, ActivityProgress, ActivityRefs } from './activity';

/** How an activity's owner reports on it. Calls after it finished are ignored. */
export interface ActivityHandle {
  readonly id: string;
  progress(progress: ActivityProgress, message?: string): void;
  message(message: string): void;
  succeed(message?: string): void;
  fail(error: unknown): void;
}

/** Called with each activity that changed (started, progressed, finished) and the ids dropped from history. */
export type ActivityListener = (change: { readonly changed: readonly Activity[]; readonly removed: readonly string[] }) => void;

/** Options of {@link ActivityRegistry}. */
export interface ActivityRegistryOptions {
  /** Finished activities kept for display (oldest dropped first). Default 50. */
  readonly historyLimit?: number;
  readonly now?: () => Date;
  /** Where a throwing listener is reported (default: ignored — a listener must not break the work it watches). */
  readonly log?: (message: string) => void;
}

/** What starting an activity takes. */
export interface StartActivity {
  readonly kind: ActivityKind;
  readonly title: string;
  readonly refs?: ActivityRefs;
  readonly message?: string;
}

/**
 * Running and recent activities, in memory. Running ones are kept until they finish; finished ones are kept up to
 * `historyLimit`. Listeners hear every change synchronously; producers throttle their own progress (uploads report
 * at most about four times a second).
 */
export class ActivityRegistry {
  private readonly items = new Map<string, Activity>();
  /** Finished ids, oldest first. */
  private readonly finished: string[] = [];
  private readonly listeners = new Set<ActivityListener>();
  private readonly historyLimit: number;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;

  constructor(options: ActivityRegistryOptions = {}) {
    this.historyLimit = Math.max(0, options.historyLimit ?? 50);
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? (() => undefined);
  }

  /** Every activity: running ones first, then the finished ones, newest first. */
  list(): Activity[] {
    const all = [...this.items.values()];
    const running = all.filter((a) => a.state === 'running').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const done = all.filter((a) => a.state !== 'running').sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''));
    return [...running, ...done];
  }

  get(id: string): Activity | undefined {
    return this.items.get(id);
  }

  /** Listen to changes; returns the unsubscribe function. */
  onChange(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Start an activity and get the handle to report on it. */
  start(input: StartActivity): ActivityHandle {
    const id = randomUUID();
    this.put({
      id,
      kind: input.kind,
      title: input.title,
      refs: { ...input.refs },
      state: 'running',
      progress: null,
      message: input.message ?? null,
      startedAt: this.now().toISOString(),
      finishedAt: null,
    });
    const update = (patch: Partial<Activity>): void => {
      const current = this.items.get(id);
      if (current === undefined || current.state !== 'running') return;
      this.put({ ...current, ...patch });
    };
    return {
      id,
      progress: (progress, message) => update(message === undefined ? { progress } : { progress, message }),
      message: (message) => update({ message }),
      succeed: (message) => this.finish(id, 'succeeded', message),
      fail: (error) => this.finish(id, 'failed', error instanceof Error ? error.message : String(error)),
    };
  }

  private finish(id: string, state: 'succeeded' | 'failed', message: string | undefined): void {
    const current = this.items.get(id);
    if (current === undefined || current.state !== 'running') return;
    this.finished.push(id);
    const removed = this.finished.splice(0, Math.max(0, this.finished.length - this.historyLimit));
    for (const old of removed) this.items.delete(old);
    this.put({ ...current, state, message: message ?? current.message, finishedAt: this.now().toISOString() }, removed);
  }

  private put(activity: Activity, removed: readonly string[] = []): void {
    // With no history kept, a finished activity is announced once and forgotten.
    if (activity.state === 'running' || this.finished.includes(activity.id)) this.items.set(activity.id, activity);
    for (const listener of this.listeners) {
      try {
        listener({ changed: [activity], removed });
      } catch (error) {
        this.log(`activity listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
