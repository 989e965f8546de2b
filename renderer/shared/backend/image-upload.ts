// Importing a local file as an image, from the page: web mode sends the bytes to main's upload endpoint with
// XMLHttpRequest (its upload progress events are the only browser API reporting bytes sent); Electron hands main the
// file's path (main reads the file itself, as `images.import` does for the CLI).
import type { ResultOf } from '../../../common/contract/channels';
import type { CallResult } from '../../../common/contract/errors';
import { IMAGE_UPLOAD_PATH, UPLOAD_SECRET_HEADER } from '../../../common/contract/upload-wire';
import { BackendError } from './backend';

/** Bytes sent so far of `total`. */
export interface UploadProgress {
  readonly sent: number;
  readonly total: number;
}

/** One import of a local file. */
export interface ImageUploadRequest {
  readonly file: File;
  /** The image's name. */
  readonly name: string;
  readonly onProgress: (progress: UploadProgress) => void;
  /** Cancels the upload (main then removes what it wrote). */
  readonly signal: AbortSignal;
}

/** What an import of a local file answers: the image as `images.import` returns it. */
export type ImportedImage = ResultOf<'images.import'>;

/** Import a local file; rejects with a BackendError naming the problem. */
export type ImageUploader = (request: ImageUploadRequest) => Promise<ImportedImage>;

/** The web mode uploader: `POST /upload/image` on this page's origin, the session secret in a header. */
export function xhrImageUploader(secret: string, base = ''): ImageUploader {
  return (request) =>
    new Promise<ImportedImage>((resolve, reject) => {
      if (request.signal.aborted) return reject(new BackendError('disconnected', 'The upload was cancelled'));
      const xhr = new XMLHttpRequest();
      const query = new URLSearchParams({ name: request.name, file: request.file.name });
      xhr.open('POST', `${base}${IMAGE_UPLOAD_PATH}?${query.toString()}`);
      xhr.setRequestHeader(UPLOAD_SECRET_HEADER, secret);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.responseType = 'text';
      xhr.upload.onprogress = (event) => request.onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : request.file.size });
      const onAbort = (): void => xhr.abort();
      request.signal.addEventListener('abort', onAbort, { once: true });
      const done = (): void => request.signal.removeEventListener('abort', onAbort);
      xhr.onload = () => {
        done();
        let answer: CallResult<ImportedImage> | null;
        try {
          answer = JSON.parse(xhr.responseText) as CallResult<ImportedImage>;
        } catch {
          answer = null;
        }
        if (answer === null) return reject(new BackendError('internal', `The upload failed: HTTP ${xhr.status} ${xhr.responseText.slice(0, 200)}`));
        if (answer.ok) resolve(answer.value);
        else reject(new BackendError(answer.error.code, answer.error.message));
      };
      xhr.onerror = () => {
        done();
        reject(new BackendError('disconnected', 'The upload failed: the connection to Virt Deck was lost'));
      };
      xhr.onabort = () => {
        done();
        reject(new BackendError('disconnected', 'The upload was cancelled'));
      };
      // The File itself: the browser streams it from disk, it is never read into memory here.
      xhr.send(request.file);
    });
}
