// Cold resize on the instance's own host (Nova's resize with allow_resize_to_same_host): the new flavor's allocation
// is claimed with the task (quota for the delta, the host's capacity), the guest is shut down, its root disk grown
// (after a copy of it is kept for a revert), vCPUs and memory changed through the XML model, and the guest started
// again if it ran. The instance then waits in VERIFY_RESIZE until the operator confirms (the copy is dropped) or
// reverts (the copy comes back, the old sizes and flavor too).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '../../inventory/errors';
import type { FlavorRecord, InstanceRecord, InstanceVolume } from '../../inventory/model';
import type { InventoryRepositories } from '../../inventory/repositories';
import { projectQuotaLimits, quotaUsageOf } from '../../inventory/services';
import { DomainState, type DomainRef, type LibvirtConnection, type StorageVolRef } from '../../libvirt';
import { hostState } from '../claim-hosts';
import { NoValidHostError, QuotaExceededError } from '../claim-errors';
import { flavorSnapshot, usableFlavor } from '../claim';
import { checkQuota } from '../../quota/check';
import { flavorDiskGiB } from '../../quota/flavor-delta';
import { resolveSchedulerConfig, schedule } from '../../placement';
import { resolveFlavor } from '../../inventory/services';
import { createVolumeXml, gibToBytes, mibToBytes, VolumeXml, type DomainXml } from '../../xml';
import { vmStateForPower } from '../states/power-sync';
import { powerStateFromLibvirt } from '../states/power-state';
import { failureText, FailedStep, onDomain, requireDomain, runTask, type ActionContext, type ActionResult, type StepResult, type TaskHandle } from './context';
import { redefineDomain, readDefinition } from './domain-xml';
import { createDomain, destroyDomain, gracefulShutdown, stopTimeoutSeconds } from './power';
import { deleteVolume, findVolume } from './volumes';
import { ErrorCode, isLibvirtError, isUnsupported } from '../../libvirt';

/** What a resize keeps until it is confirmed or reverted (the `previous_flavor_json` column). */
export interface ResizeRecord {
  readonly flavorId: string | null;
  readonly flavor: Readonly<Record<string, unknown>>;
  readonly vcpus: number;
  readonly ramMiB: number;
  readonly diskGiB: number;
  /** The vm_state before the resize: a revert starts the guest again when it was active. */
  readonly vmState: 'active' | 'stopped';
  /** The root volume and the clone of it taken before it was grown (null when the disk did not grow). */
  readonly rootBackup: { readonly root: InstanceVolume; readonly backup: InstanceVolume; readonly capacityBytes: string } | null;
}

/** The sizes an instance is resized to or back to. */
interface Sizes {
  readonly vcpus: number;
  readonly ramMiB: number;
  /** The flavor in the metadata of instances built here. */
  readonly flavor: Readonly<Record<string, unknown>>;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The flavor's sizes as an instance records them (flavor snapshots carry ephemeral and swap too). */
function flavorField(flavor: Readonly<Record<string, unknown>>, field: 'diskGiB' | 'ephemeralGiB' | 'swapMiB'): number {
  return num(flavor[field]);
}

/** Resize guards beyond the state table, and the allocation of the new flavor: inside the task's transaction. */
function claimResize(repos: InventoryRepositories, instance: InstanceRecord, flavorRef: string): { flavor: FlavorRecord; record: ResizeRecord } {
  requireDomain(instance);
  const project = repos.projects.get(instance.projectId);
  const flavor = project === undefined ? resolveFlavor(repos, flavorRef) : usableFlavor(repos, flavorRef, project);
  if (flavor.id === instance.flavorId) throw new InvalidInputError('When resizing, instances must change flavor!');
  if (instance.origin === 'created') {
    if (flavor.diskGiB < flavorField(instance.flavor, 'diskGiB')) throw new InvalidInputError('Resize error: Unable to resize disk down.');
    if (flavor.ephemeralGiB !== flavorField(instance.flavor, 'ephemeralGiB') || flavor.swapMiB !== flavorField(instance.flavor, 'swapMiB')) {
      throw new InvalidInputError(`Resize error: flavor ${flavor.name} has other ephemeral or swap sizes; only vCPUs, memory and the root disk change in a resize here`);
    }
  }
  const diskGiB = flavorDiskGiB(flavor);
  // Nova's upsize quota check: only what grows counts (a downsize never fails on quota).
  const check = checkQuota(projectQuotaLimits(repos, instance.projectId), quotaUsageOf(repos.instances.usageOfProject(instance.projectId)), {
    cores: Math.max(0, flavor.vcpus - instance.vcpus),
    ram: Math.max(0, flavor.ramMiB - instance.ramMiB),
    disk: Math.max(0, diskGiB - instance.diskGiB),
  });
  if (!check.ok) throw new QuotaExceededError(check);
  checkHostRoom(repos, instance, flavor);
  const record: ResizeRecord = {
    flavorId: instance.flavorId,
    flavor: instance.flavor,
    vcpus: instance.vcpus,
    ramMiB: instance.ramMiB,
    diskGiB: instance.diskGiB,
    vmState: instance.vmState === 'active' ? 'active' : 'stopped',
    rootBackup: null,
  };
  return { flavor, record };
}

/** The host must hold the new flavor in place of the old one (Nova's scheduler, limited to the same host). */
function checkHostRoom(repos: InventoryRepositories, instance: InstanceRecord, flavor: FlavorRecord): void {
  const host = instance.hostId === null ? undefined : repos.hosts.get(instance.hostId);
  if (host === undefined) throw new InvalidInputError(`Instance ${instance.name} has no host`);
  const usage = repos.instances.usageByHost().get(host.id) ?? { instances: 0, vcpus: 0, ramMiB: 0, diskGiB: 0 };
  const without = {
    instances: usage.instances - 1,
    vcpus: usage.vcpus - instance.vcpus,
    ramMiB: usage.ramMiB - instance.ramMiB,
    diskGiB: usage.diskGiB - instance.diskGiB,
  };
  const members = (repos.instances.liveInstancesByHost().get(host.id) ?? []).filter((uuid) => uuid !== instance.uuid);
  const result = schedule({ flavor, forcedHost: host.name, numInstances: 1, instanceUuids: [instance.uuid] }, [hostState(host, without, members)], resolveSchedulerConfig());
  if (!result.ok) throw new NoValidHostError(result);
}

/** Set vCPUs and memory (and the flavor in our metadata, when the domain carries it). */
function applySizes(domain: DomainXml, sizes: Sizes): boolean {
  domain.vcpus = sizes.vcpus;
  // Every vCPU online: a `current` below the count would keep the old number running.
  if (domain.currentVcpus !== null) domain.currentVcpus = null;
  domain.memory = mibToBytes(sizes.ramMiB);
  domain.currentMemory = domain.memory;
  if (domain.instance.exists) {
    const meta = domain.instance.flavor;
    if (typeof sizes.flavor['name'] === 'string') meta.name = sizes.flavor['name'];
    meta.vcpus = sizes.vcpus;
    meta.ram = sizes.ramMiB;
    meta.disk = flavorField(sizes.flavor, 'diskGiB');
    meta.ephemeral = flavorField(sizes.flavor, 'ephemeralGiB');
    meta.swap = flavorField(sizes.flavor, 'swapMiB');
  }
  return true;
}

/**
 * The root disk's volume: the one a build recorded, else (adopted domains) the pool volume behind the first disk.
 * Null when it is not a pool volume (then it is not grown).
 */
async function rootVolume(conn: LibvirtConnection, dom: DomainRef, instance: InstanceRecord): Promise<InstanceVolume | null> {
  const recorded = instance.volumes.find((v) => v.role === 'root');
  if (recorded !== undefined) return recorded;
  const disk = (await readDefinition(conn, dom)).disks.find((d) => (d.device ?? 'disk') === 'disk');
  const source = disk?.source();
  if (source === undefined || source === null) return null;
  if (source.kind === 'volume') return { pool: source.pool, name: source.volume, role: 'root' };
  if (source.kind !== 'file' && source.kind !== 'block') return null;
  try {
    const vol = await conn.storage.lookupVolByPath(source.path);
    return { pool: vol.pool, name: vol.name, role: 'root' };
  } catch (error) {
    if (isLibvirtError(error, ErrorCode.NO_STORAGE_VOL)) return null;
    throw error;
  }
}

/**
 * A copy of `source` named `name` in the same pool. libvirt's clone (`storageVolCreateXMLFrom`, `qemu-img convert`)
 * writes a standalone image: for a qcow2 overlay that would copy its base's data too and cut it loose from the base.
 * So an overlay is copied byte for byte instead, as Nova copies the instance's disk file: downloaded and uploaded
 * through libvirt streams into a new volume, which keeps the qcow2 header with its backing file — the copy costs
 * what the overlay holds. Volumes without a backing file, and drivers without streams (the test driver), get the clone.
 */
async function copyVolume(conn: LibvirtConnection, source: StorageVolRef, name: string): Promise<StorageVolRef> {
  const pool = await conn.storage.lookupPoolByName(source.pool);
  // The pool's view of the file is refreshed first: a guest that ran since the last refresh grew it.
  await conn.storage.refreshPool(pool);
  const original = VolumeXml.parse(await conn.storage.getVolXmlDesc(await conn.storage.lookupVolByName(pool, source.name)));
  const clone = () => conn.storage.createVolXmlFrom(pool, createVolumeXml({ name, capacityBytes: original.capacity ?? 0n, format: original.targetFormat === 'raw' ? 'raw' : 'qcow2' }).toXml(), source);
  if (original.backingPath === null) return clone();
  // Through a private temporary file, one direction at a time: a download and an upload at once on one connection
  // deadlock under libvirtd's flow control (it stops reading while its stream queue is full, we stop reading while
  // the upload cannot drain, and the keepalive PINGs go unanswered until the daemon drops the connection).
  const dir = await mkdtemp(join(tmpdir(), 'virt-deck-copy-'));
  const file = join(dir, 'volume');
  try {
    try {
      await conn.storage.downloadFromVolume(source, file);
    } catch (error) {
      if (isUnsupported(error)) return await clone();
      throw error;
    }
    const target = await conn.storage.createVolXml(pool, createVolumeXml({ name, capacityBytes: (await stat(file)).size, format: 'raw' }).toXml());
    try {
      await conn.storage.uploadToVolume(target, file);
    } catch (error) {
      await conn.storage.deleteVol(target).catch(() => undefined);
      throw error;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // libvirt reads the uploaded bytes again: the volume is a qcow2 overlay of the same base as the source.
  await conn.storage.refreshPool(pool);
  return conn.storage.lookupVolByName(pool, name);
}

/** Put the copy back under the root's name (libvirt cannot rename volumes: copy it back, then drop it). */
async function restoreRoot(conn: LibvirtConnection, backup: NonNullable<ResizeRecord['rootBackup']>): Promise<void> {
  const copy = await findVolume(conn, backup.backup);
  if (copy === null) throw new Error(`the copy ${backup.backup.pool}/${backup.backup.name} of the root disk is gone`);
  await deleteVolume(conn, backup.root);
  await copyVolume(conn, copy, backup.root.name);
  await deleteVolume(conn, backup.backup);
}

/** Shut the guest down for the disk work: gracefully within the stop timeout, then forced (as Nova's resize does). */
async function powerOffForResize(ctx: ActionContext, conn: LibvirtConnection, dom: DomainRef): Promise<void> {
  const { state } = await conn.domains.getState(dom);
  if (state === DomainState.SHUTOFF) return;
  if (state === DomainState.RUNNING || state === DomainState.BLOCKED) {
    const { off } = await gracefulShutdown(ctx, conn, dom, stopTimeoutSeconds(ctx));
    if (off) return;
  }
  await destroyDomain(conn, dom);
}

/** The states of the domain now, as a vm_state and power state. */
async function observed(conn: LibvirtConnection, dom: DomainRef): Promise<{ readonly powerState: ReturnType<typeof powerStateFromLibvirt>; readonly running: boolean }> {
  const state = (await conn.domains.getState(dom)).state;
  return { powerState: powerStateFromLibvirt(state), running: vmStateForPower(powerStateFromLibvirt(state)) === 'active' };
}

const allocationOf = (record: ResizeRecord) => ({ flavorId: record.flavorId, flavor: record.flavor, vcpus: record.vcpus, ramMiB: record.ramMiB, diskGiB: record.diskGiB });

/** How far a resize got on the host, for its undo. */
interface Progress {
  record: ResizeRecord;
  /** The root volume was (being) grown: the clone must come back. */
  grown: boolean;
}

/** Undo a resize that failed half-way: old sizes, the old root disk, the old power state; throws the FailedStep. */
async function rollBack(ctx: ActionContext, handle: TaskHandle, progress: Progress, failure: unknown): Promise<never> {
  const { record, grown } = progress;
  const back = { ...allocationOf(record), previousFlavor: null };
  try {
    await onDomain(ctx, handle.task, async (conn, dom) => {
      await destroyDomain(conn, dom);
      if (record.rootBackup !== null) {
        if (grown) await restoreRoot(conn, record.rootBackup);
        else await deleteVolume(conn, record.rootBackup.backup);
      }
      await redefineDomain(conn, dom, (domain) => applySizes(domain, record));
      if (record.vmState === 'active') await createDomain(conn, dom);
    });
  } catch (cleanup) {
    throw new FailedStep(failure, {
      ...back,
      vmState: 'error',
      fault: { code: 500, message: `Resize failed and could not be undone: ${failureText(failure)}`, details: `Undoing it failed: ${failureText(cleanup)}`, createdAt: ctx.now().toISOString() },
    });
  }
  throw new FailedStep(failure, { ...back, vmState: record.vmState, volumes: withoutBackup(handle.task.instance) });
}

const withoutBackup = (instance: InstanceRecord): InstanceVolume[] => instance.volumes.filter((v) => v.role !== 'resize-backup');

/** What a row keeps of a resize in progress (our own JSON, written by {@link resizeInstance}). */
const resizeRecordOf = (instance: InstanceRecord): ResizeRecord | null => instance.previousFlavor as unknown as ResizeRecord | null;

/** The resize's host work, step by step (the task states Nova passes through). */
async function resizeOnHost(ctx: ActionContext, handle: TaskHandle, target: FlavorRecord, progress: Progress): Promise<StepResult> {
  return onDomain(ctx, handle.task, async (conn, dom) => {
    handle.advance({ taskState: 'resize_migrating', event: 'compute_resize_instance' });
    await powerOffForResize(ctx, conn, dom);
    const root = await rootVolume(conn, dom, handle.task.instance);
    const rootVol = root === null ? null : await findVolume(conn, root);
    const wanted = gibToBytes(target.diskGiB);
    let grow = false;
    if (root !== null && rootVol !== null && target.diskGiB > 0) {
      const capacity = (await conn.storage.getVolInfo(rootVol)).capacity;
      if (wanted > capacity) {
        const backup: InstanceVolume = { pool: root.pool, name: `${root.name}.resize`, role: 'resize-backup' };
        progress.record = { ...progress.record, rootBackup: { root, backup, capacityBytes: capacity.toString() } };
        // Recorded before the clone exists: a delete, or a recovery after a crash, finds it.
        handle.update({ previousFlavor: { ...progress.record }, volumes: [...handle.task.instance.volumes, backup] });
        await deleteVolume(conn, backup);
        await copyVolume(conn, rootVol, backup.name);
        grow = true;
      }
    }
    handle.advance({ taskState: 'resize_finish', event: 'compute_finish_resize' });
    if (grow && rootVol !== null) {
      progress.grown = true;
      await conn.storage.resizeVol(rootVol, wanted);
    }
    await redefineDomain(conn, dom, (domain) => applySizes(domain, { vcpus: target.vcpus, ramMiB: target.ramMiB, flavor: flavorSnapshot(target) }));
    if (progress.record.vmState === 'active') await createDomain(conn, dom);
    const { powerState } = await observed(conn, dom);
    const untouched = target.diskGiB > 0 && rootVol === null ? `the root disk is not a pool volume: it was left at its size` : null;
    return { patch: { vmState: 'resized', powerState }, message: untouched };
  });
}

/** Resize to `flavorRef` (name or id): from active or stopped to VERIFY_RESIZE. */
export function resizeInstance(ctx: ActionContext, ref: string, flavorRef: string): Promise<ActionResult> {
  let claimed: { flavor: FlavorRecord; record: ResizeRecord } | undefined;
  const prepare = (instance: InstanceRecord, repos: InventoryRepositories) => {
    claimed = claimResize(repos, instance, flavorRef);
    const target = claimed.flavor;
    return { flavorId: target.id, flavor: flavorSnapshot(target), vcpus: target.vcpus, ramMiB: target.ramMiB, diskGiB: flavorDiskGiB(target), previousFlavor: { ...claimed.record } };
  };
  return runTask(ctx, ref, { action: 'resize', taskState: 'resize_prep', event: 'compute_prep_resize', prepare }, async (_task, handle) => {
    const { flavor, record } = claimed as NonNullable<typeof claimed>;
    const progress: Progress = { record, grown: false };
    try {
      return await resizeOnHost(ctx, handle, flavor, progress);
    } catch (error) {
      return rollBack(ctx, handle, progress, error);
    }
  });
}

/** Confirm a resize: drop the copy of the old root disk; the instance is active or stopped again. */
export function confirmResize(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'confirm-resize', taskState: 'resize_confirming', event: 'compute_confirm_resize', prepare: requireDomain }, async (task) => {
    const record = resizeRecordOf(task.instance);
    return onDomain(ctx, task, async (conn, dom) => {
      if (record?.rootBackup != null) await deleteVolume(conn, record.rootBackup.backup);
      const { powerState, running } = await observed(conn, dom);
      return { patch: { vmState: running ? 'active' : 'stopped', powerState, previousFlavor: null, volumes: withoutBackup(task.instance) } };
    });
  });
}

/** Revert a resize: the old root disk, sizes, flavor and allocation come back, and the power state from before. */
export function revertResize(ctx: ActionContext, ref: string): Promise<ActionResult> {
  const prepare = (instance: InstanceRecord, repos: InventoryRepositories) => {
    requireDomain(instance);
    const record = resizeRecordOf(instance);
    if (record === null) throw new InvalidInputError(`Instance ${instance.name} has no resize to revert`);
    // Reverting a downsize grows the instance again: the quota must still have room (Nova checks it too).
    const check = checkQuota(projectQuotaLimits(repos, instance.projectId), quotaUsageOf(repos.instances.usageOfProject(instance.projectId)), {
      cores: Math.max(0, record.vcpus - instance.vcpus),
      ram: Math.max(0, record.ramMiB - instance.ramMiB),
      disk: Math.max(0, record.diskGiB - instance.diskGiB),
    });
    if (!check.ok) throw new QuotaExceededError(check);
  };
  return runTask(ctx, ref, { action: 'revert-resize', taskState: 'resize_reverting', event: 'compute_revert_resize', prepare }, async (task) => {
    const record = resizeRecordOf(task.instance) as ResizeRecord;
    return onDomain(ctx, task, async (conn, dom) => {
      await powerOffForResize(ctx, conn, dom);
      if (record.rootBackup !== null) await restoreRoot(conn, record.rootBackup);
      await redefineDomain(conn, dom, (domain) => applySizes(domain, record));
      if (record.vmState === 'active') await createDomain(conn, dom);
      const { powerState } = await observed(conn, dom);
      return {
        patch: { ...allocationOf(record), previousFlavor: null, vmState: record.vmState, powerState, volumes: withoutBackup(task.instance) },
      };
    });
  });
}
