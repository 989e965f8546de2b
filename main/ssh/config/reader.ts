import { matchPattern, matchPatternList } from '../patterns';
import { glob, type GlobFs } from './glob';
import { ArgCursor, keywordHandler, type LineContext } from './keywords';
import { splitArguments, splitLine, strdelim, type Cursor } from './lexer';
import type { SshOptions } from './options';
import { expandTilde, expandTokens, type ExpansionError } from './tokens';

/** What reading config files needs from the machine (the real one, or a test's). */
export interface SshConfigSystem extends GlobFs {
  /** passwd home folder: `~`, `%d`. */
  readonly homeDir: string;
  readonly localUser: string;
  readonly uid: number;
  /** gethostname(): `%l`, `%L`, `%C`. */
  readonly localHostName: string;
  env(name: string): string | undefined;
  /** Home folder of another user (`~user/`), or null when there is no such user. */
  userHome(name: string): string | null;
  /** Port of a TCP service name (`ssh` → 22), or null. */
  servicePort(name: string): number | null;
  /** The file's text; null when it does not exist; throws (with the reason) when it cannot be read. */
  readFile(path: string): string | null;
  /**
   * OpenSSH's (Debian's `secure_permissions`) check on included files and `~/.ssh/config`: owned by
   * root or the user, not writable by others, group-writable only when the user is the group's only member.
   */
  safelyOwned(path: string): boolean;
}

/** One config file to read, and how OpenSSH treats it. */
export interface SshConfigFileRef {
  readonly path: string;
  /** A user file (relative Include under `~/.ssh`, `~` allowed) rather than the system one (`/etc/ssh`). */
  readonly userConfig: boolean;
  /** Missing is an error (`ssh -F`), rather than nothing to read. */
  readonly required: boolean;
  /** Refuse it when another user owns it or others may write it (OpenSSH does for `~/.ssh/config`). */
  readonly checkPermissions: boolean;
}

/** A `Match exec` whose command OpenSSH would run at this point, identified by place. */
export interface ExecSite {
  readonly key: string;
  readonly where: string;
  readonly command: string;
}

/** State of one pass over the files. */
export interface PassState {
  /** The name Host lines are matched against (the typed host; the final host name in the final pass). */
  readonly host: string;
  readonly originalHost: string;
  readonly finalPass: boolean;
  readonly options: SshOptions;
  readonly sys: SshConfigSystem;
  /** What a `Match exec` would have answered (Virt Deck never runs it; the caller tries both answers). */
  readonly execAnswer: (site: ExecSite) => boolean;
  wantFinalPass: boolean;
  readonly problems: string[];
  readonly notices: string[];
}

const MAX_DEPTH = 16;
/** Exec criteria may use these tokens (anything else is fatal in OpenSSH, even when not run). */
const EXEC_TOKENS = 'CLdhklnpriu';

interface FileFlags {
  readonly userConfig: boolean;
  readonly neverMatch: boolean;
  readonly checkPermissions: boolean;
}

/** Reads a top-level config file (`read_config_file`): lines before any Host/Match apply to every host. */
export function readTopFile(ref: SshConfigFileRef, state: PassState): void {
  const flags = { userConfig: ref.userConfig, neverMatch: false, checkPermissions: ref.checkPermissions };
  const status = readFile(ref.path, state, flags, { active: true }, 0);
  if (status !== 'read' && ref.required) state.problems.push(`Can't open user config file ${ref.path}: ${status === 'missing' ? 'No such file or directory' : status}`);
}

/** 'read', 'missing', or why the file could not be opened. */
function readFile(path: string, state: PassState, flags: FileFlags, active: { active: boolean }, depth: number): string {
  if (depth > MAX_DEPTH) throw new FatalConfigError('Too many recursive configuration includes');
  let text: string | null;
  try {
    text = state.sys.readFile(path);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (text === null) return 'missing';
  if (flags.checkPermissions) {
    if (!state.sys.safelyOwned(path)) throw new FatalConfigError(`Bad owner or permissions on ${path}`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    // C strings end at a NUL byte.
    const line = raw.split('\0', 1)[0]!;
    processLine(line, `${path} line ${index + 1}`, state, flags, active, depth);
  });
  return 'read';
}

/** A configuration OpenSSH stops at once on (rather than after counting bad lines). */
export class FatalConfigError extends Error {
  override readonly name = 'FatalConfigError';
}

function processLine(line: string, where: string, state: PassState, flags: FileFlags, active: { active: boolean }, depth: number): void {
  const split = splitLine(line);
  if (split.kind === 'blank') return;
  const problem = (message: string): void => {
    state.problems.push(`${where}: ${message}`);
  };
  if (split.kind === 'missing-argument') return problem(`no argument after keyword "${split.keyword}"`);
  const { keyword, rest } = split;
  const handler = keywordHandler(keyword);
  const special = keyword === 'host' || keyword === 'match' || keyword === 'include';
  const ignoredUnknown = state.options.string('ignoreunknown');
  const ignored = !special && handler === undefined && ignoredUnknown !== undefined && matchPatternList(keyword, ignoredUnknown) === true;
  if (!special && handler === undefined && !ignored) return problem(`Bad configuration option: ${keyword}`);
  const words = splitArguments(rest);
  if (words === null) return problem('invalid quotes');
  if (ignored) return;
  const args = new ArgCursor(words);
  let failed = false;
  const ctx: LineContext = {
    keyword,
    rest,
    args,
    active: active.active,
    where,
    userConfig: flags.userConfig,
    options: state.options,
    env: (name) => state.sys.env(name),
    servicePort: (name) => state.sys.servicePort(name),
    error(message) {
      failed = true;
      problem(message);
    },
    notice: (message) => state.notices.push(`${where}: ${message}`),
  };
  if (keyword === 'host') hostLine(ctx, state, flags, active);
  else if (keyword === 'match') {
    const result = matchLine(ctx, state, flags);
    if (result === null) failed = true;
    else active.active = flags.neverMatch ? false : result;
    args.consumeAll();
  } else if (keyword === 'include') includeLine(ctx, state, flags, active, depth);
  else handler!(ctx);
  if (!failed && args.remaining > 0) problem(`keyword ${keyword} extra arguments at end of line`);
}

function hostLine(ctx: LineContext, state: PassState, flags: FileFlags, active: { active: boolean }): void {
  active.active = false;
  for (let arg = ctx.args.next(); arg !== undefined; arg = ctx.args.next()) {
    if (arg === '') return ctx.error(`keyword ${ctx.keyword} empty argument`);
    if (flags.neverMatch) return ctx.args.consumeAll();
    const negated = arg.startsWith('!');
    // Each word is one pattern, matched case-sensitively against the name as typed: no comma lists here.
    if (!matchPattern(state.host, negated ? arg.slice(1) : arg)) continue;
    if (negated) {
      active.active = false;
      return ctx.args.consumeAll();
    }
    active.active = true;
  }
}

/** `match_cfg_line`: true/false, or null for a bad condition (already reported). */
function matchLine(ctx: LineContext, state: PassState, flags: FileFlags): boolean | null {
  const { options, sys } = state;
  const ruser = options.string('user') ?? sys.localUser;
  let host: string;
  try {
    const configured = options.string('hostname');
    host = state.finalPass ? configured! : configured !== undefined ? expandTokens(configured, { h: state.host }, null) : state.host;
  } catch (error) {
    throw new FatalConfigError(`HostName: ${(error as Error).message}`);
  }
  const cursor: Cursor = { text: ctx.rest, pos: 0 };
  const bad = (message: string) => {
    ctx.error(message);
    ctx.error('Bad Match condition');
    return null;
  };
  let result = true;
  let attributes = 0;
  let index = 0;
  for (let attrib = strdelim(cursor); attrib !== null && attrib !== ''; attrib = strdelim(cursor), index++) {
    if (attrib.startsWith('#')) break;
    const negate = attrib.startsWith('!');
    const name = (negate ? attrib.slice(1) : attrib).toLowerCase();
    if (name === 'all') {
      const arg = strdelim(cursor);
      if (attributes > 1 || (arg !== null && arg !== '' && !arg.startsWith('#'))) return bad(`'${attrib}' cannot be combined with other Match attributes`);
      if (result) result = !negate;
      return result;
    }
    attributes++;
    if (name === 'canonical' || name === 'final') {
      if (name === 'final') state.wantFinalPass = true;
      if (state.finalPass === negate) result = false;
      continue;
    }
    const arg = strdelim(cursor);
    if (arg === null || arg === '' || arg.startsWith('#')) return bad(`Missing Match criteria for ${name}`);
    let matched: boolean;
    if (name === 'host') matched = matchPatternList(host, arg) === true;
    else if (name === 'originalhost') matched = matchPatternList(state.originalHost, arg) === true;
    else if (name === 'user') matched = matchPatternList(ruser, arg, { caseSensitive: true }) === true;
    else if (name === 'localuser') matched = matchPatternList(sys.localUser, arg, { caseSensitive: true }) === true;
    else if (name === 'exec') {
      // OpenSSH expands the tokens before deciding whether to run it: a bad token is fatal either way.
      const tokens = Object.fromEntries([...EXEC_TOKENS].map((t) => [t, `%${t}`]));
      try {
        expandTokens(arg, tokens, null);
      } catch (error) {
        throw new FatalConfigError(`${ctx.where}: Match exec: ${(error as ExpansionError).message}`);
      }
      // Skipped when an earlier criterion already failed; never run in Virt Deck.
      if (!result) continue;
      matched = flags.neverMatch ? false : state.execAnswer({ key: `${ctx.where}#${index}`, where: ctx.where, command: arg });
    } else {
      return bad(`Unsupported Match attribute ${name}`);
    }
    if (matched === negate) result = false;
  }
  if (attributes === 0) return bad('One or more attributes required for Match');
  return result;
}

function includeLine(ctx: LineContext, state: PassState, flags: FileFlags, active: { active: boolean }, depth: number): void {
  const { sys } = state;
  for (let arg = ctx.args.next(); arg !== undefined; arg = ctx.args.next()) {
    if (arg === '') return ctx.error(`keyword ${ctx.keyword} empty argument`);
    if (arg.startsWith('~') && !flags.userConfig) return ctx.error(`bad include path ${arg}.`);
    const anchored = arg.startsWith('/') || arg.startsWith('~') ? arg : `${flags.userConfig ? '~/.ssh' : '/etc/ssh'}/${arg}`;
    // glob's GLOB_TILDE leaves an unknown ~user as written (which then matches nothing).
    const pattern = expandTilde(anchored, sys.homeDir, (name) => sys.userHome(name)) ?? anchored;
    const files = glob(pattern, sys);
    const outer = active.active;
    for (const file of files) {
      const status = readFile(file, state, { userConfig: flags.userConfig, checkPermissions: true, neverMatch: flags.neverMatch || !outer }, active, depth + 1);
      // A Match inside an included file does not change the including file's state.
      active.active = outer;
      if (status !== 'read' && status !== 'missing') throw new FatalConfigError(`${ctx.where}: Can't open user config file ${file}: ${status}`);
    }
  }
}
