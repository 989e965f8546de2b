import { flag, int, text } from '../fields';
import { xmlModel } from '../model';

/** Where a disk's data comes from, whichever form the XML uses. */
export type DiskSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'block'; readonly path: string }
  | { readonly kind: 'volume'; readonly pool: string; readonly volume: string }
  | { readonly kind: 'network'; readonly protocol: string; readonly name: string | null };

/** `<disk>` in `<devices>`. */
export class DomainDisk extends xmlModel({
  /** `file`, `block`, `volume`, `network`. */
  type: text('@type'),
  /** `disk`, `cdrom`, `floppy`, `lun`. */
  device: text('@device'),
  driverName: text('driver@name'),
  /** Image format: `qcow2`, `raw`. */
  driverType: text('driver@type'),
  driverCache: text('driver@cache'),
  sourceFile: text('source@file'),
  sourceDev: text('source@dev'),
  sourcePool: text('source@pool'),
  sourceVolume: text('source@volume'),
  sourceProtocol: text('source@protocol'),
  sourceName: text('source@name'),
  /** Guest device name: `vda`, `sda`. */
  targetDev: text('target@dev'),
  /** `virtio`, `sata`, `scsi`, `ide`, `usb`. */
  targetBus: text('target@bus'),
  readonly: flag('readonly'),
  shareable: flag('shareable'),
  serial: text('serial'),
  bootOrder: int('boot@order'),
  /** The backing image libvirt reports for an overlay (live XML). */
  backingFile: text('backingStore/source@file'),
  backingFormat: text('backingStore/format@type'),
  alias: text('alias@name'),
}) {
  /** The disk's source in whichever form it is written, or null (an empty CD-ROM drive). */
  source(): DiskSource | null {
    const { sourceFile, sourceDev, sourcePool, sourceVolume, sourceProtocol, sourceName } = this.values();
    if (sourceFile !== null) return { kind: 'file', path: sourceFile };
    if (sourceDev !== null) return { kind: 'block', path: sourceDev };
    if (sourcePool !== null && sourceVolume !== null) return { kind: 'volume', pool: sourcePool, volume: sourceVolume };
    if (sourceProtocol !== null) return { kind: 'network', protocol: sourceProtocol, name: sourceName };
    return null;
  }
}
