// Reboots, as Nova's libvirt driver does them: soft = shut down through ACPI, wait, start again (falling back to a
// hard reboot when the guest does not go down in time); hard = reset a running guest, or destroy and start fresh.
import { DomainState, isNoSupport, type DomainRef, type LibvirtConnection } from '../../libvirt';
import { onDomain, requireDomain, runTask, type ActionContext, type ActionResult } from './context';
import { createDomain, destroyDomain, gracefulShutdown, statesAfterStart, stopTimeoutSeconds } from './power';

/**
 * Power-cycle hard: reset a running guest (the reset button); anything else (paused, shut off, suspended, crashed)
 * is destroyed and started from scratch, dropping a managed-save image, so the guest boots fresh as Nova's hard
 * reboot does. A driver without reset (the test driver) gets destroy and start too.
 */
async function hardReboot(conn: LibvirtConnection, dom: DomainRef): Promise<void> {
  const { state } = await conn.domains.getState(dom);
  if (state === DomainState.RUNNING || state === DomainState.BLOCKED) {
    try {
      await conn.domains.reset(dom);
      return;
    } catch (error) {
      if (!isNoSupport(error)) throw error;
    }
  }
  await destroyDomain(conn, dom);
  if (await conn.domains.hasManagedSaveImage(dom)) await conn.domains.managedSaveRemove(dom);
  await createDomain(conn, dom);
}

/** Soft reboot: from active, back to active. */
export function rebootInstance(ctx: ActionContext, ref: string, options: { readonly timeoutSeconds?: number } = {}): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'reboot', taskState: 'rebooting', event: 'compute_reboot_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      const timeout = stopTimeoutSeconds(ctx, options.timeoutSeconds);
      const { off } = await gracefulShutdown(ctx, conn, dom, timeout);
      let message: string | null = null;
      if (off) await createDomain(conn, dom);
      else {
        message = `Instance ${task.name} did not shut down within ${timeout} s of the ACPI request: rebooted hard instead`;
        await hardReboot(conn, dom);
      }
      return { patch: await statesAfterStart(conn, dom), message };
    }),
  );
}

/** Hard reboot: from active, stopped, paused, suspended or error (and out of a stuck reboot/pause/suspend task), to active. */
export function hardRebootInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'reboot-hard', taskState: 'rebooting_hard', event: 'compute_reboot_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      await hardReboot(conn, dom);
      return { patch: await statesAfterStart(conn, dom) };
    }),
  );
}
