import { oneOf } from '../model';
import { checkSnapshotName } from '../names';
import { SnapshotXml } from './snapshot';

/** What `buildSnapshotXml` describes; everything optional (libvirt names an unnamed snapshot by its time). */
export interface SnapshotSpec {
  readonly name?: string;
  readonly description?: string;
  /** Memory state: `no` (disks only), `internal` (saved in the qcow2 image), `external` (in a file). */
  readonly memory?: 'no' | 'internal' | 'external';
  /** File for an external memory snapshot. */
  readonly memoryFile?: string;
  /** Per-disk choice; disks not listed follow libvirt's default. */
  readonly disks?: readonly { readonly name: string; readonly snapshot: 'internal' | 'external' | 'no' }[];
}

/** A new snapshot description, as a model. */
export function createSnapshotXml(spec: SnapshotSpec = {}): SnapshotXml {
  const snapshot = SnapshotXml.create();
  if (spec.name !== undefined) snapshot.name = checkSnapshotName(spec.name);
  if (spec.description !== undefined) snapshot.description = spec.description;
  if (spec.memory !== undefined) snapshot.memory = oneOf(spec.memory, ['no', 'internal', 'external'], 'snapshot memory');
  if (spec.memoryFile !== undefined) snapshot.memoryFile = spec.memoryFile;
  for (const disk of spec.disks ?? []) {
    const item = snapshot.disks.add();
    item.name = disk.name;
    item.snapshot = oneOf(disk.snapshot, ['internal', 'external', 'no'], `snapshot of disk ${disk.name}`);
  }
  return snapshot;
}

/** `<domainsnapshot>` XML for `virDomainSnapshotCreateXML`. */
export function buildSnapshotXml(spec: SnapshotSpec = {}): string {
  return createSnapshotXml(spec).toXml();
}
