import { chmodSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

/** The last `lines` lines of a text file, or '' if it cannot be read. */
export function tailOfFile(path: string, lines: number): string {
  return readTextOr(path, '').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Write a file through a rename so readers never see half of it. */
export function writeFileAtomic(path: string, content: string | Buffer, mode = 0o644): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode });
  chmodSync(temp, mode);
  renameSync(temp, path);
}

/** A text file's content, or `fallback` if it cannot be read. */
export function readTextOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** Write a file only if its content differs (keeps mtimes stable and avoids rewriting live configs). */
export function writeIfChanged(path: string, content: string, mode = 0o644): void {
  if (readTextOr(path, '\0missing') === content) {
    chmodSync(path, mode);
    return;
  }
  writeFileAtomic(path, content, mode);
}

/** Entries of a directory, or [] if it cannot be read. */
export function readDirOr(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Whether a path exists. */
export function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
