// Image imports write `<dataDir>/images/<id>.<pid>-<starttime>.part` and rename it when complete: a `.part` file
// whose writer is gone is a dead import's leftover.
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** `<id>.<pid>-<starttime|->.part`: the owner is in the name. */
const OWNED_PART = /\.(\d+)-(\d+|-)\.part$/;

/** Options of {@link removeDeadPartFiles}. */
export interface PartFileOptions {
  readonly isOwnerAlive: (owner: string) => boolean;
  /** A `.part` file without an owner in its name is removed once untouched this long (default 10 min). */
  readonly graceMs?: number;
  readonly nowMs?: number;
}

/**
 * Remove `.part` files of imports that died: those naming an owner that no longer runs, and those naming none that
 * nobody wrote to for `graceMs` (an import writes continuously). Returns the names removed; a missing folder is
 * nothing to do.
 */
export function removeDeadPartFiles(dataDir: string, options: PartFileOptions): string[] {
  const dir = join(dataDir, 'images');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const now = options.nowMs ?? Date.now();
  const removed: string[] = [];
  for (const name of names) {
    if (!name.endsWith('.part')) continue;
    const path = join(dir, name);
    const owned = OWNED_PART.exec(name);
    const dead = owned !== null ? !options.isOwnerAlive(`${owned[1]}:${owned[2]}@${hostname()}`) : isUntouched(path, now, options.graceMs ?? 600_000);
    if (dead && unlinkIfThere(path)) removed.push(name);
  }
  return removed;
}

function isUntouched(path: string, now: number, graceMs: number): boolean {
  try {
    return now - statSync(path).mtimeMs >= graceMs;
  } catch {
    return false;
  }
}

function unlinkIfThere(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
