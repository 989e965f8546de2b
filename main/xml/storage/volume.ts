import { checkedString, size, text, valueField } from '../fields';
import { xmlModel } from '../model';
import { checkVolumeName } from '../names';
import { newRoot, parseRoot, type ModelParseOptions } from '../root';

/** Storage sizes: libvirt's default unit is bytes and bytes are written. */
const BYTES = { defaultUnit: 'bytes', writeUnit: 'bytes' } as const;

/** A storage volume (`<volume>`, `virStorageVolGetXMLDesc` / `virStorageVolCreateXML`). */
export class VolumeXml extends xmlModel({
  /** `file`, `block`, `dir`, `network`, … */
  type: text('@type'),
  name: valueField('name', checkedString(checkVolumeName)),
  /** libvirt's unique key (the path, for directory pools). */
  key: text('key'),
  /** Virtual size, in bytes. */
  capacity: size('capacity', BYTES),
  /** Bytes allocated on the host. */
  allocation: size('allocation', BYTES),
  /** Bytes the file takes on disk (qcow2 host size). */
  physical: size('physical', BYTES),
  targetPath: text('target/path'),
  /** Image format: `qcow2`, `raw`, `iso`. */
  targetFormat: text('target/format@type'),
  /** The image an overlay is backed by. */
  backingPath: text('backingStore/path'),
  backingFormat: text('backingStore/format@type'),
}) {
  /** Parse volume XML; throws `XmlError`. */
  static parse(xml: string, options?: ModelParseOptions): VolumeXml {
    return new VolumeXml(parseRoot(xml, 'volume', options));
  }

  /** An empty `<volume>` to fill in (see `buildVolumeXml`). */
  static create(): VolumeXml {
    return new VolumeXml(newRoot('volume'));
  }
}
