// Headers and trailers of formats we refuse, each with the reason the user reads. Only qcow2 and raw disks are
// accepted: libvirt and QEMU take both as a base image without conversion, and a raw disk has no header of its own,
// so "raw" means "none of the formats below".
import { UnsupportedImageError } from '../errors';

/** How many leading bytes sniffing looks at: the ISO 9660 descriptor sits at 32 KiB, a qcow2 header in its first cluster. */
export const HEAD_BYTES = 64 * 1024;
/** How many trailing bytes it keeps: fixed VHD and Apple disk images put their footer in the last 512. */
export const TAIL_BYTES = 512;

const DECOMPRESS = 'decompress it first';
const CONVERT = 'convert it with `qemu-img convert -O qcow2 <file> <file>.qcow2` and import that';

interface Signature {
  readonly detected: string;
  readonly offset: number;
  readonly bytes: Buffer;
  readonly message: string;
}

const sig = (detected: string, offset: number, bytes: string | number[], message: string): Signature => ({
  detected,
  offset,
  bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes),
  message,
});

/** Signatures at fixed offsets from the start of the file. */
const HEAD_SIGNATURES: readonly Signature[] = [
  sig('gzip', 0, [0x1f, 0x8b, 0x08], `it is gzip-compressed: ${DECOMPRESS}`),
  sig('xz', 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], `it is xz-compressed: ${DECOMPRESS}`),
  sig('zstd', 0, [0x28, 0xb5, 0x2f, 0xfd], `it is zstd-compressed: ${DECOMPRESS}`),
  sig('bzip2', 0, 'BZh', `it is bzip2-compressed: ${DECOMPRESS}`),
  sig('lz4', 0, [0x04, 0x22, 0x4d, 0x18], `it is lz4-compressed: ${DECOMPRESS}`),
  sig('7z', 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], `it is a 7-Zip archive: ${DECOMPRESS}`),
  sig('zip', 0, [0x50, 0x4b, 0x03, 0x04], `it is a zip archive: ${DECOMPRESS}`),
  sig('zip', 0, [0x50, 0x4b, 0x05, 0x06], `it is an (empty) zip archive: ${DECOMPRESS}`),
  sig('rar', 0, 'Rar!\x1a\x07', `it is a RAR archive: ${DECOMPRESS}`),
  sig('tar', 257, 'ustar', `it is a tar archive: extract the disk image from it first`),
  sig('qed', 0, 'QED\0', `it is a QED image: ${CONVERT}`),
  sig('vmdk', 0, 'KDMV', `it is a VMDK (VMware) image: ${CONVERT}`),
  sig('vmdk', 0, 'COWD', `it is a VMDK (ESX sparse) image: ${CONVERT}`),
  sig('vmdk', 0, '# Disk DescriptorFile', `it is a VMDK descriptor (the disk data is in other files): ${CONVERT}`),
  sig('vdi', 0x40, [0x7f, 0x10, 0xda, 0xbe], `it is a VDI (VirtualBox) image: ${CONVERT}`),
  sig('vhdx', 0, 'vhdxfile', `it is a VHDX (Hyper-V) image: ${CONVERT}`),
  sig('vhd', 0, 'conectix', `it is a VHD (Virtual PC / Hyper-V) image: ${CONVERT}`),
  sig('parallels', 0, 'WithoutFreeSpace', `it is a Parallels image: ${CONVERT}`),
  sig('parallels', 0, 'WithouFreSpacExt', `it is a Parallels image: ${CONVERT}`),
  sig('luks', 0, [0x4c, 0x55, 0x4b, 0x53, 0xba, 0xbe], 'it is a LUKS-encrypted volume: encrypted images are not supported, decrypt it first'),
  sig('iso9660', 0x8001, 'CD001', 'it is an ISO 9660 (CD/DVD) image: installer ISOs are not supported as boot images yet; import a disk image (qcow2 or raw)'),
  sig('udf', 0x8001, 'BEA01', 'it is a UDF (DVD) image: import a disk image (qcow2 or raw)'),
];

/** Signatures counted back from the end of the file (offset = bytes before the end). */
const TAIL_SIGNATURES: readonly Signature[] = [
  sig('vhd', 512, 'conectix', `it is a fixed-size VHD image (its footer is at the end): ${CONVERT}`),
  // Virtual PC before 2004 wrote a 511-byte footer.
  sig('vhd', 511, 'conectix', `it is a fixed-size VHD image (its footer is at the end): ${CONVERT}`),
  sig('dmg', 512, 'koly', `it is an Apple disk image (DMG): ${CONVERT}`),
];

function matchesAt(buffer: Buffer, offset: number, bytes: Buffer): boolean {
  return offset >= 0 && offset + bytes.length <= buffer.length && buffer.subarray(offset, offset + bytes.length).equals(bytes);
}

/** Throws {@link UnsupportedImageError} when the head of the file is a format we refuse. */
export function refuseByHead(head: Buffer): void {
  for (const s of HEAD_SIGNATURES) {
    // bzip2 is "BZh" plus the block size digit: "BZh" alone could start a raw disk.
    if (s.detected === 'bzip2' && !(matchesAt(head, 0, s.bytes) && head[3] !== undefined && head[3] >= 0x31 && head[3] <= 0x39)) continue;
    if (matchesAt(head, s.offset, s.bytes)) throw new UnsupportedImageError(s.detected, `Cannot import this file: ${s.message}`);
  }
}

/** Throws {@link UnsupportedImageError} when the last bytes of a file of `size` bytes are a footer we refuse. */
export function refuseByTail(tail: Buffer, size: number): void {
  for (const s of TAIL_SIGNATURES) {
    if (size < s.offset) continue;
    if (matchesAt(tail, tail.length - s.offset, s.bytes)) throw new UnsupportedImageError(s.detected, `Cannot import this file: ${s.message}`);
  }
}
