import { createHash } from 'node:crypto';

/**
 * The base volume of an image on every host: `_base_<sha1(image id)>`, Nova's `_base/<sha1>` cache file with the
 * directory folded into the name (a dir pool has no subdirectories). The same name on every host and in every pool,
 * so recovery can recognise one from its name alone.
 */
export function baseVolumeName(imageId: string): string {
  return `_base_${createHash('sha1').update(imageId).digest('hex')}`;
}

/** Whether a volume name is a base volume's. */
export function isBaseVolumeName(name: string): boolean {
  return /^_base_[0-9a-f]{40}$/.test(name);
}
