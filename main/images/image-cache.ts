// The local image cache: `<dataDir>/images/<id>.<qcow2|raw>`, readable by the user only. An import writes
// `<id>.<pid>-<starttime>.part` first and renames it when the bytes are complete and checked, so a file with the
// final name is always whole; the owner in the part file's name lets any process tell a live import from a dead one.
import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ImageRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { currentOwner, ownerLiveness, parseOwner } from '../compute/process-owner';
import { isQcow, readQcow2Header } from './formats/qcow2-header';

/** How long a `queued` image row may go without a heartbeat before another process may remove it. */
export const QUEUED_STALE_MS = 60_000;

/** The cache folder, created (mode 0700) when missing. */
export function imageCacheDir(dataDir: string): string {
  const dir = join(dataDir, 'images');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Where an image's bytes live once imported. */
export function imageFilePath(dataDir: string, image: Pick<ImageRecord, 'id' | 'diskFormat'>): string {
  return join(dataDir, 'images', `${image.id}.${image.diskFormat}`);
}

/** Where this process writes an import in progress. */
export function partFilePath(dataDir: string, imageId: string): string {
  const owner = parseOwner(currentOwner());
  return join(imageCacheDir(dataDir), `${imageId}.${owner?.pid ?? process.pid}-${owner?.startTime ?? '-'}.part`);
}

const PART = /^(.+)\.(\d+)-(\d+|-)\.part$/;

/** What {@link removeInterruptedImports} removed. */
export interface InterruptedImports {
  readonly partFiles: readonly string[];
  readonly images: readonly string[];
}

/**
 * Remove what dead imports left: `.part` files whose owner no longer runs, and `queued` image rows with no live
 * part file and no heartbeat for {@link QUEUED_STALE_MS} (with the final file, should the importer have died between
 * renaming it and marking the row active). Safe to run at any time, from any process.
 */
export function removeInterruptedImports(store: InventoryStore, dataDir: string, nowMs: number = Date.now()): InterruptedImports {
  const dir = imageCacheDir(dataDir);
  const removedParts: string[] = [];
  const livePartsOf = new Set<string>();
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const match = PART.exec(name);
    if (match === null) continue;
    const [, imageId = '', pid = '', start = ''] = match;
    if (ownerLiveness(`${pid}:${start}@${hostname()}`) === 'dead') {
      unlinkQuietly(join(dir, name));
      removedParts.push(name);
    } else {
      livePartsOf.add(imageId);
    }
  }
  const removedImages: string[] = [];
  store.write((repos) => {
    for (const image of repos.images.list({ status: 'queued' })) {
      if (livePartsOf.has(image.id) || nowMs - Date.parse(image.updatedAt) < QUEUED_STALE_MS) continue;
      repos.images.remove(image.id);
      removedImages.push(image.id);
      for (const format of ['qcow2', 'raw'] as const) unlinkQuietly(imageFilePath(dataDir, { id: image.id, diskFormat: format }));
    }
  });
  return { partFiles: removedParts, images: removedImages };
}

/** Delete a file, ignoring "already gone". */
export function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

const virtualSizes = new Map<string, number>();

/**
 * The virtual size of an imported image, read from its cached file (the qcow2 header, or the size of a raw file) and
 * remembered: the files never change once imported. Null when the file is missing.
 */
export async function imageVirtualSize(dataDir: string, image: Pick<ImageRecord, 'id' | 'diskFormat'>): Promise<number | null> {
  const path = imageFilePath(dataDir, image);
  const known = virtualSizes.get(path);
  if (known !== undefined) return known;
  let size: number;
  try {
    if (image.diskFormat !== 'qcow2') {
      size = statSync(path).size;
    } else {
      const handle = await open(path, 'r');
      try {
        const head = Buffer.alloc(4096);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        const used = head.subarray(0, bytesRead);
        if (!isQcow(used)) return null;
        size = readQcow2Header(used, (await handle.stat()).size).virtualSizeBytes;
      } finally {
        await handle.close();
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  virtualSizes.set(path, size);
  return size;
}
