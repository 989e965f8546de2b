import { UnsupportedImageError } from '../errors';
import { isQcow, readQcow2Header, type Qcow2Info } from './qcow2-header';
import { HEAD_BYTES, refuseByHead, refuseByTail, TAIL_BYTES } from './signatures';

/** What a file turned out to be. */
export interface SniffedImage {
  readonly format: 'qcow2' | 'raw';
  /** Bytes of the file. */
  readonly sizeBytes: number;
  /** The disk size a guest sees: the qcow2 header's, or the file size for raw. */
  readonly virtualSizeBytes: number;
  /** Set for qcow2. */
  readonly qcow2: Qcow2Info | null;
}

/** Raw disks are made of 512-byte sectors. */
const SECTOR = 512;

/**
 * Decides an image's format while its bytes stream past, in one read: the first 64 KiB (enough for every header we
 * look for) and the last 512 bytes (fixed VHD and DMG footers) are kept, nothing else. `push` throws as soon as the
 * head shows a format we refuse, so a 4 GiB ISO is refused after 64 KiB, not after copying it.
 */
export class ImageSniffer {
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private headChecked = false;
  private tail = Buffer.alloc(0);
  private size = 0;

  /** Bytes seen so far. */
  get bytes(): number {
    return this.size;
  }

  /** Feed the next chunk; throws {@link UnsupportedImageError} when the head is enough to refuse. */
  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.headLength < HEAD_BYTES) {
      const take = chunk.subarray(0, HEAD_BYTES - this.headLength);
      this.headChunks.push(Buffer.from(take));
      this.headLength += take.length;
      if (this.headLength >= HEAD_BYTES) this.checkHead(Number.POSITIVE_INFINITY);
    }
    this.tail = chunk.length >= TAIL_BYTES ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES)) : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
  }

  /** The verdict once every byte was pushed; throws {@link UnsupportedImageError} with the reason for a refused file. */
  finish(): SniffedImage {
    const size = this.size;
    if (size === 0) throw new UnsupportedImageError('empty', 'Cannot import this file: it is empty');
    const head = this.head();
    if (!this.headChecked) this.checkHead(size);
    if (isQcow(head)) {
      const qcow2 = readQcow2Header(head, size);
      return { format: 'qcow2', sizeBytes: size, virtualSizeBytes: qcow2.virtualSizeBytes, qcow2 };
    }
    refuseByTail(this.tail, size);
    if (size % SECTOR !== 0) {
      throw new UnsupportedImageError(
        'raw-unaligned',
        `Cannot import this file as a raw disk: its size (${size} bytes) is not a multiple of ${SECTOR} bytes, as a disk's is; ` +
          'is it really a disk image?',
      );
    }
    return { format: 'raw', sizeBytes: size, virtualSizeBytes: size, qcow2: null };
  }

  private head(): Buffer {
    if (this.headChunks.length > 1) this.headChunks.splice(0, this.headChunks.length, Buffer.concat(this.headChunks));
    return this.headChunks[0] ?? Buffer.alloc(0);
  }

  private checkHead(fileSize: number): void {
    this.headChecked = true;
    const head = this.head();
    refuseByHead(head);
    if (isQcow(head)) readQcow2Header(head, fileSize);
  }
}
