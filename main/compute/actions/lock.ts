// Lock and unlock: a locked instance refuses every action but unlock, forget and another lock (Nova's lock).
import { InvalidInputError } from '../../inventory/errors';
import { controlCharacterProblem } from '../../text/control-chars';
import { runTask, type ActionContext, type ActionResult } from './context';

/** Longest lock reason (Nova's locked_reason column). */
export const MAX_LOCK_REASON = 255;

/** Lock, optionally saying why (shown to whoever is refused). */
export function lockInstance(ctx: ActionContext, ref: string, options: { readonly reason?: string } = {}): Promise<ActionResult> {
  const reason = options.reason?.trim() || null;
  if (reason !== null) {
    if (reason.length > MAX_LOCK_REASON) throw new InvalidInputError(`A lock reason has at most ${MAX_LOCK_REASON} characters`);
    const problem = controlCharacterProblem('Lock reason', reason);
    if (problem !== null) throw new InvalidInputError(problem);
  }
  return runTask(ctx, ref, { action: 'lock', taskState: null, event: 'api_lock', prepare: () => ({ locked: true, lockedReason: reason }) }, async () => ({}));
}

/** Unlock. */
export function unlockInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'unlock', taskState: null, event: 'api_unlock', prepare: () => ({ locked: false, lockedReason: null }) }, async () => ({}));
}
