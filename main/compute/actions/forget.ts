// Forget: stop tracking an instance without touching its host.
import { runTask, type ActionContext, type ActionResult } from './context';

/**
 * Remove the instance from the live inventory (it is marked deleted, so its history stays and it no longer counts
 * against quota or its host) and leave the host alone. A domain that still exists on a host that is synced is found
 * there again by the next sync and adopted as a new instance, in the unassigned project (under a new UUID, since the
 * forgotten row keeps the old one): forget is "stop tracking now", not "hide for ever".
 */
export function forgetInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'forget', taskState: null, event: 'api_forget' }, async (task) => {
    const { host, instance } = task;
    const domain = instance.libvirtDomainName ?? instance.libvirtDomainUuid;
    const message =
      host !== null && domain !== null
        ? `Instance ${task.name} is no longer tracked; its domain ${domain} was left on host ${host.name}. If it is still defined there, the next sync adopts it again as a new instance in the unassigned project.`
        : `Instance ${task.name} is no longer tracked.`;
    return { deleteRow: true, message };
  });
}
