// One entry point for every action: the request shape of the contract, dispatched to the action's function.
import type { InstanceActionRequest } from '../../../common/contract/compute-schemas';
import type { ActionContext, ActionResult } from './context';
import { deleteInstance, forceDeleteInstance, restoreInstance } from './delete';
import { forgetInstance } from './forget';
import { lockInstance, unlockInstance } from './lock';
import { pauseInstance, unpauseInstance } from './pause';
import { forceStopInstance, startInstance, stopInstance } from './power';
import { hardRebootInstance, rebootInstance } from './reboot';
import { renameInstance } from './rename';
import { confirmResize, resizeInstance, revertResize } from './resize';
import { createSnapshot, deleteSnapshot, revertSnapshot } from './snapshot';
import { resumeInstance, suspendInstance } from './suspend';

export type { ActionContext, ActionResult, SnapshotInfo } from './context';
export { realSleep } from './context';
export { listSnapshots } from './snapshot';
export { liveDomainXml } from './domain-xml';
export { reclaimInstance } from './delete';

/** Run one action on the instance `ref` (UUID or unique name). Every refusal arrives as a rejection. */
export async function runInstanceAction(ctx: ActionContext, ref: string, request: InstanceActionRequest): Promise<ActionResult> {
  switch (request.action) {
    case 'start':
      return startInstance(ctx, ref);
    case 'stop':
      return stopInstance(ctx, ref, request.timeoutSeconds === undefined ? {} : { timeoutSeconds: request.timeoutSeconds });
    case 'force-stop':
      return forceStopInstance(ctx, ref);
    case 'reboot':
      return rebootInstance(ctx, ref, request.timeoutSeconds === undefined ? {} : { timeoutSeconds: request.timeoutSeconds });
    case 'reboot-hard':
      return hardRebootInstance(ctx, ref);
    case 'pause':
      return pauseInstance(ctx, ref);
    case 'unpause':
      return unpauseInstance(ctx, ref);
    case 'suspend':
      return suspendInstance(ctx, ref);
    case 'resume':
      return resumeInstance(ctx, ref);
    case 'rename':
      return renameInstance(ctx, ref, request.name);
    case 'lock':
      return lockInstance(ctx, ref, request.reason === undefined ? {} : { reason: request.reason });
    case 'unlock':
      return unlockInstance(ctx, ref);
    case 'resize':
      return resizeInstance(ctx, ref, request.flavor);
    case 'confirm-resize':
      return confirmResize(ctx, ref);
    case 'revert-resize':
      return revertResize(ctx, ref);
    case 'snapshot-create':
      return createSnapshot(ctx, ref, { name: request.name, ...(request.description === undefined ? {} : { description: request.description }) });
    case 'snapshot-revert':
      return revertSnapshot(ctx, ref, request.name);
    case 'snapshot-delete':
      return deleteSnapshot(ctx, ref, request.name);
    case 'delete':
      return deleteInstance(ctx, ref, request.deleteDisks === undefined ? {} : { deleteDisks: request.deleteDisks });
    case 'force-delete':
      return forceDeleteInstance(ctx, ref, request.deleteDisks === undefined ? {} : { deleteDisks: request.deleteDisks });
    case 'restore':
      return restoreInstance(ctx, ref);
    case 'forget':
      return forgetInstance(ctx, ref);
  }
}
