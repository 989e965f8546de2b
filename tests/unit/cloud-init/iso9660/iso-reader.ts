// A small, independent ISO 9660 reader for the writer's tests: it decodes the image from the
// standard's byte offsets and checks the both-byte-order fields agree, so a writer bug shows up as
// a wrong value here rather than being read back by the same code that wrote it.
const SECTOR = 2048;

/** A directory record as read. */
export interface ReadRecord {
  readonly offset: number;
  readonly length: number;
  readonly extent: number;
  readonly dataLength: number;
  readonly flags: number;
  readonly identifier: Buffer;
  readonly systemUse: Buffer;
  readonly date: readonly number[];
}

/** A volume descriptor as read. */
export interface ReadDescriptor {
  readonly sector: number;
  readonly type: number;
  readonly standardId: string;
  readonly version: number;
  readonly volumeId: Buffer;
  readonly volumeSpaceSize: number;
  readonly escape: Buffer;
  readonly volumeSetSize: number;
  readonly sequenceNumber: number;
  readonly blockSize: number;
  readonly pathTableSize: number;
  readonly lTable: number;
  readonly mTable: number;
  readonly root: ReadRecord;
  readonly applicationId: Buffer;
  readonly created: string;
  readonly fileStructureVersion: number;
}

/** One SUSP / Rock Ridge entry. */
export interface SuspEntry {
  readonly signature: string;
  readonly version: number;
  readonly body: Buffer;
}

function both16(buffer: Buffer, offset: number): number {
  const le = buffer.readUInt16LE(offset);
  const be = buffer.readUInt16BE(offset + 2);
  if (le !== be) throw new Error(`both-endian 16-bit field at ${offset}: LE ${le} != BE ${be}`);
  return le;
}

/** Read a 32-bit both-byte-order field, failing if the halves disagree. */
export function both32(buffer: Buffer, offset: number): number {
  const le = buffer.readUInt32LE(offset);
  const be = buffer.readUInt32BE(offset + 4);
  if (le !== be) throw new Error(`both-endian 32-bit field at ${offset}: LE ${le} != BE ${be}`);
  return le;
}

/** Decode the directory record starting at `offset`. */
export function readRecord(image: Buffer, offset: number): ReadRecord {
  const length = image[offset] ?? 0;
  const idLength = image[offset + 32] ?? 0;
  const suStart = offset + 33 + idLength + (idLength % 2 === 0 ? 1 : 0);
  return {
    offset,
    length,
    extent: both32(image, offset + 2),
    dataLength: both32(image, offset + 10),
    date: [...image.subarray(offset + 18, offset + 25)],
    flags: image[offset + 25] ?? 0,
    identifier: Buffer.from(image.subarray(offset + 33, offset + 33 + idLength)),
    systemUse: Buffer.from(image.subarray(suStart, offset + length)),
  };
}

/** Every volume descriptor from sector 16 up to and including the terminator. */
export function readDescriptors(image: Buffer): ReadDescriptor[] {
  const descriptors: ReadDescriptor[] = [];
  for (let sector = 16; sector * SECTOR < image.length; sector += 1) {
    const base = sector * SECTOR;
    const d = image.subarray(base, base + SECTOR);
    const type = d[0] ?? 0;
    descriptors.push({
      sector,
      type,
      standardId: d.toString('ascii', 1, 6),
      version: d[6] ?? 0,
      volumeId: Buffer.from(d.subarray(40, 72)),
      volumeSpaceSize: type === 255 ? 0 : both32(d, 80),
      escape: Buffer.from(d.subarray(88, 120)),
      volumeSetSize: type === 255 ? 0 : both16(d, 120),
      sequenceNumber: type === 255 ? 0 : both16(d, 124),
      blockSize: type === 255 ? 0 : both16(d, 128),
      pathTableSize: type === 255 ? 0 : both32(d, 132),
      lTable: d.readUInt32LE(140),
      mTable: d.readUInt32BE(148),
      root: readRecord(image, base + 156),
      applicationId: Buffer.from(d.subarray(574, 702)),
      created: d.toString('ascii', 813, 829),
      fileStructureVersion: d[881] ?? 0,
    });
    if (type === 255) break;
  }
  return descriptors;
}

/** The records of a directory, following ECMA-119's rule that a zero length byte means "next sector". */
export function readDirectory(image: Buffer, directory: ReadRecord): ReadRecord[] {
  const records: ReadRecord[] = [];
  const start = directory.extent * SECTOR;
  const end = start + directory.dataLength;
  let offset = start;
  while (offset < end) {
    const length = image[offset] ?? 0;
    if (length === 0) {
      offset = (Math.floor((offset - start) / SECTOR) + 1) * SECTOR + start;
      continue;
    }
    const record = readRecord(image, offset);
    if (Math.floor((offset - start) / SECTOR) !== Math.floor((offset + length - 1 - start) / SECTOR)) {
      throw new Error(`directory record at ${offset} crosses a sector boundary`);
    }
    records.push(record);
    offset += length;
  }
  return records;
}

/** Split a system use area into SUSP entries (stops at padding). */
export function suspEntries(systemUse: Buffer): SuspEntry[] {
  const entries: SuspEntry[] = [];
  let offset = 0;
  while (offset + 4 <= systemUse.length) {
    const length = systemUse[offset + 2] ?? 0;
    if (length < 4) break;
    entries.push({ signature: systemUse.toString('ascii', offset, offset + 2), version: systemUse[offset + 3] ?? 0, body: Buffer.from(systemUse.subarray(offset + 4, offset + length)) });
    offset += length;
  }
  return entries;
}

/** Path table records: identifier, extent and parent number. */
export function readPathTable(image: Buffer, sector: number, size: number, order: 'little' | 'big'): { identifier: Buffer; extent: number; parent: number }[] {
  const rows: { identifier: Buffer; extent: number; parent: number }[] = [];
  const table = image.subarray(sector * SECTOR, sector * SECTOR + size);
  let offset = 0;
  while (offset < table.length) {
    const idLength = table[offset] ?? 0;
    if (idLength === 0) break;
    const extent = order === 'little' ? table.readUInt32LE(offset + 2) : table.readUInt32BE(offset + 2);
    const parent = order === 'little' ? table.readUInt16LE(offset + 6) : table.readUInt16BE(offset + 6);
    rows.push({ identifier: Buffer.from(table.subarray(offset + 8, offset + 8 + idLength)), extent, parent });
    offset += 8 + idLength + (idLength % 2);
  }
  return rows;
}

/** Decode a UCS-2 big-endian name. */
export function fromUcs2(bytes: Buffer): string {
  let text = '';
  for (let offset = 0; offset + 1 < bytes.length; offset += 2) text += String.fromCharCode(bytes.readUInt16BE(offset));
  return text;
}

/** Files of the root directory of the tree a descriptor type (1 primary, 2 Joliet) points to, named by `nameOf`. */
function rootFiles(image: Buffer, type: 1 | 2, nameOf: (record: ReadRecord) => string): Map<string, Buffer> {
  const descriptor = readDescriptors(image).find((d) => d.type === type);
  if (descriptor === undefined) throw new Error(`no volume descriptor of type ${type}`);
  const files = new Map<string, Buffer>();
  for (const record of readDirectory(image, descriptor.root).slice(2)) {
    files.set(nameOf(record), Buffer.from(image.subarray(record.extent * SECTOR, record.extent * SECTOR + record.dataLength)));
  }
  return files;
}

/** Files of the root directory through the Rock Ridge names (NM entries) of the primary tree. */
export function rockRidgeFiles(image: Buffer): Map<string, Buffer> {
  return rootFiles(image, 1, (record) => {
    const nm = suspEntries(record.systemUse).find((entry) => entry.signature === 'NM');
    if (nm === undefined) throw new Error(`record ${record.identifier.toString('ascii')} has no NM entry`);
    return nm.body.subarray(1).toString('ascii');
  });
}

/** Files of the root directory through the Joliet tree. */
export function jolietFiles(image: Buffer): Map<string, Buffer> {
  return rootFiles(image, 2, (record) => fromUcs2(record.identifier));
}
