import { statSync } from 'node:fs';

/**
 * A warning when users other than the owner can reach the data directory, else null. The inventory names hosts,
 * user names and key file paths; the directory is created 0700, but one made by hand (or by an older version)
 * may be open. POSIX modes only: on Windows the profile's ACLs decide, and there is nothing to read here.
 */
export function dataDirAccessWarning(dataDir: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') return null;
  let mode: number;
  try {
    mode = statSync(dataDir).mode & 0o777;
  } catch {
    return null; // not there (yet): nothing to warn about
  }
  if ((mode & 0o077) === 0) return null;
  return `The data directory ${dataDir} is accessible to other users (mode ${mode.toString(8).padStart(4, '0')}); it names hosts, user names and key files: chmod 700 ${dataDir}`;
}
