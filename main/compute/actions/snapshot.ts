// Snapshots: internal qcow2 snapshots of the instance's disks (with the guest's memory when it runs), kept inside the
// disk images themselves. Disks that cannot hold one — the read-only NoCloud seed, CD-ROMs, raw images — are left out
// with snapshot='no', so a revert never touches the seed.
import { ErrorCode, isLibvirtError, type DomainRef, type LibvirtConnection, type SnapshotRef } from '../../libvirt';
import { InvalidInputError, NotFoundError } from '../../inventory/errors';
import { resolveInstance } from '../../inventory/services';
import { buildSnapshotXml, checkSnapshotName, isXmlError, SnapshotXml, type DomainXml } from '../../xml';
import { ActionFailedError } from '../errors';
import { onDomain, requireDomain, runTask, statesFor, type ActionContext, type ActionResult, type SnapshotInfo } from './context';
import { readDefinition } from './domain-xml';
import { vmStateForPower } from '../states/power-sync';
import { powerStateFromLibvirt } from '../states/power-state';

/** Longest snapshot description we store. */
export const MAX_SNAPSHOT_DESCRIPTION = 4096;

function checkedName(name: string): string {
  try {
    return checkSnapshotName(name);
  } catch (error) {
    if (isXmlError(error)) throw new InvalidInputError(error.message);
    throw error;
  }
}

/** Which disks an internal snapshot takes: writable qcow2 disks; the rest is excluded by target. */
export function snapshotDisks(domain: DomainXml): { readonly name: string; readonly snapshot: 'internal' | 'no' }[] {
  return domain.disks
    .all()
    .filter((disk) => disk.targetDev !== null)
    .map((disk) => {
      const takes = (disk.device ?? 'disk') === 'disk' && !disk.readonly && !disk.shareable && disk.driverType === 'qcow2';
      return { name: disk.targetDev as string, snapshot: takes ? ('internal' as const) : ('no' as const) };
    });
}

/** A snapshot's description as listed. */
async function snapshotInfo(conn: LibvirtConnection, snap: SnapshotRef, current: string | null): Promise<SnapshotInfo> {
  const xml = SnapshotXml.parse(await conn.snapshots.getXmlDesc(snap));
  const { description, state, creationTime, parent } = xml.values();
  return {
    name: snap.name,
    description,
    state,
    createdAt: creationTime === null ? null : new Date(creationTime * 1000).toISOString(),
    parent,
    current: snap.name === current,
  };
}

/** The name of the domain's current snapshot, or null when it has none. */
async function currentSnapshot(conn: LibvirtConnection, dom: DomainRef): Promise<string | null> {
  try {
    return (await conn.snapshots.current(dom)).name;
  } catch (error) {
    if (isLibvirtError(error, ErrorCode.NO_DOMAIN_SNAPSHOT)) return null;
    throw error;
  }
}

async function lookUpSnapshot(conn: LibvirtConnection, dom: DomainRef, name: string, instance: string): Promise<SnapshotRef> {
  try {
    return await conn.snapshots.lookupByName(dom, name);
  } catch (error) {
    if (isLibvirtError(error, ErrorCode.NO_DOMAIN_SNAPSHOT)) throw new NotFoundError('Snapshot', `${name} of instance ${instance}`);
    throw error;
  }
}

/** Take a snapshot named `name` (unique per instance); the instance keeps its state. */
export function createSnapshot(ctx: ActionContext, ref: string, spec: { readonly name: string; readonly description?: string }): Promise<ActionResult> {
  const name = checkedName(spec.name);
  if (spec.description !== undefined && spec.description.length > MAX_SNAPSHOT_DESCRIPTION) {
    throw new InvalidInputError(`A snapshot description has at most ${MAX_SNAPSHOT_DESCRIPTION} characters`);
  }
  return runTask(ctx, ref, { action: 'snapshot-create', taskState: 'image_snapshot', event: 'compute_snapshot_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      const disks = snapshotDisks(await readDefinition(conn, dom));
      if (disks.length > 0 && !disks.some((disk) => disk.snapshot === 'internal')) {
        throw new ActionFailedError(`Instance ${task.name} has no writable qcow2 disk: internal snapshots live inside qcow2 images`, task.uuid);
      }
      const snap = await conn.snapshots.create(dom, buildSnapshotXml({ name, ...(spec.description === undefined ? {} : { description: spec.description }), disks }));
      const snapshot = await snapshotInfo(conn, snap, await currentSnapshot(conn, dom));
      return { patch: { powerState: powerStateFromLibvirt((await conn.domains.getState(dom)).state) }, snapshot };
    }),
  );
}

/** Return the instance to a snapshot: its disks and, when the snapshot holds memory, the running guest. */
export function revertSnapshot(ctx: ActionContext, ref: string, name: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'snapshot-revert', taskState: 'snapshot_reverting', event: 'compute_revert_snapshot', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      await conn.snapshots.revert(await lookUpSnapshot(conn, dom, name, task.name));
      const state = (await conn.domains.getState(dom)).state;
      return { patch: statesFor(state, vmStateForPower(powerStateFromLibvirt(state))) };
    }),
  );
}

/** Delete a snapshot (its children are kept and re-parented, as libvirt does by default). */
export function deleteSnapshot(ctx: ActionContext, ref: string, name: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'snapshot-delete', taskState: 'snapshot_deleting', event: 'compute_delete_snapshot', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      await conn.snapshots.delete(await lookUpSnapshot(conn, dom, name, task.name));
      return {};
    }),
  );
}

/** The instance's snapshots, oldest first (a read: no task, no action row). */
export async function listSnapshots(ctx: ActionContext, ref: string): Promise<SnapshotInfo[]> {
  const instance = ctx.store.read((repos) => resolveInstance(repos, ref));
  requireDomain(instance);
  return onDomain(ctx, { uuid: instance.uuid, name: instance.name, instance }, async (conn, dom) => {
    const current = await currentSnapshot(conn, dom);
    const snaps = await conn.snapshots.listAll(dom);
    const infos = await Promise.all(snaps.map((snap) => snapshotInfo(conn, snap, current)));
    return infos.sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.name.localeCompare(b.name));
  });
}
