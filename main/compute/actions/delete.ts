// Delete, as Nova does it: with a restore window (`reclaim_instance_interval` > 0) a delete only powers the instance
// off and marks it SOFT_DELETED until the reclaimer removes it; otherwise (and with force) the hard delete removes
// the domain and the volumes the instance owns on its host, releases its allocation and marks the row deleted.
import { InvalidInputError } from '../../inventory/errors';
import type { InstanceRecord, InstanceVolume } from '../../inventory/model';
import type { InventoryRepositories } from '../../inventory/repositories';
import { resolveInstance } from '../../inventory/services';
import { ErrorCode, isLibvirtError, isNoDomain, UndefineFlags, type DomainRef, type LibvirtConnection } from '../../libvirt';
import { readSetting } from '../../settings/settings';
import { InstanceConflictError } from '../errors';
import { vmStateForPower } from '../states/power-sync';
import { powerStateFromLibvirt, PowerStateCode } from '../states/power-state';
import { onDomain, runTask, type ActionContext, type ActionResult, type StepResult, type TaskHandle } from './context';
import { createDomain, destroyDomain } from './power';
import { adoptedDiskVolumes, deleteVolume } from './volumes';

/** Options of a delete. */
export interface DeleteOptions {
  /** Adopted instances: also delete the pool volumes its domain's disks are (instances created here always lose theirs). */
  readonly deleteDisks?: boolean;
}

/** Everything libvirt keeps beside a definition: managed-save image, snapshot and checkpoint metadata, NVRAM. */
const UNDEFINE_ALL = UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA | UndefineFlags.CHECKPOINTS_METADATA | UndefineFlags.NVRAM;
/** What every driver accepts (the test driver refuses the NVRAM and checkpoint flags as unsupported). */
const UNDEFINE_BASIC = UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA;

/** Undefine with everything it carries; a domain already gone is fine. */
async function undefineDomain(conn: LibvirtConnection, dom: DomainRef): Promise<void> {
  try {
    await conn.domains.undefine(dom, { flags: UNDEFINE_ALL });
  } catch (error) {
    if (isNoDomain(error)) return;
    if (!isLibvirtError(error, ErrorCode.INVALID_ARG) && !isLibvirtError(error, ErrorCode.NO_SUPPORT)) throw error;
    await conn.domains.undefine(dom, { flags: UNDEFINE_BASIC });
  }
}

/** The domain of the instance, or null when it is no longer defined. */
async function lookUpDomain(conn: LibvirtConnection, instance: InstanceRecord): Promise<DomainRef | null> {
  if (instance.libvirtDomainUuid === null) return null;
  try {
    return await conn.domains.lookupByUuid(instance.libvirtDomainUuid);
  } catch (error) {
    if (isNoDomain(error)) return null;
    throw error;
  }
}

function sameVolume(a: InstanceVolume, b: InstanceVolume): boolean {
  return a.pool === b.pool && a.name === b.name;
}

/**
 * For an adopted instance whose disks go with it: find them and record them on the row before anything is removed,
 * so a delete cut short still knows what to remove. Returns the task with the row as written, and what was kept.
 */
async function recordAdoptedDisks(handle: TaskHandle, conn: LibvirtConnection, dom: DomainRef): Promise<string[]> {
  const { volumes, kept } = await adoptedDiskVolumes(conn, dom);
  const known = handle.task.instance.volumes;
  const added = volumes.filter((v) => !known.some((k) => sameVolume(k, v)));
  if (added.length > 0) handle.update({ volumes: [...known, ...added] });
  return kept;
}

/** Remove the domain and the instance's volumes from its host; what was kept, in words. */
async function removeFromHost(ctx: ActionContext, handle: TaskHandle, options: DeleteOptions): Promise<string[]> {
  const hostId = handle.task.instance.hostId;
  if (hostId === null) return [];
  return ctx.hosts.use(hostId, async (conn) => {
    const notes: string[] = [];
    const dom = await lookUpDomain(conn, handle.task.instance);
    if (dom !== null) {
      if (options.deleteDisks === true && handle.task.instance.origin === 'adopted') {
        const kept = await recordAdoptedDisks(handle, conn, dom);
        if (kept.length > 0) notes.push(`kept ${kept.join(', ')}`);
      }
      await destroyDomain(conn, dom);
      await undefineDomain(conn, dom);
    }
    for (const volume of handle.task.instance.volumes) await deleteVolume(conn, volume);
    return notes;
  });
}

/** The hard delete's host work; the row is marked deleted when the task finishes. */
async function hardDeleteStep(ctx: ActionContext, handle: TaskHandle, options: DeleteOptions): Promise<StepResult> {
  const notes = await removeFromHost(ctx, handle, options);
  return { deleteRow: true, patch: { reclaimAt: null, powerState: PowerStateCode.NOSTATE }, message: notes.length > 0 ? notes.join('; ') : null };
}

/** `deleteDisks` only means something for adopted instances: refuse it where it would be silently ignored. */
function checkDeleteDisks(instance: InstanceRecord, options: DeleteOptions): void {
  if (options.deleteDisks === true && instance.origin !== 'adopted') {
    throw new InvalidInputError(`Instance ${instance.name} was created here: its volumes are always deleted with it (--delete-disks is for adopted instances)`);
  }
}

/**
 * Delete an instance. With a restore window and the instance not yet soft-deleted: power it off and mark it
 * SOFT_DELETED until `reclaim_at`. Otherwise (no window, or deleting a soft-deleted instance again): the hard delete.
 */
export function deleteInstance(ctx: ActionContext, ref: string, options: DeleteOptions = {}): Promise<ActionResult> {
  const { interval, instance } = ctx.store.read((repos) => ({ interval: readSetting(repos, 'reclaim_instance_interval'), instance: resolveInstance(repos, ref) }));
  checkDeleteDisks(instance, options);
  if (interval > 0 && instance.vmState !== 'soft-delete') return softDeleteInstance(ctx, instance.uuid, interval, options);
  return runTask(ctx, instance.uuid, { action: 'delete', taskState: 'deleting', event: 'compute_terminate_instance' }, (_task, handle) => hardDeleteStep(ctx, handle, options));
}

/** Delete at once, whatever the restore window (Nova's force delete). */
export function forceDeleteInstance(ctx: ActionContext, ref: string, options: DeleteOptions = {}): Promise<ActionResult> {
  checkDeleteDisks(ctx.store.read((repos) => resolveInstance(repos, ref)), options);
  return runTask(ctx, ref, { action: 'force-delete', taskState: 'deleting', event: 'compute_terminate_instance' }, (_task, handle) => hardDeleteStep(ctx, handle, options));
}

/**
 * Soft delete: the domain is forced off (as Nova's libvirt driver powers it off) and kept with its disks; an adopted
 * instance's disks that should go with it are recorded now, so the reclaimer removes them.
 */
function softDeleteInstance(ctx: ActionContext, uuid: string, intervalSeconds: number, options: DeleteOptions): Promise<ActionResult> {
  return runTask(ctx, uuid, { action: 'delete', taskState: 'soft-deleting', event: 'compute_soft_delete_instance' }, async (start, handle) => {
    const reclaimAt = new Date(ctx.now().getTime() + intervalSeconds * 1000).toISOString();
    const restorable = `Restorable until ${reclaimAt}`;
    if (start.instance.hostId === null || start.instance.libvirtDomainUuid === null) return { patch: { vmState: 'soft-delete', reclaimAt }, message: restorable };
    let kept: string[] = [];
    const power = await onDomain(ctx, start, async (conn, dom) => {
      if (options.deleteDisks === true && start.instance.origin === 'adopted') kept = await recordAdoptedDisks(handle, conn, dom);
      await destroyDomain(conn, dom);
      return powerStateFromLibvirt((await conn.domains.getState(dom)).state);
    });
    return {
      patch: { vmState: 'soft-delete', powerState: power, reclaimAt },
      message: `${restorable}${kept.length > 0 ? `; kept ${kept.join(', ')}` : ''}`,
    };
  });
}

/** Restore a soft-deleted instance: powered on again (as Nova restores), its reclaim cancelled. */
export function restoreInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'restore', taskState: 'restoring', event: 'compute_restore_instance' }, async (task) => {
    // An adopted instance's disks were recorded only for the delete that is being undone.
    const forget = task.instance.origin === 'adopted' ? { volumes: [] } : {};
    if (task.instance.hostId === null || task.instance.libvirtDomainUuid === null) return { patch: { vmState: 'error', reclaimAt: null, ...forget } };
    const power = await onDomain(ctx, task, async (conn, dom) => {
      await createDomain(conn, dom);
      return powerStateFromLibvirt((await conn.domains.getState(dom)).state);
    });
    return { patch: { vmState: vmStateForPower(power), powerState: power, reclaimAt: null, ...forget } };
  });
}

/**
 * The reclaimer's hard delete of one soft-deleted instance whose window is over. Checked again inside the task's
 * transaction (still soft-deleted, no task, still due), so a restore that got there first wins.
 */
export function reclaimInstance(ctx: ActionContext, uuid: string, now: string): Promise<ActionResult> {
  const stillDue = (instance: InstanceRecord, _repos: InventoryRepositories): void => {
    if (instance.vmState !== 'soft-delete' || instance.taskState !== null || instance.reclaimAt === null || instance.reclaimAt > now) {
      throw new InstanceConflictError(`Instance ${instance.name} is no longer due for reclaim`, instance.uuid);
    }
  };
  return runTask(ctx, uuid, { action: 'delete', taskState: 'deleting', event: 'compute_terminate_instance', prepare: stillDue }, (_task, handle) => hardDeleteStep(ctx, handle, {}));
}
