import type { DomainRef, EventSubscription, DomainLifecycleEvent, LibvirtConnection } from '../../libvirt';
import type { ActionContext } from './context';

/** How often the domain's state is read while waiting, besides every lifecycle event (a safety net for lost events). */
const POLL_MS = 1_000;

/**
 * Wait until the domain's state satisfies `reached` or `timeoutMs` pass; resolves with the last state read and
 * whether it was reached. Lifecycle events of the domain wake the wait at once (a guest's shutdown shows within
 * milliseconds); the state is also read every second in case an event is lost.
 */
export async function waitForDomainState(
  ctx: ActionContext,
  conn: LibvirtConnection,
  dom: DomainRef,
  reached: (state: number) => boolean,
  timeoutMs: number,
): Promise<{ readonly reached: boolean; readonly state: number }> {
  const deadline = ctx.now().getTime() + timeoutMs;
  let wake = new AbortController();
  let subscription: EventSubscription<DomainLifecycleEvent> | null = null;
  try {
    subscription = await conn.events.domainLifecycle({ dom, onEvent: () => wake.abort() });
  } catch {
    // No events on this connection (an old daemon, a driver without them): polling alone still gets there.
  }
  try {
    for (;;) {
      const { state } = await conn.domains.getState(dom);
      if (reached(state)) return { reached: true, state };
      const left = deadline - ctx.now().getTime();
      if (left <= 0) return { reached: false, state };
      if (wake.signal.aborted) {
        // An event came in while the state was being read: read it again at once.
        wake = new AbortController();
        continue;
      }
      await ctx.sleep(Math.min(POLL_MS, left), wake.signal);
    }
  } finally {
    await subscription?.close().catch(() => undefined);
  }
}
