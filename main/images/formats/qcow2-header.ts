// The qcow2 header (QEMU's docs/interop/qcow2.txt), read only as far as deciding whether the image can be a base
// image on a host: it must be self-contained (no backing file, no external data file — either would be a path on
// *this* machine that the host does not have, or worse, one it does), unencrypted, and not marked corrupt.
import { UnsupportedImageError } from '../errors';

/** The qcow magic "QFI\xfb". */
export const QCOW_MAGIC = 0x514649fb;

const V2_HEADER_LENGTH = 72;
/** Incompatible feature bits (qcow2.txt): what each means for us. */
const DIRTY = 1n << 0n;
const CORRUPT = 1n << 1n;
const EXTERNAL_DATA_FILE = 1n << 2n;
const COMPRESSION_TYPE = 1n << 3n;
const EXTENDED_L2 = 1n << 4n;
const KNOWN_INCOMPATIBLE = DIRTY | CORRUPT | EXTERNAL_DATA_FILE | COMPRESSION_TYPE | EXTENDED_L2;
/** Header extension types. */
const EXT_END = 0;
const EXT_DATA_FILE = 0x44415441;

/** What the header says about an acceptable qcow2 image. */
export interface Qcow2Info {
  readonly version: 2 | 3;
  readonly virtualSizeBytes: number;
  readonly clusterBits: number;
  readonly snapshots: number;
  /** `zlib` (default) or `zstd`. */
  readonly compressionType: 'zlib' | 'zstd';
}

/** Whether a buffer starts with the qcow magic. */
export function isQcow(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32BE(0) === QCOW_MAGIC;
}

const refuse = (detected: string, message: string): never => {
  throw new UnsupportedImageError(detected, `Cannot import this qcow2 image: ${message}`);
};

/** A printable, shortened rendering of a path found in the header, for messages. */
function quotePath(bytes: Buffer): string {
  const text = bytes.toString('utf8').replace(/[\p{Cc}]/gu, '?');
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 117)}…` : text);
}

/**
 * Read a qcow2 header from the first bytes of the file (`head`, which holds the whole first cluster or the whole
 * file) and check it; throws {@link UnsupportedImageError} with the reason otherwise.
 */
export function readQcow2Header(head: Buffer, fileSize: number): Qcow2Info {
  if (!isQcow(head)) refuse('not-qcow2', 'it does not start with the qcow2 magic');
  if (head.length < 8) refuse('qcow2-truncated', 'the header is truncated');
  const version = head.readUInt32BE(4);
  if (version === 1) refuse('qcow1', 'it is a qcow version 1 image; convert it with `qemu-img convert -O qcow2` and import that');
  if (version !== 2 && version !== 3) refuse('qcow2-version', `unknown qcow version ${version}`);
  if (head.length < V2_HEADER_LENGTH) refuse('qcow2-truncated', `the header is truncated (${head.length} bytes)`);

  const backingOffset = head.readBigUInt64BE(8);
  const backingSize = head.readUInt32BE(16);
  const clusterBits = head.readUInt32BE(20);
  const virtualSize = head.readBigUInt64BE(24);
  const cryptMethod = head.readUInt32BE(32);
  const snapshots = head.readUInt32BE(60);

  if (clusterBits < 9 || clusterBits > 21) refuse('qcow2-invalid', `cluster_bits ${clusterBits} is outside 9..21`);
  if (backingOffset !== 0n) {
    const start = Number(backingOffset);
    const name = backingOffset < BigInt(head.length) ? head.subarray(start, Math.min(head.length, start + Math.min(backingSize, 1023))) : null;
    refuse(
      'qcow2-backing-file',
      `it names a backing file${name === null ? '' : ` (${quotePath(name)})`}, a path the host does not have; ` +
        'make it self-contained with `qemu-img convert -O qcow2 <file> <new file>` and import that',
    );
  }
  if (cryptMethod !== 0) refuse('qcow2-encrypted', `it is encrypted (${cryptMethod === 1 ? 'AES' : cryptMethod === 2 ? 'LUKS' : `method ${cryptMethod}`}); encrypted images are not supported`);
  if (virtualSize === 0n) refuse('qcow2-invalid', 'its virtual size is 0');
  if (virtualSize > BigInt(Number.MAX_SAFE_INTEGER)) refuse('qcow2-invalid', `its virtual size ${virtualSize} is too large`);

  let headerLength = V2_HEADER_LENGTH;
  let compressionType: Qcow2Info['compressionType'] = 'zlib';
  if (version === 3) {
    if (head.length < 104) refuse('qcow2-truncated', 'the version 3 header is truncated');
    const incompatible = head.readBigUInt64BE(72);
    headerLength = head.readUInt32BE(100);
    if (headerLength < 104 || headerLength > head.length || headerLength % 8 !== 0) refuse('qcow2-invalid', `header_length ${headerLength} is invalid`);
    if (incompatible & CORRUPT) refuse('qcow2-corrupt', 'it is marked corrupt; check it with `qemu-img check -r all` first');
    if (incompatible & DIRTY) refuse('qcow2-dirty', 'it is marked dirty (lazy refcounts not written back); run `qemu-img check -r all` on it first');
    if (incompatible & EXTERNAL_DATA_FILE) {
      const name = extensionData(head, headerLength, EXT_DATA_FILE);
      refuse(
        'qcow2-external-data-file',
        `its data lives in an external data file${name === null ? '' : ` (${quotePath(name)})`}, a path the host does not have; ` +
          'make it self-contained with `qemu-img convert -O qcow2` and import that',
      );
    }
    const unknown = incompatible & ~KNOWN_INCOMPATIBLE;
    if (unknown !== 0n) refuse('qcow2-features', `it uses incompatible features this app does not know (bits 0x${unknown.toString(16)})`);
    if (incompatible & COMPRESSION_TYPE) {
      const type = headerLength > 104 ? head[104] : 0;
      if (type !== 0 && type !== 1) refuse('qcow2-features', `unknown compression type ${type}`);
      compressionType = type === 1 ? 'zstd' : 'zlib';
    }
  }
  // A header that claims more than the file holds is a truncated copy.
  if (fileSize < headerLength) refuse('qcow2-truncated', `the file (${fileSize} bytes) is shorter than its header`);
  return { version: version as 2 | 3, virtualSizeBytes: Number(virtualSize), clusterBits, snapshots, compressionType };
}

/** The data of the first header extension of `type`, or null (absent, or outside `head`). */
function extensionData(head: Buffer, start: number, type: number): Buffer | null {
  let offset = start;
  for (let i = 0; i < 64 && offset + 8 <= head.length; i++) {
    const extType = head.readUInt32BE(offset);
    const length = head.readUInt32BE(offset + 4);
    if (extType === EXT_END) return null;
    const data = offset + 8;
    if (data + length > head.length) return null;
    if (extType === type) return head.subarray(data, data + length);
    offset = data + Math.ceil(length / 8) * 8;
  }
  return null;
}
