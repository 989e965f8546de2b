// Suspend and resume, as Nova's libvirt driver does them: the guest's memory goes to a managed-save image on the
// host and the domain stops (freeing its RAM); starting the domain again restores it.
import { onDomain, requireDomain, runTask, statesFor, type ActionContext, type ActionResult } from './context';
import { createDomain, statesAfterStart } from './power';

/** Suspend: from active to suspended (libvirt managed save). */
export function suspendInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'suspend', taskState: 'suspending', event: 'compute_suspend_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      await conn.domains.managedSave(dom);
      return { patch: statesFor((await conn.domains.getState(dom)).state, 'suspended') };
    }),
  );
}

/** Resume: from suspended to active (starting the domain restores its managed-save image). */
export function resumeInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'resume', taskState: 'resuming', event: 'compute_resume_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      await createDomain(conn, dom);
      return { patch: await statesAfterStart(conn, dom) };
    }),
  );
}
