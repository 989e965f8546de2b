// Field encodings of ECMA-119 (ISO 9660) §7 and §8.4.26.1, shared by volume descriptors, directory
// records, path tables and Rock Ridge entries.

/** Bytes per logical sector (and logical block: this writer uses 2048-byte blocks throughout). */
export const SECTOR_BYTES = 2048;

/** Write a 16-bit number in both byte orders (§7.2.3, "723"): 4 bytes. */
export function writeBoth16(target: Buffer, offset: number, value: number): void {
  target.writeUInt16LE(value, offset);
  target.writeUInt16BE(value, offset + 2);
}

/** Write a 32-bit number in both byte orders (§7.3.3, "733"): 8 bytes. */
export function writeBoth32(target: Buffer, offset: number, value: number): void {
  target.writeUInt32LE(value, offset);
  target.writeUInt32BE(value, offset + 4);
}

/** A 32-bit number in both byte orders, as its own 8-byte buffer (Rock Ridge fields use this form). */
export function both32(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  writeBoth32(bytes, 0, value);
  return bytes;
}

/** Directory record date (§9.1.5): 7 bytes, years since 1900 … seconds, then the offset from GMT in 15-minute units (0: UTC). */
export function recordingDate(date: Date): Buffer {
  return Buffer.from([
    date.getUTCFullYear() - 1900,
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    0,
  ]);
}

/** Volume descriptor date (§8.4.26.1): "YYYYMMDDHHMMSScc" in ASCII plus the GMT offset byte; null is the "not specified" form. */
export function volumeDate(date: Date | null): Buffer {
  if (date === null) return Buffer.concat([Buffer.from('0'.repeat(16), 'ascii'), Buffer.from([0])]);
  const two = (value: number): string => String(value).padStart(2, '0');
  const text = `${String(date.getUTCFullYear()).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}${two(Math.floor(date.getUTCMilliseconds() / 10))}`;
  return Buffer.concat([Buffer.from(text, 'ascii'), Buffer.from([0])]);
}

/** ASCII text padded with spaces to `length` bytes (identifier fields of the primary descriptor). */
export function paddedAscii(text: string, length: number): Buffer {
  return Buffer.from(text.padEnd(length, ' ').slice(0, length), 'ascii');
}

/** UCS-2 big-endian text, as Joliet stores names and identifiers. */
export function ucs2(text: string): Buffer {
  const bytes = Buffer.alloc(text.length * 2);
  for (let index = 0; index < text.length; index += 1) bytes.writeUInt16BE(text.charCodeAt(index), index * 2);
  return bytes;
}

/** UCS-2 big-endian text padded with UCS-2 spaces to `length` bytes (identifier fields of the Joliet descriptor). */
export function paddedUcs2(text: string, length: number): Buffer {
  const padded = Buffer.alloc(length);
  for (let offset = 0; offset + 1 < length; offset += 2) padded.writeUInt16BE(0x0020, offset);
  ucs2(text).copy(padded, 0, 0, Math.min(length - (length % 2), text.length * 2));
  return padded;
}

/** Number of whole sectors that hold `bytes`. */
export function sectorsFor(bytes: number): number {
  return Math.ceil(bytes / SECTOR_BYTES);
}
