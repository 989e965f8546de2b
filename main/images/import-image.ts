// Import: one pass over the source decides the format, hashes it and copies it into the local image cache.
// The source is a Readable so that a file, an HTTP upload or a WebSocket stream can all feed it.
import { createHash, randomUUID } from 'node:crypto';
import { constants as fsConstants, createWriteStream, openSync } from 'node:fs';
import { open, rename, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TransferMeter, type ActivityRegistry, type ByteProgress } from '../activity';
import { InvalidInputError } from '../inventory/errors';
import type { ImageRecord, ImageVisibility } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { resolveProject } from '../inventory/services/resolve';
import { validateName } from '../quota/validation';
import { fileKind } from '../ssh/bounded-file';
import { ImageSourceError } from './errors';
import { ImageSniffer } from './formats/sniffer';
import { imageCacheDir, imageFilePath, partFilePath, removeInterruptedImports, unlinkQuietly } from './image-cache';
import { validateImageProperties } from './properties';

/** Where images live: the inventory and the data directory holding the cache. */
export interface ImageDeps {
  readonly store: InventoryStore;
  readonly dataDir: string;
}

/** What an import takes besides the bytes. */
export interface ImageImportFields {
  readonly name: string;
  /** Glance's os_type: `linux` or `windows`. */
  readonly osType?: string;
  /** Smallest root disk (GiB) a flavor must have; raised to the image's virtual size when lower. */
  readonly minDiskGiB?: number;
  /** Smallest RAM (MiB) a flavor must have. */
  readonly minRamMiB?: number;
  readonly properties?: Readonly<Record<string, string>>;
  readonly visibility?: ImageVisibility;
  /** Owner project (name or id); default none. */
  readonly project?: string;
}

/** An import from any stream. */
export interface ImportImageInput extends ImageImportFields {
  readonly source: Readable;
  /** Bytes the source is announced to hold (for progress, and checked at the end); null when unknown. */
  readonly sizeHint?: number | null;
  /** Where the bytes came from (a path, "upload: name.qcow2"), kept for display. */
  readonly sourceLabel?: string | null;
}

/** How an import reports and stops. */
export interface ImportImageOptions {
  readonly onProgress?: (progress: ByteProgress) => void;
  readonly signal?: AbortSignal;
  /** Where the import shows up as an activity (kind `import`). */
  readonly activity?: ActivityRegistry;
}

/** An import's result. */
export interface ImportedImage {
  readonly image: ImageRecord;
  readonly virtualSizeBytes: number;
  /** Things the user should know (min_disk raised to the virtual size). */
  readonly notes: readonly string[];
}

const GIB = 1024 ** 3;
/** An import in progress bumps its row this often, so other processes can tell it from a dead one. */
const HEARTBEAT_MS = 10_000;
/** Largest min_disk/min_ram accepted (a signed 32-bit column, as Nova). */
const MAX_MIN = 2_147_483_647;

function checkWhole(what: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_MIN) throw new InvalidInputError(`Invalid ${what}: must be a whole number from 0 to ${MAX_MIN}, not ${value}`);
  return value;
}

/** Check every field before a byte is read: a bad name must not cost a 4 GiB copy. */
function checkFields(fields: ImageImportFields): { name: string; properties: Record<string, string>; minDiskGiB: number; minRamMiB: number } {
  const name = validateName('image name', fields.name);
  if (!name.ok) throw new InvalidInputError(name.message);
  const properties = validateImageProperties({ ...fields.properties, ...(fields.osType === undefined ? {} : { os_type: fields.osType }) });
  return {
    name: name.value,
    properties,
    minDiskGiB: checkWhole('min_disk (GiB)', fields.minDiskGiB) ?? 0,
    minRamMiB: checkWhole('min_ram (MiB)', fields.minRamMiB) ?? 0,
  };
}

/**
 * Import an image from a stream: the row is `queued` while the bytes are copied to `<id>.<pid>-<start>.part` in the
 * cache, hashed and sniffed on the way; once they are complete and acceptable the file is synced, renamed to
 * `<id>.<format>` (mode 0600) and the row becomes `active`. Any failure — a refused format, a short source, an abort —
 * removes the part file and the row, so nothing half-imported is ever `active` or left on disk.
 */
export async function importImage(deps: ImageDeps, input: ImportImageInput, options: ImportImageOptions = {}): Promise<ImportedImage> {
  const fields = checkFields(input);
  const { store, dataDir } = deps;
  const ownerProjectId = input.project === undefined ? null : store.read((repos) => resolveProject(repos, input.project).id);
  try {
    removeInterruptedImports(store, dataDir);
  } catch {
    // Cleaning up after others is best effort; this import does not depend on it.
  }
  imageCacheDir(dataDir);
  const id = randomUUID();
  const part = partFilePath(dataDir, id);
  // The part file exists before the row does, so a cleaner never sees a queued row without its live part file.
  const fd = openSync(part, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
  // The stream owns the descriptor from here on: it syncs it before closing (`flush`), and closes it on failure.
  const sink = createWriteStream(part, { fd, flush: true });
  let finalPath: string | null = null;
  let row: ImageRecord | null = null;
  const activity = options.activity?.start({ kind: 'import', title: `Import image ${fields.name}`, message: input.sourceLabel ?? undefined });
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    row = store.write((repos) =>
      repos.images.insert({
        id,
        name: fields.name,
        status: 'queued',
        diskFormat: 'raw',
        source: input.sourceLabel ?? null,
        sizeBytes: input.sizeHint ?? null,
        minDiskGiB: fields.minDiskGiB,
        minRamMiB: fields.minRamMiB,
        properties: fields.properties,
        visibility: input.visibility ?? 'public',
        ownerProjectId,
      }),
    );
    activity?.progress({ kind: 'bytes', bytes: 0, total: input.sizeHint ?? null, rate: 0, etaSeconds: null });
    heartbeat = setInterval(() => {
      try {
        store.write((repos) => repos.images.update(id, {}));
      } catch {
        // A missed heartbeat only makes the row look stale sooner; the part file still marks it live.
      }
    }, HEARTBEAT_MS);
    heartbeat.unref();

    const sniffer = new ImageSniffer();
    const hash = createHash('sha256');
    const meter = new TransferMeter({
      total: input.sizeHint ?? null,
      report: (progress) => {
        options.onProgress?.(progress);
        activity?.progress(progress);
      },
    });
    const inspect = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        try {
          sniffer.push(chunk);
        } catch (error) {
          done(error as Error);
          return;
        }
        hash.update(chunk);
        meter.add(chunk.length);
        done(null, chunk);
      },
    });
    try {
      await pipeline(input.source, inspect, sink, ...(options.signal === undefined ? [] : [{ signal: options.signal }]));
    } catch (error) {
      throw readFailure(error, input.sourceLabel ?? fields.name, options.signal);
    }
    const sniffed = sniffer.finish();
    meter.finish();
    if (input.sizeHint != null && sniffed.sizeBytes !== input.sizeHint) {
      const label = input.sourceLabel ? ` ${input.sourceLabel}` : '';
      throw new ImageSourceError(
        `The image source${label} delivered ${sniffed.sizeBytes} bytes, not the ${input.sizeHint} announced: it changed while being read, or the upload was cut short`,
      );
    }
    finalPath = imageFilePath(dataDir, { id, diskFormat: sniffed.format });
    await rename(part, finalPath);

    const neededGiB = Math.ceil(sniffed.virtualSizeBytes / GIB);
    const notes: string[] = [];
    if (fields.minDiskGiB < neededGiB && input.minDiskGiB !== undefined) {
      notes.push(`min_disk raised from ${fields.minDiskGiB} to ${neededGiB} GiB: the image's virtual size is ${sniffed.virtualSizeBytes} bytes`);
    }
    const image = store.write((repos) =>
      repos.images.update(id, {
        status: 'active',
        diskFormat: sniffed.format,
        sizeBytes: sniffed.sizeBytes,
        checksumSha256: hash.digest('hex'),
        minDiskGiB: Math.max(fields.minDiskGiB, neededGiB),
      }),
    );
    activity?.succeed(`${sniffed.format}, ${sniffed.sizeBytes} bytes`);
    return { image, virtualSizeBytes: sniffed.virtualSizeBytes, notes };
  } catch (error) {
    activity?.fail(error);
    await closeStream(sink);
    unlinkQuietly(part);
    if (finalPath !== null) unlinkQuietly(finalPath);
    if (row !== null) store.write((repos) => repos.images.remove(id));
    input.source.destroy();
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

/** Destroy a write stream and wait until its descriptor is closed. */
function closeStream(stream: NodeJS.WritableStream & { destroy(): void; closed: boolean; once(event: 'close', listener: () => void): unknown }): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('close', resolve);
    stream.destroy();
  });
}

/** An import-stream failure as the user should read it (a refusal keeps its own message). */
function readFailure(error: unknown, what: string, signal: AbortSignal | undefined): unknown {
  // A refusal first: refusing a format mid-body destroys the source, which can look like a cancel to the caller.
  if (error instanceof Error && error.name === 'UnsupportedImageError') return error;
  if (signal?.aborted) return new ImageSourceError(`Import of ${what} was cancelled`, { cause: error });
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E')) {
    return new ImageSourceError(`Cannot read ${what}: ${error.message}`, { cause: error });
  }
  return error;
}

/** What importing a file takes. */
export interface ImportImageFileInput extends ImageImportFields {
  readonly path: string;
}

/**
 * Import an image file. The path must name a regular file (a FIFO or a device would never end, or never match the
 * size read up front); it is opened non-blocking and checked again through the handle, should it change in between.
 */
export async function importImageFile(deps: ImageDeps, input: ImportImageFileInput, options: ImportImageOptions = {}): Promise<ImportedImage> {
  checkFields(input);
  const { path } = input;
  let before;
  try {
    before = await stat(path);
  } catch (error) {
    throw new ImageSourceError(`Cannot read image file ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (!before.isFile()) throw new ImageSourceError(`Cannot import ${path}: it is ${fileKind(before)}, not a regular file`);
  const handle = await open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK).catch((error: unknown) => {
    throw new ImageSourceError(`Cannot open image file ${path}: ${(error as Error).message}`, { cause: error });
  });
  const opened = await handle.stat();
  if (!opened.isFile()) {
    await handle.close();
    throw new ImageSourceError(`Cannot import ${path}: it is ${fileKind(opened)}, not a regular file`);
  }
  // 256 KiB reads: few enough syscalls for multi-GiB files.
  const source = handle.createReadStream({ highWaterMark: 256 * 1024 });
  return importImage(deps, { ...input, source, sizeHint: opened.size, sourceLabel: path }, options);
}

