import { XmlError } from '../errors';
import { oneOf } from '../model';
import { checkVolumeName } from '../names';
import { checkBytes } from '../units';
import { VolumeXml } from './volume';

/** What `buildVolumeXml` describes. */
export interface VolumeSpec {
  readonly name: string;
  /** Virtual size in bytes. */
  readonly capacityBytes: bigint | number;
  /** Bytes to allocate up front (0 = sparse; absent = the pool's default). */
  readonly allocationBytes?: bigint | number;
  /** Image format (default `qcow2`). */
  readonly format?: 'qcow2' | 'raw';
  /** Backing image for a copy-on-write overlay (the volume must then be qcow2). */
  readonly backingStore?: { readonly path: string; readonly format?: 'qcow2' | 'raw' };
}

/** A new volume from a spec, as a model; values checked, strings escaped by construction. */
export function createVolumeXml(spec: VolumeSpec): VolumeXml {
  const volume = VolumeXml.create();
  volume.type = 'file';
  volume.name = checkVolumeName(spec.name);
  volume.capacity = checkBytes(spec.capacityBytes, 'volume capacity');
  if (spec.allocationBytes !== undefined) volume.allocation = checkBytes(spec.allocationBytes, 'volume allocation');
  const format = oneOf(spec.format ?? 'qcow2', ['qcow2', 'raw'], 'volume format');
  volume.targetFormat = format;
  if (spec.backingStore !== undefined) {
    if (format !== 'qcow2') throw new XmlError('invalid-value', `a volume with a backing store must be qcow2, not ${format}`);
    if (!spec.backingStore.path.startsWith('/')) throw new XmlError('invalid-value', `backing store path must be absolute, not ${JSON.stringify(spec.backingStore.path)}`);
    volume.backingPath = spec.backingStore.path;
    volume.backingFormat = oneOf(spec.backingStore.format ?? 'qcow2', ['qcow2', 'raw'], 'backing store format');
  }
  return volume;
}

/** `<volume>` XML for `virStorageVolCreateXML`; with `backingStore` it is a qcow2 overlay on that image. */
export function buildVolumeXml(spec: VolumeSpec): string {
  return createVolumeXml(spec).toXml();
}

/** XML for a qcow2 overlay named `name` on `backingPath` (the Nova-style instance disk on a cached base image). */
export function buildQcow2OverlayXml(name: string, backingPath: string, capacityBytes: bigint | number, backingFormat: 'qcow2' | 'raw' = 'qcow2'): string {
  return buildVolumeXml({ name, capacityBytes, format: 'qcow2', backingStore: { path: backingPath, format: backingFormat } });
}
