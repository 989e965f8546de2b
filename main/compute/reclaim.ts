// The reclaimer: soft-deleted instances whose restore window is over are deleted for good (Nova's
// `_reclaim_queued_deletes`). The app runs it every minute; `virt-deck sync` runs it once.
import { InstanceConflictError } from './errors';
import { reclaimInstance, type ActionContext } from './actions';
import { failureText } from './actions/context';

/** How often the app looks for instances due (Nova's default reclaim period). */
export const RECLAIM_INTERVAL_MS = 60_000;

/** What happened to one instance due for reclaim. */
export type ReclaimOutcome =
  | { readonly uuid: string; readonly ok: true }
  /** Someone got there first (a restore, a delete): nothing to do. */
  | { readonly uuid: string; readonly ok: false; readonly skipped: true; readonly reason: string }
  | { readonly uuid: string; readonly ok: false; readonly skipped: false; readonly error: string };

/**
 * Hard-delete every soft-deleted instance whose `reclaim_at` is at or before now, one after the other. An instance
 * whose host cannot be reached stays soft-deleted and is tried again next time.
 */
export async function reclaimDue(ctx: ActionContext): Promise<ReclaimOutcome[]> {
  const now = ctx.now().toISOString();
  const due = ctx.store.read((repos) => repos.instances.reclaimDue(now));
  const outcomes: ReclaimOutcome[] = [];
  for (const uuid of due) {
    try {
      await reclaimInstance(ctx, uuid, now);
      outcomes.push({ uuid, ok: true });
    } catch (error) {
      if (error instanceof InstanceConflictError) outcomes.push({ uuid, ok: false, skipped: true, reason: error.message });
      else outcomes.push({ uuid, ok: false, skipped: false, error: failureText(error) });
    }
  }
  return outcomes;
}

/** A running reclaimer. */
export interface Reclaimer {
  /** Stop the timer and wait for a pass in progress. */
  stop(): Promise<void>;
}

/** Run {@link reclaimDue} every `intervalMs` (never two passes at once); failures are logged, not thrown. */
export function startReclaimer(ctx: ActionContext, options: { readonly intervalMs?: number; readonly log: (message: string) => void }): Reclaimer {
  let running: Promise<void> | null = null;
  const pass = () => {
    if (running !== null) return;
    running = reclaimDue(ctx)
      .then((outcomes) => {
        for (const o of outcomes) if (!o.ok && !o.skipped) options.log(`virt-deck: reclaiming instance ${o.uuid} failed (tried again later): ${o.error}`);
      })
      .catch((error: unknown) => options.log(`virt-deck: the reclaimer failed: ${failureText(error)}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(pass, options.intervalMs ?? RECLAIM_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
