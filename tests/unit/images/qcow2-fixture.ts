// Hand-built qcow2 headers (QEMU's docs/interop/qcow2.txt) for unit tests, which start no qemu-img.

/** What the header says. */
export interface Qcow2Fixture {
  readonly version?: number;
  readonly virtualSize?: bigint;
  readonly clusterBits?: number;
  readonly backingFile?: string;
  readonly cryptMethod?: number;
  readonly incompatible?: bigint;
  /** Name in an external-data-file header extension. */
  readonly dataFile?: string;
  /** Total bytes of the file (zero padded); default 64 KiB + 512. */
  readonly fileSize?: number;
}

/** A qcow2 file's bytes: a header, its extensions, zeros. */
export function qcow2Image(fixture: Qcow2Fixture = {}): Buffer {
  const version = fixture.version ?? 3;
  const file = Buffer.alloc(fixture.fileSize ?? 64 * 1024 + 512);
  file.writeUInt32BE(0x514649fb, 0);
  file.writeUInt32BE(version, 4);
  file.writeUInt32BE(fixture.clusterBits ?? 16, 20);
  file.writeBigUInt64BE(fixture.virtualSize ?? 1n << 30n, 24);
  file.writeUInt32BE(fixture.cryptMethod ?? 0, 32);
  const headerLength = version >= 3 ? 112 : 72;
  if (version >= 3) {
    file.writeBigUInt64BE(fixture.incompatible ?? 0n, 72);
    file.writeUInt32BE(4, 96);
    file.writeUInt32BE(headerLength, 100);
  }
  let offset = headerLength;
  if (fixture.dataFile !== undefined) {
    const name = Buffer.from(fixture.dataFile);
    file.writeUInt32BE(0x44415441, offset);
    file.writeUInt32BE(name.length, offset + 4);
    name.copy(file, offset + 8);
    offset += 8 + Math.ceil(name.length / 8) * 8;
  }
  offset += 8; // end-of-extensions marker (zeros)
  if (fixture.backingFile !== undefined) {
    const name = Buffer.from(fixture.backingFile);
    file.writeBigUInt64BE(BigInt(offset), 8);
    file.writeUInt32BE(name.length, 16);
    name.copy(file, offset);
  }
  return file;
}
