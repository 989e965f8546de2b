import { paddedAscii, paddedUcs2, SECTOR_BYTES, sectorsFor, ucs2, volumeDate, writeBoth16, writeBoth32 } from './fields';
import { compareCodeUnits, compareLevel1, FILE_NAME_PATTERN, level1Names } from './names';
import { directoryRecord, packedSize, packRecords, PARENT_IDENTIFIER, rootPathTable, SELF_IDENTIFIER } from './records';
import { ceEntry, erEntry, nmEntry, pxEntry, RR_FLAGS, rrEntry, spEntry, tfEntry } from './rock-ridge';

/** One file in the image's root directory. */
export interface IsoFile {
  /** Its name as Linux and Windows show it, e.g. `meta-data` (letters, digits, `.`, `_`, `-`; at most 64). */
  readonly name: string;
  readonly data: Buffer;
}

/** What {@link buildIsoImage} writes. */
export interface IsoImageOptions {
  /** Volume identifier (the label `blkid` shows), e.g. `cidata`: 1–16 letters, digits or `_`. */
  readonly volumeId: string;
  /** Files of the root directory (the image has no subdirectories). */
  readonly files: readonly IsoFile[];
  /** Time stamped on the volume and every file; default now. A fixed value gives byte-identical images. */
  readonly modifiedAt?: Date;
}

/** Bad input to the ISO writer: names the field and what is wrong. */
export class IsoImageError extends Error {
  override readonly name = 'IsoImageError';
}

/** The writer holds the image in memory; seeds and config drives are kilobytes. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

const VOLUME_ID_PATTERN = /^[A-Za-z0-9_]{1,16}$/;
const APPLICATION_ID = 'VIRT DECK';
const MODE_DIRECTORY = 0o040555;
const MODE_FILE = 0o100444;

// Fixed sectors: 0–15 system area, then the descriptors, path tables and the Rock Ridge continuation area.
const PRIMARY_DESCRIPTOR = 16;
const JOLIET_DESCRIPTOR = 17;
const TERMINATOR = 18;
const PRIMARY_L_TABLE = 19;
const PRIMARY_M_TABLE = 20;
const JOLIET_L_TABLE = 21;
const JOLIET_M_TABLE = 22;
const CONTINUATION_AREA = 23;
const PRIMARY_ROOT = 24;
const PATH_TABLE_BYTES = 10;

/** A file with its names in the three namespaces and its place in the image. */
interface PlacedFile {
  readonly name: string;
  readonly level1: string;
  readonly joliet: string;
  readonly data: Buffer;
  extent: number;
}

function checkOptions(options: IsoImageOptions): void {
  if (!VOLUME_ID_PATTERN.test(options.volumeId)) {
    throw new IsoImageError(`Volume id ${JSON.stringify(options.volumeId)} must be 1–16 letters, digits or _ (Joliet stores at most 16 characters)`);
  }
  const seen = new Set<string>();
  for (const file of options.files) {
    if (!FILE_NAME_PATTERN.test(file.name) || file.name === '.' || file.name === '..') {
      throw new IsoImageError(`File name ${JSON.stringify(file.name)} must be 1–64 letters, digits, '.', '_' or '-'`);
    }
    if (seen.has(file.name)) throw new IsoImageError(`File name ${JSON.stringify(file.name)} appears twice`);
    seen.add(file.name);
  }
  const dataBytes = options.files.reduce((sum, file) => sum + sectorsFor(file.data.length) * SECTOR_BYTES, 0);
  if (dataBytes > MAX_IMAGE_BYTES) throw new IsoImageError(`Files total ${dataBytes} bytes; an image holds at most ${MAX_IMAGE_BYTES}`);
}

/** Rock Ridge entries of a file record. */
function fileSystemUse(file: PlacedFile, date: Date): Buffer {
  return Buffer.concat([rrEntry(RR_FLAGS.px | RR_FLAGS.tf | RR_FLAGS.nm), nmEntry(file.name), pxEntry(MODE_FILE, 1), tfEntry(date)]);
}

/** Rock Ridge entries of the root's "." record: SP first, and the CE pointing to the ER entry. */
function rootSelfSystemUse(date: Date, er: Buffer): Buffer {
  return Buffer.concat([spEntry(), rrEntry(RR_FLAGS.px | RR_FLAGS.tf), pxEntry(MODE_DIRECTORY, 2), tfEntry(date), ceEntry(CONTINUATION_AREA, 0, er.length)]);
}

/** Rock Ridge entries of the root's ".." record. */
function rootParentSystemUse(date: Date): Buffer {
  return Buffer.concat([rrEntry(RR_FLAGS.px | RR_FLAGS.tf), pxEntry(MODE_DIRECTORY, 2), tfEntry(date)]);
}

/** The records of the primary (Rock Ridge) root directory, files sorted by level 1 name. */
function primaryRecords(files: readonly PlacedFile[], root: { extent: number; size: number }, date: Date, er: Buffer): Buffer[] {
  const sorted = [...files].sort((a, b) => compareLevel1(a.level1, b.level1));
  return [
    directoryRecord({ extent: root.extent, dataLength: root.size, date, isDirectory: true, identifier: SELF_IDENTIFIER, systemUse: rootSelfSystemUse(date, er) }),
    directoryRecord({ extent: root.extent, dataLength: root.size, date, isDirectory: true, identifier: PARENT_IDENTIFIER, systemUse: rootParentSystemUse(date) }),
    ...sorted.map((file) =>
      directoryRecord({ extent: file.extent, dataLength: file.data.length, date, isDirectory: false, identifier: Buffer.from(file.level1, 'ascii'), systemUse: fileSystemUse(file, date) }),
    ),
  ];
}

/** The records of the Joliet root directory, files sorted by their UCS-2 names. */
function jolietRecords(files: readonly PlacedFile[], root: { extent: number; size: number }, date: Date): Buffer[] {
  const sorted = [...files].sort((a, b) => compareCodeUnits(a.joliet, b.joliet));
  return [
    directoryRecord({ extent: root.extent, dataLength: root.size, date, isDirectory: true, identifier: SELF_IDENTIFIER }),
    directoryRecord({ extent: root.extent, dataLength: root.size, date, isDirectory: true, identifier: PARENT_IDENTIFIER }),
    ...sorted.map((file) => directoryRecord({ extent: file.extent, dataLength: file.data.length, date, isDirectory: false, identifier: ucs2(file.joliet) })),
  ];
}

/** Fields shared by the primary and the Joliet (supplementary) volume descriptors (§8.4, §8.5). */
interface DescriptorFields {
  readonly type: 1 | 2;
  readonly volumeId: string;
  readonly totalSectors: number;
  readonly lTable: number;
  readonly mTable: number;
  readonly root: { extent: number; size: number };
  readonly date: Date;
}

function volumeDescriptor(fields: DescriptorFields): Buffer {
  const joliet = fields.type === 2;
  const text = (value: string, length: number): Buffer => (joliet ? paddedUcs2(value, length) : paddedAscii(value, length));
  const sector = Buffer.alloc(SECTOR_BYTES);
  sector[0] = fields.type;
  sector.write('CD001', 1, 'ascii');
  sector[6] = 1;
  text('', 32).copy(sector, 8); // system identifier
  text(fields.volumeId, 32).copy(sector, 40);
  writeBoth32(sector, 80, fields.totalSectors);
  if (joliet) sector.write('%/E', 88, 'ascii'); // UCS-2 level 3
  writeBoth16(sector, 120, 1); // volume set size
  writeBoth16(sector, 124, 1); // volume sequence number
  writeBoth16(sector, 128, SECTOR_BYTES);
  writeBoth32(sector, 132, PATH_TABLE_BYTES);
  sector.writeUInt32LE(fields.lTable, 140);
  sector.writeUInt32BE(fields.mTable, 148);
  directoryRecord({ extent: fields.root.extent, dataLength: fields.root.size, date: fields.date, isDirectory: true, identifier: SELF_IDENTIFIER }).copy(sector, 156);
  text('', 128).copy(sector, 190); // volume set
  text('', 128).copy(sector, 318); // publisher
  text('', 128).copy(sector, 446); // data preparer
  text(APPLICATION_ID, 128).copy(sector, 574);
  for (const offset of [702, 739, 776]) text('', 37).copy(sector, offset); // copyright, abstract, bibliographic files
  volumeDate(fields.date).copy(sector, 813); // created
  volumeDate(fields.date).copy(sector, 830); // modified
  volumeDate(null).copy(sector, 847); // expires
  volumeDate(null).copy(sector, 864); // effective
  sector[881] = 1; // file structure version
  return sector;
}

function terminatorDescriptor(): Buffer {
  const sector = Buffer.alloc(SECTOR_BYTES);
  sector[0] = 255;
  sector.write('CD001', 1, 'ascii');
  sector[6] = 1;
  return sector;
}

/**
 * Build an ISO 9660 image with Rock Ridge and Joliet extensions holding `files` in its root
 * directory: the format `genisoimage -J -r -V <volumeId>` makes, which cloud-init's NoCloud and
 * config-drive sources document. Linux mounts it with the files' real names (Rock Ridge, or Joliet
 * when mounted with `norock`); plain ISO 9660 readers see 8.3 upper-case names.
 */
export function buildIsoImage(options: IsoImageOptions): Buffer {
  checkOptions(options);
  const date = options.modifiedAt ?? new Date();
  const level1 = level1Names(options.files.map((file) => file.name));
  // Joliet names carry no ";1" version, as genisoimage writes them.
  const files: PlacedFile[] = options.files.map((file, index) => ({ name: file.name, level1: level1[index] ?? '', joliet: file.name, data: file.data, extent: 0 }));
  const er = erEntry();

  // Record sizes do not depend on extents: size the directories with placeholders, then place everything.
  const placeholder = { extent: 0, size: 0 };
  const primarySize = packedSize(primaryRecords(files, placeholder, date, er).map((record) => record.length));
  const jolietSize = packedSize(jolietRecords(files, placeholder, date).map((record) => record.length));
  const primaryRoot = { extent: PRIMARY_ROOT, size: primarySize };
  const jolietRoot = { extent: PRIMARY_ROOT + primarySize / SECTOR_BYTES, size: jolietSize };
  let next = jolietRoot.extent + jolietSize / SECTOR_BYTES;
  for (const file of files) {
    file.extent = next;
    next += sectorsFor(file.data.length);
  }
  const totalSectors = next;

  const image = Buffer.alloc(totalSectors * SECTOR_BYTES);
  const at = (sector: number): number => sector * SECTOR_BYTES;
  const common = { volumeId: options.volumeId, totalSectors, date };
  volumeDescriptor({ ...common, type: 1, lTable: PRIMARY_L_TABLE, mTable: PRIMARY_M_TABLE, root: primaryRoot }).copy(image, at(PRIMARY_DESCRIPTOR));
  volumeDescriptor({ ...common, type: 2, lTable: JOLIET_L_TABLE, mTable: JOLIET_M_TABLE, root: jolietRoot }).copy(image, at(JOLIET_DESCRIPTOR));
  terminatorDescriptor().copy(image, at(TERMINATOR));
  rootPathTable(primaryRoot.extent, 'little').copy(image, at(PRIMARY_L_TABLE));
  rootPathTable(primaryRoot.extent, 'big').copy(image, at(PRIMARY_M_TABLE));
  rootPathTable(jolietRoot.extent, 'little').copy(image, at(JOLIET_L_TABLE));
  rootPathTable(jolietRoot.extent, 'big').copy(image, at(JOLIET_M_TABLE));
  er.copy(image, at(CONTINUATION_AREA));
  packRecords(primaryRecords(files, primaryRoot, date, er)).copy(image, at(primaryRoot.extent));
  packRecords(jolietRecords(files, jolietRoot, date)).copy(image, at(jolietRoot.extent));
  for (const file of files) file.data.copy(image, at(file.extent));
  return image;
}
