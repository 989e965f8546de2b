// Web mode's image upload endpoint, shared by main (main/server/image-upload.ts) and the renderer's web backend.
// Zod-free, so the renderer imports it at run time.

/** Path of the upload endpoint: `POST /upload/image?name=…` with the file as the raw body. */
export const IMAGE_UPLOAD_PATH = '/upload/image';

/** Header carrying the session secret (a header, never the query: URLs end up in logs and history). */
export const UPLOAD_SECRET_HEADER = 'x-virt-deck-secret';

/** Largest upload web mode accepts unless told otherwise (64 GiB: a large cloud image, not a whole disk farm). */
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 ** 3;
