import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import type { SshConfigSystem } from './reader';

/** Largest config file read (OpenSSH has no limit; a config this size is a mistake or an attack). */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** Reads at most MAX_CONFIG_BYTES (so `/dev/zero` or a huge file is refused, `/dev/null` is empty). */
function readBounded(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_CONFIG_BYTES) throw new Error(`larger than ${MAX_CONFIG_BYTES} bytes`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function readPasswd(): string[][] {
  try {
    return readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  } catch {
    return [];
  }
}

function readGroups(): string[][] {
  try {
    return readFileSync('/etc/group', 'utf8').split('\n').map((line) => line.split(':'));
  } catch {
    return [];
  }
}

/** Debian's `secure_permissions` (OpenSSH's user-group-modes patch). */
function securePermissions(st: Stats, uid: number): boolean {
  if (st.uid !== 0 && st.uid !== uid) return false;
  if ((st.mode & 0o002) !== 0) return false;
  if ((st.mode & 0o020) === 0) return true;
  // Group-writable is fine only when the group's sole member (primary or listed) is the user.
  const group = readGroups().find((fields) => fields[2] === String(st.gid));
  if (group === undefined) return false;
  const passwd = readPasswd();
  let members = 0;
  for (const fields of passwd) {
    if (fields[3] !== String(st.gid)) continue;
    members++;
    if (fields[2] !== String(uid)) return false;
  }
  const owner = passwd.find((fields) => fields[2] === String(st.uid));
  if (owner === undefined) return false;
  const listed = (group[3] ?? '').split(',').filter((name) => name !== '');
  if (listed.length > 0) {
    members++;
    if (listed[0] !== owner[0] || listed.length > 1) return false;
  }
  return members > 0;
}

function lookupService(name: string): number | null {
  let text: string;
  try {
    text = readFileSync('/etc/services', 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [entry] = line.split('#', 1);
    const words = (entry ?? '').trim().split(/\s+/);
    const m = /^(\d+)\/tcp$/.exec(words[1] ?? '');
    if (m && (words[0] === name || words.slice(2).includes(name))) return Number(m[1]);
  }
  return null;
}

/** The real machine: files, passwd home, environment, /etc/services. */
export function nodeSshConfigSystem(overrides: { readonly homeDir?: string; readonly localUser?: string } = {}): SshConfigSystem {
  const info = userInfo();
  const services = new Map<string, number | null>();
  return {
    homeDir: overrides.homeDir ?? homedir(),
    localUser: overrides.localUser ?? info.username,
    uid: info.uid,
    localHostName: hostname(),
    env: (name) => process.env[name],
    userHome: (name) => readPasswd().find((fields) => fields[0] === name)?.[5] ?? null,
    servicePort(name) {
      if (!services.has(name)) services.set(name, lookupService(name));
      return services.get(name)!;
    },
    readFile(path) {
      let isDirectory: boolean;
      try {
        isDirectory = statSync(path).isDirectory();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new Error((error as Error).message, { cause: error });
      }
      // fopen() of a folder works and reads nothing, as OpenSSH finds.
      return isDirectory ? '' : readBounded(path);
    },
    safelyOwned(path) {
      try {
        return securePermissions(statSync(path), info.uid);
      } catch {
        return true;
      }
    },
    readDir(path) {
      try {
        return readdirSync(path);
      } catch {
        return null;
      }
    },
    exists(path) {
      try {
        lstatSync(path);
        return true;
      } catch {
        return false;
      }
    },
    isDirectory(path) {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
