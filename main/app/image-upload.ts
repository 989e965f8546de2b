// An uploaded image (web mode's POST /upload/image) goes through the same import as `images.import`: the stream is
// handed to importImage, which sniffs, hashes and caches it. This file only adapts the answer to the contract's.
import type { Readable } from 'node:stream';
import { contract, type ResultOf } from '../../common/contract/channels';
import type { CallResult } from '../../common/contract/errors';
import { mapError } from '../api/errors';
import type { ImageService } from '../images';

/** What an upload carries besides its bytes. */
export interface ImageUploadRequest {
  readonly name: string;
  /** The declared body length (Content-Length): checked against what arrives. */
  readonly sizeBytes: number;
  /** The client's file name, shown as the image's source. */
  readonly fileName?: string | undefined;
  /** Fires when the client goes away mid-upload. */
  readonly signal: AbortSignal;
}

/** Import one upload; the answer is the contract's `images.import` result or its error, never a throw. */
export type ImageUploadSink = (source: Readable, request: ImageUploadRequest) => Promise<CallResult<ResultOf<'images.import'>>>;

/** The sink over an image service (the app's, with its activity registry: the import shows in the activity panel). */
export function imageUploadSink(images: () => ImageService, log: (message: string) => void = () => undefined): ImageUploadSink {
  const resultSchema = contract['images.import'].result;
  return async (source, request) => {
    try {
      const service = images();
      const imported = await service.importStream(
        { source, name: request.name, sizeHint: request.sizeBytes, sourceLabel: `upload: ${request.fileName ?? request.name}` },
        { signal: request.signal },
      );
      const value = resultSchema.parse({ image: await service.show(imported.image.id), notes: imported.notes });
      return { ok: true, value };
    } catch (error) {
      const mapped = mapError(error, 'image upload');
      if (!mapped.expected) log(`virt-deck: image upload failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { ok: false, error: mapped.info };
    }
  };
}
