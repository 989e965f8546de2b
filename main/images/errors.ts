// Errors of images and base volumes. Each message names the image, the host or the file, and says what to do.
import type { ErrorCode } from '../../common/contract/errors';

/** Base of every image error raised on purpose: the message is fit to show as is; `code` is its contract code. */
export class ImageError extends Error {
  override readonly name: string = 'ImageError';
  readonly code: ErrorCode = 'unavailable';
}

/** The file is not an image we accept (ISO, VMDK, compressed, a qcow2 with a backing file, …); `detected` says what it is. */
export class UnsupportedImageError extends ImageError {
  override readonly name = 'UnsupportedImageError';
  override readonly code = 'invalid_input';
  constructor(
    /** Short name of what was found: `iso9660`, `vmdk`, `gzip`, `qcow2-backing-file`, `empty`, … */
    readonly detected: string,
    message: string,
  ) {
    super(message);
  }
}

/** The image source cannot be read (missing, not a regular file, a read error, shorter than announced). */
export class ImageSourceError extends ImageError {
  override readonly name = 'ImageSourceError';
  override readonly code = 'invalid_input';
}

/** The image's file is missing from the local image cache (deleted by hand?): import it again. */
export class ImageFileMissingError extends ImageError {
  override readonly name = 'ImageFileMissingError';
  override readonly code = 'not_found';
}

/** What reached the host is not what was sent: the base volume was deleted. */
export class ChecksumMismatchError extends ImageError {
  override readonly name = 'ChecksumMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
    message: string,
  ) {
    super(message);
  }
}

/** Uploading a base volume failed (what it created was removed); `cause` holds libvirt's or the transport's error. */
export class BaseVolumeError extends ImageError {
  override readonly name = 'BaseVolumeError';
}

/** The host's pool has less room than the image needs: nothing was created there. */
export class PoolTooSmallError extends ImageError {
  override readonly name = 'PoolTooSmallError';
}
