// The image service the contract handlers and the CLI call: list, show, import, delete.
import type { ActivityRegistry } from '../activity';
import type { HostConnections } from '../compute/host-access';
import { NotFoundError } from '../inventory/errors';
import type { ImageRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { pruneUnusedBaseVolumes, type PruneOutcome } from './base-volume/prune';
import { imageFilePath, imageVirtualSize, unlinkQuietly } from './image-cache';
import { importImage, importImageFile, type ImportedImage, type ImportImageFileInput, type ImportImageInput, type ImportImageOptions } from './import-image';

/** Where a host holds an image. */
export interface ImageOnHost {
  readonly hostId: string;
  readonly hostName: string;
  readonly pool: string;
  readonly volume: string;
  readonly status: 'uploading' | 'ready';
}

/** An image as listed and shown: the row, its virtual size, the hosts holding it and the live instances built from it. */
export interface ImageView extends ImageRecord {
  /** From the cached file's header; null when the file is missing. */
  readonly virtualSizeBytes: number | null;
  readonly hosts: readonly ImageOnHost[];
  readonly instances: number;
}

/** What deleting an image did. */
export interface DeletedImage {
  readonly image: ImageRecord;
  /** Live instances built from it (they keep running; their hosts keep the base volume). */
  readonly instances: number;
  /** What happened to each host's base volume, when hosts were given to prune them. */
  readonly baseVolumes: readonly PruneOutcome[];
}

/** Image management. */
export interface ImageService {
  list(): Promise<ImageView[]>;
  show(ref: string): Promise<ImageView>;
  importFile(input: ImportImageFileInput, options?: ImportImageOptions): Promise<ImportedImage>;
  importStream(input: ImportImageInput, options?: ImportImageOptions): Promise<ImportedImage>;
  /**
   * Delete an image, as Glance allows even while instances use it: the row is marked deleted (instances still name
   * it), the cached file goes, and with `hosts` the base volumes no live instance uses are removed from the hosts.
   */
  delete(ref: string, hosts?: HostConnections): Promise<DeletedImage>;
}

/** The live image `ref` names (id first, then name, as the other lookups). */
export function resolveImage(store: InventoryStore, ref: string): ImageRecord {
  const image = store.read((repos) => {
    const byId = repos.images.get(ref);
    return byId !== undefined && byId.status !== 'deleted' ? byId : repos.images.getByName(ref);
  });
  if (image === undefined) throw new NotFoundError('Image', ref);
  return image;
}

/** Images over a store and the data directory holding their files. */
export function imageService(deps: { readonly store: InventoryStore; readonly dataDir: string; readonly activity?: ActivityRegistry }): ImageService {
  const { store, dataDir } = deps;
  const withActivity = (options: ImportImageOptions = {}): ImportImageOptions =>
    deps.activity === undefined || options.activity !== undefined ? options : { ...options, activity: deps.activity };
  const view = async (image: ImageRecord): Promise<ImageView> => {
    const { hosts, instances } = store.read((repos) => ({
      hosts: repos.imageHostCache.list({ imageId: image.id }).map((row) => ({
        hostId: row.hostId,
        hostName: repos.hosts.get(row.hostId)?.name ?? row.hostId,
        pool: row.pool,
        volume: row.volumeName,
        status: row.status,
      })),
      instances: repos.instances.list().filter((instance) => instance.imageId === image.id).length,
    }));
    const virtualSizeBytes = image.status === 'active' ? await imageVirtualSize(dataDir, image) : null;
    return { ...image, virtualSizeBytes, hosts, instances };
  };
  return {
    list: async () => Promise.all(store.images.list().map(view)),
    show: async (ref) => view(resolveImage(store, ref)),
    importFile: (input, options) => importImageFile({ store, dataDir }, input, withActivity(options)),
    importStream: (input, options) => importImage({ store, dataDir }, input, withActivity(options)),
    async delete(ref, hosts) {
      const image = resolveImage(store, ref);
      const instances = store.read((repos) => repos.instances.list().filter((instance) => instance.imageId === image.id).length);
      store.write((repos) => repos.images.softDelete(image.id));
      unlinkQuietly(imageFilePath(dataDir, image));
      const baseVolumes = hosts === undefined ? [] : await pruneUnusedBaseVolumes(hosts, store, { imageId: image.id });
      return { image: store.images.get(image.id) ?? image, instances, baseVolumes };
    },
  };
}
