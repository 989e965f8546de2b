import { DomainXml } from '../domain/domain';
import { checkedString, int, text, valueField } from '../fields';
import { type XmlChildren, xmlModel } from '../model';
import { checkSnapshotName } from '../names';
import { newRoot, parseRoot, type ModelParseOptions } from '../root';

/** One disk's part in a snapshot (`<disks><disk name=… snapshot=…>`). */
export class SnapshotDisk extends xmlModel({
  /** Target (`vda`) or source path of the disk. */
  name: text('@name'),
  /** `internal`, `external`, `manual`, `no`. */
  snapshot: text('@snapshot'),
  driverType: text('driver@type'),
  sourceFile: text('source@file'),
}) {}

/** A domain snapshot (`<domainsnapshot>`, `virDomainSnapshotGetXMLDesc` / `virDomainSnapshotCreateXML`). */
export class SnapshotXml extends xmlModel({
  name: valueField('name', checkedString(checkSnapshotName)),
  description: text('description'),
  /** Domain state when taken: `running`, `shutoff`, `paused`, `disk-snapshot`, … */
  state: text('state'),
  /** Seconds since the epoch. */
  creationTime: int('creationTime'),
  parent: text('parent/name'),
  /** `no`, `internal`, `external`. */
  memory: text('memory@snapshot'),
  memoryFile: text('memory@file'),
}) {
  /** Parse snapshot XML; throws `XmlError`. */
  static parse(xml: string, options?: ModelParseOptions): SnapshotXml {
    return new SnapshotXml(parseRoot(xml, 'domainsnapshot', options));
  }

  /** An empty `<domainsnapshot>` to fill in (see `buildSnapshotXml`). */
  static create(): SnapshotXml {
    return new SnapshotXml(newRoot('domainsnapshot'));
  }

  /** `<disks><disk>`: what happened to each disk. */
  get disks(): XmlChildren<SnapshotDisk> {
    return this.children('disks/disk', SnapshotDisk);
  }

  /** The domain definition saved with the snapshot (check `.exists`). */
  get domain(): DomainXml {
    return this.child('domain', DomainXml);
  }
}
