// Directory records (ECMA-119 §9.1), path table records (§9.4) and packing records into sectors.
import { recordingDate, SECTOR_BYTES, writeBoth16, writeBoth32 } from './fields';

/** What one directory record says. */
export interface DirectoryRecordFields {
  readonly extent: number;
  readonly dataLength: number;
  readonly date: Date;
  readonly isDirectory: boolean;
  /** File identifier bytes: 0x00 for ".", 0x01 for "..", else the encoded name. */
  readonly identifier: Buffer;
  /** System use area (Rock Ridge entries), empty in the Joliet tree. */
  readonly systemUse?: Buffer;
}

const FLAG_DIRECTORY = 0x02;

/** Identifier of a directory's own "." record. */
export const SELF_IDENTIFIER = Buffer.from([0]);
/** Identifier of a directory's ".." record. */
export const PARENT_IDENTIFIER = Buffer.from([1]);

/**
 * Encode a directory record. The identifier is followed by a pad byte when its length is even, so
 * the system use area starts at an even offset; the whole record is kept even-sized.
 */
export function directoryRecord(fields: DirectoryRecordFields): Buffer {
  const systemUse = fields.systemUse ?? Buffer.alloc(0);
  const idLength = fields.identifier.length;
  const headerAndName = 33 + idLength + (idLength % 2 === 0 ? 1 : 0);
  const length = headerAndName + systemUse.length + ((headerAndName + systemUse.length) % 2);
  if (length > 255) throw new RangeError(`Directory record too long (${length} bytes) for ${JSON.stringify(fields.identifier.toString('latin1'))}`);
  const record = Buffer.alloc(length);
  record[0] = length;
  record[1] = 0; // no extended attribute record
  writeBoth32(record, 2, fields.extent);
  writeBoth32(record, 10, fields.dataLength);
  recordingDate(fields.date).copy(record, 18);
  record[25] = fields.isDirectory ? FLAG_DIRECTORY : 0;
  record[26] = 0; // not interleaved
  record[27] = 0;
  writeBoth16(record, 28, 1); // volume sequence number
  record[32] = idLength;
  fields.identifier.copy(record, 33);
  systemUse.copy(record, headerAndName);
  return record;
}

/**
 * Lay records out in whole sectors: a record never crosses a sector boundary (§6.8.1.1); the rest
 * of a sector is zero, which readers take as "next sector".
 */
export function packRecords(records: readonly Buffer[]): Buffer {
  const sectors: Buffer[] = [];
  let current = Buffer.alloc(SECTOR_BYTES);
  let used = 0;
  for (const record of records) {
    if (used + record.length > SECTOR_BYTES) {
      sectors.push(current);
      current = Buffer.alloc(SECTOR_BYTES);
      used = 0;
    }
    record.copy(current, used);
    used += record.length;
  }
  sectors.push(current);
  return Buffer.concat(sectors);
}

/** Size in bytes of the packed records ({@link packRecords} without building it). */
export function packedSize(recordLengths: readonly number[]): number {
  let sectors = 1;
  let used = 0;
  for (const length of recordLengths) {
    if (used + length > SECTOR_BYTES) {
      sectors += 1;
      used = 0;
    }
    used += length;
  }
  return sectors * SECTOR_BYTES;
}

/** A path table holding only the root directory (the image is flat), in little- or big-endian form. */
export function rootPathTable(rootExtent: number, byteOrder: 'little' | 'big'): Buffer {
  const table = Buffer.alloc(10);
  table[0] = 1; // identifier length
  table[1] = 0; // no extended attribute record
  if (byteOrder === 'little') {
    table.writeUInt32LE(rootExtent, 2);
    table.writeUInt16LE(1, 6);
  } else {
    table.writeUInt32BE(rootExtent, 2);
    table.writeUInt16BE(1, 6);
  }
  table[8] = 0; // the root's identifier
  return table;
}
