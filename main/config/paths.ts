import { homedir } from 'node:os';
import { isAbsolute, join, posix, resolve, win32 } from 'node:path';

/** Directory name of the app's data on Linux (XDG style: lower case, no spaces). */
export const LINUX_DATA_DIR_NAME = 'virt-deck';

/** Directory name of the app's data on macOS and Windows (the product name, as Electron uses it there). */
export const PRODUCT_DATA_DIR_NAME = 'Virt Deck';

/** File name of the SQLite inventory inside the data directory. */
export const INVENTORY_FILE_NAME = 'inventory.sqlite3';

/** What the data directory is resolved from; every field defaults to the running process. */
export interface DataDirInputs {
  /** An explicit directory (`--data-dir`, an option of the web server or Electron): wins over everything. */
  readonly dataDir?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  readonly homeDir?: string;
  /** Base for resolving a relative explicit `dataDir` (the CLI's working directory). */
  readonly cwd?: string;
}

/** The data directory could not be determined (no home directory and no override). */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/**
 * Resolve the app's data directory, shared by the CLI, web mode and Electron so all three see one inventory.
 *
 * Order: explicit `dataDir` → `$VIRT_DECK_DATA_DIR` → the platform default:
 * Linux `$XDG_DATA_HOME/virt-deck` or `~/.local/share/virt-deck` (the inventory is data, not configuration, in XDG
 * terms), macOS `~/Library/Application Support/Virt Deck`, Windows `%APPDATA%\Virt Deck`.
 * Electron's own `userData` default is `~/.config/<name>` on Linux, so the Electron shell must call
 * `app.setPath('userData', resolveDataDir())` before `ready` instead of relying on its default.
 */
export function resolveDataDir(inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const path = platform === 'win32' ? win32 : posix;
  const cwd = inputs.cwd ?? process.cwd();

  const explicit = nonEmpty(inputs.dataDir) ?? nonEmpty(env['VIRT_DECK_DATA_DIR']);
  if (explicit !== undefined) return path.resolve(cwd, explicit);

  const home = inputs.homeDir ?? safeHomeDir();
  switch (platform) {
    case 'darwin':
      return path.join(requireHome(home), 'Library', 'Application Support', PRODUCT_DATA_DIR_NAME);
    case 'win32': {
      // %APPDATA% is the roaming profile Electron uses for appData; USERPROFILE is its documented fallback.
      const appData = nonEmpty(env['APPDATA']) ?? path.join(requireHome(nonEmpty(env['USERPROFILE']) ?? home), 'AppData', 'Roaming');
      return path.join(appData, PRODUCT_DATA_DIR_NAME);
    }
    default: {
      // The XDG spec says relative values of XDG_* must be ignored.
      const xdg = nonEmpty(env['XDG_DATA_HOME']);
      const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(requireHome(home), '.local', 'share');
      return path.join(base, LINUX_DATA_DIR_NAME);
    }
  }
}

/** Path of the inventory database file inside a data directory. */
export function inventoryPath(dataDir: string): string {
  return isAbsolute(dataDir) ? join(dataDir, INVENTORY_FILE_NAME) : join(resolve(dataDir), INVENTORY_FILE_NAME);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function safeHomeDir(): string | undefined {
  try {
    return nonEmpty(homedir());
  } catch {
    return undefined;
  }
}

function requireHome(home: string | undefined): string {
  if (home === undefined || home === '') {
    throw new DataDirError('Cannot find the home directory to place the Virt Deck data directory: set VIRT_DECK_DATA_DIR or pass --data-dir');
  }
  return home;
}
