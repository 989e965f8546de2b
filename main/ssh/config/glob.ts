import { matchWildcard, type WildcardToken } from '../patterns';

/**
 * glob(3) as OpenSSH's `Include` calls it (glibc, `GLOB_TILDE`, sorted): `*`, `?` and `[…]` in any path
 * component (folders too), `\` escaping, names starting with `.` only matched by a pattern starting
 * with `.`, results in byte order. No regular expression is built from the pattern.
 */

/** What glob needs from the file system. */
export interface GlobFs {
  /** Entry names of a folder, or null when it cannot be read. */
  readDir(path: string): readonly string[] | null;
  /** lstat succeeds (a dangling symlink exists). */
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
}

type CharTest = (c: string) => boolean;
type Token = WildcardToken;

const CLASSES: Readonly<Record<string, CharTest>> = {
  alpha: (c) => /[A-Za-z]/.test(c),
  digit: (c) => /[0-9]/.test(c),
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  upper: (c) => /[A-Z]/.test(c),
  lower: (c) => /[a-z]/.test(c),
  space: (c) => /[ \t\n\v\f\r]/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
  cntrl: (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127,
  print: (c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127,
  graph: (c) => c.charCodeAt(0) > 32 && c.charCodeAt(0) < 127,
};

/** Parses `[…]` starting at `start` (the `[`); null when it is not closed (then `[` is literal). */
function parseBracket(p: string, start: number): { test: CharTest; end: number } | null {
  let i = start + 1;
  const negate = p[i] === '!' || p[i] === '^';
  if (negate) i++;
  const tests: CharTest[] = [];
  let first = true;
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false;
    if (p[i] === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      const cls = close < 0 ? undefined : CLASSES[p.slice(i + 2, close)];
      if (cls !== undefined) {
        tests.push(cls);
        i = close + 2;
        continue;
      }
    }
    let lo = p[i]!;
    if (lo === '\\' && i + 1 < p.length) lo = p[++i]!;
    i++;
    if (p[i] === '-' && i + 1 < p.length && p[i + 1] !== ']') {
      let hi = p[i + 1]!;
      i += 2;
      if (hi === '\\' && i < p.length) hi = p[i++]!;
      const [a, b] = [lo.charCodeAt(0), hi.charCodeAt(0)];
      tests.push((c) => c.charCodeAt(0) >= a && c.charCodeAt(0) <= b);
    } else {
      const ch = lo;
      tests.push((c) => c === ch);
    }
  }
  if (i >= p.length) return null;
  return { test: (c) => c !== '/' && tests.some((t) => t(c)) !== negate, end: i + 1 };
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === '*') {
      tokens.push({ star: true });
      i++;
    } else if (c === '?') {
      tokens.push({ star: false, test: (x) => x !== '/' });
      i++;
    } else if (c === '[' && parseBracket(pattern, i) !== null) {
      const bracket = parseBracket(pattern, i)!;
      tokens.push({ star: false, test: bracket.test });
      i = bracket.end;
    } else {
      const literal = c === '\\' && i + 1 < pattern.length ? pattern[i + 1]! : c;
      tokens.push({ star: false, test: (x) => x === literal });
      i += c === '\\' && i + 1 < pattern.length ? 2 : 1;
    }
  }
  return tokens;
}

/** fnmatch(3) for one path component, with FNM_PERIOD (a leading `.` must be matched literally). */
export function matchComponent(name: string, pattern: string): boolean {
  if (name.startsWith('.') && !(pattern.startsWith('.') || pattern.startsWith('\\.'))) return false;
  return matchWildcard([...name], tokenize(pattern));
}

/** Whether a component has glob magic (an unescaped `*`, `?` or a closed `[…]`). */
export function hasMagic(component: string): boolean {
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || (c === '[' && parseBracket(component, i) !== null)) return true;
  }
  return false;
}

function unescape(component: string): string {
  return component.replace(/\\(.)/g, '$1');
}

/** Expands an absolute (already tilde-expanded) pattern to the existing paths it names, sorted bytewise. */
export function glob(pattern: string, fs: GlobFs): string[] {
  const absolute = pattern.startsWith('/');
  const components = pattern.split('/').filter((c) => c !== '');
  let paths = [absolute ? '' : '.'];
  components.forEach((component, index) => {
    const last = index === components.length - 1;
    const next: string[] = [];
    for (const dir of paths) {
      if (!hasMagic(component)) {
        const path = `${dir}/${unescape(component)}`;
        if (!last || fs.exists(path)) next.push(path);
        continue;
      }
      for (const entry of fs.readDir(dir === '' ? '/' : dir) ?? []) {
        if (!matchComponent(entry, component)) continue;
        const path = `${dir}/${entry}`;
        if (last || fs.isDirectory(path)) next.push(path);
      }
    }
    paths = next;
  });
  if (components.length === 0) paths = fs.exists(absolute ? '/' : '.') ? [absolute ? '/' : '.'] : [];
  const result = paths.map((p) => (absolute ? p : p.replace(/^\.\//, '')));
  return result.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
