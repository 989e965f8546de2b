import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the generator writes and caches, relative to the repository. */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the generated files live (committed). */
export const GENERATED_DIR = join(REPO, 'main', 'libvirt', 'generated');
/** Where the downloaded libvirt source is kept between runs. */
export const SOURCE_CACHE_DIR = join(REPO, 'node_modules', '.cache', 'libvirt-src');
