import { size, text } from '../fields';
import { xmlModel } from '../model';
import { parseRoot, type ModelParseOptions } from '../root';

const BYTES = { defaultUnit: 'bytes', writeUnit: 'bytes' } as const;

/** A storage pool (`<pool>`, `virStoragePoolGetXMLDesc`). */
export class PoolXml extends xmlModel({
  /** `dir`, `fs`, `logical`, `disk`, `iscsi`, `rbd`, … */
  type: text('@type'),
  name: text('name'),
  uuid: text('uuid'),
  /** Total size, in bytes. */
  capacity: size('capacity', BYTES),
  allocation: size('allocation', BYTES),
  available: size('available', BYTES),
  sourceName: text('source/name'),
  sourceDir: text('source/dir@path'),
  sourceDevice: text('source/device@path'),
  targetPath: text('target/path'),
}) {
  /** Parse pool XML; throws `XmlError`. */
  static parse(xml: string, options?: ModelParseOptions): PoolXml {
    return new PoolXml(parseRoot(xml, 'pool', options));
  }
}
