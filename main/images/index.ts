// Images: import into the local cache (format sniffed, checksummed), Glance-like properties, and base volumes on
// hosts (Nova's _base cache: uploaded once per host through a libvirt stream, verified on the host).
export {
  BaseVolumeError,
  ChecksumMismatchError,
  ImageError,
  ImageFileMissingError,
  ImageSourceError,
  PoolTooSmallError,
  UnsupportedImageError,
} from './errors';
export {
  importImage,
  importImageFile,
  type ImageDeps,
  type ImageImportFields,
  type ImportedImage,
  type ImportImageFileInput,
  type ImportImageInput,
  type ImportImageOptions,
} from './import-image';
export { imageCacheDir, imageFilePath, imageVirtualSize, removeInterruptedImports, type InterruptedImports } from './image-cache';
export { MAX_PROPERTIES, placementImageProperties, validateImageProperties } from './properties';
export { ImageSniffer, type SniffedImage } from './formats/sniffer';
export { readQcow2Header, type Qcow2Info } from './formats/qcow2-header';
export {
  ensureBaseVolume,
  takeOverReason,
  type BaseVolume,
  type BaseVolumeTiming,
  type EnsureBaseVolumeOptions,
} from './base-volume/ensure-base-volume';
export { ensureBaseVolumeOn } from './base-volume/on-host';
export { baseVolumeName, isBaseVolumeName } from './base-volume/names';
export { prunableBaseVolumes, pruneUnusedBaseVolumes, type PruneOutcome } from './base-volume/prune';
export { imageService, resolveImage, type DeletedImage, type ImageOnHost, type ImageService, type ImageView } from './service';
export { removeAbandonedUploads, type AbandonedUpload } from './base-volume/abandoned';
