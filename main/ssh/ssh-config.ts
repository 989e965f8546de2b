import { matchPattern, matchPatternList } from './patterns';

/** The ssh_config settings we honour for one host (first value wins, as in OpenSSH). */
export interface SshHostConfig {
  hostName?: string;
  port?: number;
  user?: string;
  /** IdentityFile values in order (they accumulate), with `~` and `%` tokens still unexpanded. */
  identityFiles: string[];
  identitiesOnly?: boolean;
  identityAgent?: string;
  userKnownHostsFiles?: string[];
  strictHostKeyChecking?: 'yes' | 'no' | 'ask' | 'accept-new';
  hostKeyAlias?: string;
  proxyJump?: string;
  proxyCommand?: string;
  connectTimeoutSeconds?: number;
  serverAliveIntervalSeconds?: number;
  serverAliveCountMax?: number;
  /** Things we saw but cannot honour, e.g. an unsupported `Match` criterion. */
  warnings: string[];
}

/** How the resolver reaches the file system (a plain map in tests). */
export interface SshConfigSource {
  /** Returns the file's text, or null when it does not exist. */
  readFile(path: string): string | null;
  /** Lists a folder's entry names for `Include` globs, or [] when it does not exist. */
  listDir(path: string): string[];
  /** Folder relative `Include` paths start from (`~/.ssh` for the user's file). */
  readonly baseDir: string;
  readonly homeDir: string;
}

const MAX_INCLUDE_DEPTH = 16;

/** Resolves the settings that apply to `host` (the name the user typed) from an ssh_config file. */
export function resolveSshConfig(host: string, file: string, source: SshConfigSource): SshHostConfig {
  const state: ResolveState = { host, config: { identityFiles: [], warnings: [] }, source };
  readConfigFile(file, state, 0);
  return state.config;
}

interface ResolveState {
  readonly host: string;
  readonly config: SshHostConfig;
  readonly source: SshConfigSource;
}

function readConfigFile(file: string, state: ResolveState, depth: number): void {
  const text = state.source.readFile(file);
  if (text === null) return;
  // Lines before the first Host/Match apply to every host.
  let active = true;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const parsed = splitDirective(lines[i]!);
    if (!parsed) continue;
    const [keyword, args] = parsed;
    const where = `${file}:${i + 1}`;
    if (keyword === 'host') active = matchPatternList(state.host, args.join(' ')) === true;
    else if (keyword === 'match') active = evaluateMatch(args, state, where);
    else if (!active) continue;
    else if (keyword === 'include') includeFiles(args, state, depth, where);
    else applySetting(keyword, args, state.config, where);
  }
}

function includeFiles(args: string[], state: ResolveState, depth: number, where: string): void {
  if (depth >= MAX_INCLUDE_DEPTH) {
    state.config.warnings.push(`${where}: Include nested deeper than ${MAX_INCLUDE_DEPTH}; ignored`);
    return;
  }
  for (const arg of args) {
    const path = expandHome(arg, state.source.homeDir);
    const absolute = path.startsWith('/') ? path : `${state.source.baseDir}/${path}`;
    for (const file of expandGlob(absolute, state.source)) readConfigFile(file, state, depth + 1);
  }
}

/** Expands a `*`/`?` glob in the last path component (the common `config.d/*` form), sorted like glob(3). */
function expandGlob(path: string, source: SshConfigSource): string[] {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash) || '/';
  const name = path.slice(slash + 1);
  if (!/[*?]/.test(name)) return [path];
  return source
    .listDir(dir)
    .filter((entry) => !entry.startsWith('.') && matchPattern(entry, name))
    .sort()
    .map((entry) => `${dir}/${entry}`);
}

function evaluateMatch(args: string[], state: ResolveState, where: string): boolean {
  const current = state.config.hostName ?? state.host;
  let result = true;
  for (let i = 0; i < args.length; i++) {
    const criterion = args[i]!.toLowerCase();
    if (criterion === 'all') continue;
    const value = args[++i];
    if (value === undefined) {
      state.config.warnings.push(`${where}: Match ${criterion} needs an argument; block ignored`);
      return false;
    }
    if (criterion === 'host') result &&= matchPatternList(current, value) === true;
    else if (criterion === 'originalhost') result &&= matchPatternList(state.host, value) === true;
    else if (criterion === 'user') result &&= state.config.user !== undefined && matchPatternList(state.config.user, value) === true;
    else {
      state.config.warnings.push(`${where}: Match ${criterion} is not supported; block ignored`);
      return false;
    }
  }
  return result;
}

function applySetting(keyword: string, args: string[], c: SshHostConfig, where: string): void {
  const value = args[0];
  if (value === undefined) return;
  switch (keyword) {
    case 'hostname':
      c.hostName ??= value;
      break;
    case 'port': {
      const port = Number(value);
      if (Number.isInteger(port) && port > 0 && port < 65536) c.port ??= port;
      else c.warnings.push(`${where}: bad Port "${value}"; ignored`);
      break;
    }
    case 'user':
      c.user ??= value;
      break;
    case 'identityfile':
      c.identityFiles.push(value);
      break;
    case 'identitiesonly':
      c.identitiesOnly ??= yes(value);
      break;
    case 'identityagent':
      c.identityAgent ??= value;
      break;
    case 'userknownhostsfile':
      c.userKnownHostsFiles ??= args;
      break;
    case 'stricthostkeychecking': {
      const v = value.toLowerCase();
      const mode = v === 'true' ? 'yes' : v === 'false' || v === 'off' ? 'no' : v;
      if (mode === 'yes' || mode === 'no' || mode === 'ask' || mode === 'accept-new') c.strictHostKeyChecking ??= mode;
      break;
    }
    case 'hostkeyalias':
      c.hostKeyAlias ??= value;
      break;
    case 'proxyjump':
      c.proxyJump ??= value;
      break;
    case 'proxycommand':
      c.proxyCommand ??= args.join(' ');
      break;
    case 'connecttimeout':
      c.connectTimeoutSeconds ??= positive(value);
      break;
    case 'serveraliveinterval':
      c.serverAliveIntervalSeconds ??= positive(value);
      break;
    case 'serveralivecountmax':
      c.serverAliveCountMax ??= positive(value);
      break;
    default:
      break;
  }
}

/** Splits `Keyword value…` or `Keyword=value…`, honouring double quotes; null for blanks and comments. */
export function splitDirective(line: string): [string, string[]] | null {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return null;
  const m = /^([A-Za-z]+)(?:\s*=\s*|\s+)(.*)$/.exec(trimmed);
  if (!m) return [trimmed.toLowerCase(), []];
  const args: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let t = re.exec(m[2]!); t; t = re.exec(m[2]!)) args.push(t[1] ?? t[2]!);
  return [m[1]!.toLowerCase(), args];
}

function yes(v: string): boolean {
  return ['yes', 'true'].includes(v.toLowerCase());
}

function positive(v: string): number | undefined {
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `~` or `~/…` → the home folder. */
export function expandHome(path: string, homeDir: string): string {
  if (path === '~') return homeDir;
  return path.startsWith('~/') ? `${homeDir}${path.slice(1)}` : path;
}

/** Values for ssh_config `%` tokens. */
export interface SshTokens {
  /** %h: the host name actually dialled. */
  readonly host: string;
  /** %n: the host name as typed. */
  readonly originalHost: string;
  readonly port: number;
  /** %r: the remote user. */
  readonly user: string;
  /** %u: the local user. */
  readonly localUser: string;
  /** %d: the local home folder. */
  readonly homeDir: string;
}

/** Expands `~` and the `%` tokens OpenSSH allows in IdentityFile and UserKnownHostsFile. */
export function expandPath(path: string, tokens: SshTokens): string {
  const map: Record<string, string> = {
    '%': '%',
    h: tokens.host,
    n: tokens.originalHost,
    p: String(tokens.port),
    r: tokens.user,
    u: tokens.localUser,
    d: tokens.homeDir,
  };
  const expanded = path.replace(/%(.)/g, (whole, ch: string) => map[ch] ?? whole);
  return expandHome(expanded, tokens.homeDir);
}
