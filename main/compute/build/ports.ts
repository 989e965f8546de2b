// What the build needs from images, key pairs and the host's storage and networks, as narrow interfaces: the flow
// is written against these, and `build-deps.ts` plugs in the real modules.
import type { HostRecord } from '../../inventory/model';
import type { LibvirtConnection } from '../../libvirt';
import type { SshLease } from '../../ssh';

/** An image as a build needs it. */
export interface BuildImage {
  readonly id: string;
  readonly name: string;
  /** Only `active` images can be booted. */
  readonly status: string;
  readonly diskFormat: string;
  /** Size of the image file. */
  readonly sizeBytes: number | null;
  /** Size of the disk it holds, when the catalog knows it (else the base volume's capacity on the host tells). */
  readonly virtualSizeBytes?: number | null;
  readonly minDiskGiB: number;
  readonly minRamMiB: number;
  /** Glance-like properties (`architecture`, `hypervisor_type`, `os_type`, …). */
  readonly properties: Readonly<Record<string, string>>;
}

/** A key pair's public half. */
export interface BuildKeyPair {
  readonly name: string;
  readonly publicKey: string;
}

/** The base image on a host (Nova's `_base/<sha1>`), shared by every instance built from it there. */
export interface BaseVolume {
  readonly pool: string;
  readonly name: string;
  /** Absolute path on the host: the overlay's backing file. */
  readonly path: string;
  readonly format: 'qcow2' | 'raw';
}

/** Upload progress of a base image. */
export interface UploadProgress {
  readonly bytes: number;
  readonly totalBytes: number;
  /** Bytes per second, smoothed. */
  readonly rate: number;
  /** Seconds left, or null while unknown. */
  readonly etaSeconds: number | null;
}

/** Options of {@link BuildImages.ensureBaseVolume}. */
export interface EnsureBaseOptions {
  readonly pool: string;
  readonly ssh?: SshLease | null;
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

/** Images: lookups in the catalog and base volumes on hosts. */
export interface BuildImages {
  /** The image named or identified by `ref`; NotFoundError when there is none. */
  find(ref: string): BuildImage;
  /** Make sure the host holds the image as a base volume in `pool` (upload once, then reuse). */
  ensureBaseVolume(conn: LibvirtConnection, host: HostRecord, image: BuildImage, options: EnsureBaseOptions): Promise<BaseVolume>;
}

/** Key pairs by name. */
export interface BuildKeyPairs {
  /** NotFoundError when there is none. */
  find(name: string): BuildKeyPair;
}

/** Where instances go on a host: its storage pool and network. */
export interface HostPlacement {
  /** The pool instance disks go to: the host's setting, else `default`, else the first active dir pool. */
  resolveStoragePool(conn: LibvirtConnection, host: HostRecord): Promise<string>;
  /**
   * The network to join: `wanted` when given (it must exist and be active), else the host's setting, else
   * `default`, else the first active network; null when the host has none.
   */
  resolveNetwork(conn: LibvirtConnection, host: HostRecord, wanted: string | null): Promise<string | null>;
}
