// Pause and unpause: the guest's vCPUs stop and go on; its memory stays in the host's RAM.
import { onDomain, requireDomain, runTask, statesFor, type ActionContext, type ActionResult } from './context';

/** Pause: from active to paused (libvirt suspend). */
export function pauseInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'pause', taskState: 'pausing', event: 'compute_pause_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      await conn.domains.suspend(dom);
      return { patch: statesFor((await conn.domains.getState(dom)).state, 'paused') };
    }),
  );
}

/** Unpause: from paused to active (libvirt resume). */
export function unpauseInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'unpause', taskState: 'unpausing', event: 'compute_unpause_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      await conn.domains.resume(dom);
      return { patch: statesFor((await conn.domains.getState(dom)).state, 'active') };
    }),
  );
}
