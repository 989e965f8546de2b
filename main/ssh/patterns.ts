/** One element of a wildcard pattern: `*`, or a test for exactly one character. */
export type WildcardToken = { readonly star: true } | { readonly star: false; readonly test: (c: string) => boolean };

/**
 * Whether `chars` match `tokens` (`*` any run, every other token one character). Iterative with
 * single-star backtracking: linear in practice, and no regular expression is built from user text.
 */
export function matchWildcard(chars: readonly string[], tokens: readonly WildcardToken[]): boolean {
  let si = 0;
  let ti = 0;
  let starTi = -1;
  let starSi = 0;
  while (si < chars.length) {
    const t = tokens[ti];
    if (t !== undefined && !t.star && t.test(chars[si]!)) {
      si++;
      ti++;
    } else if (t !== undefined && t.star) {
      starTi = ti++;
      starSi = si;
    } else if (starTi >= 0) {
      ti = starTi + 1;
      si = ++starSi;
    } else {
      return false;
    }
  }
  while (tokens[ti]?.star === true) ti++;
  return ti === tokens.length;
}

const ANY: WildcardToken = { star: false, test: () => true };
const STAR: WildcardToken = { star: true };

/**
 * OpenSSH `match_pattern`: `*` any run of characters, `?` exactly one, everything else literal and
 * case-sensitive (callers lowercase first where OpenSSH does).
 */
export function matchPattern(name: string, pattern: string): boolean {
  const tokens = [...pattern].map((p): WildcardToken => (p === '*' ? STAR : p === '?' ? ANY : { star: false, test: (c) => c === p }));
  return matchWildcard([...name], tokens);
}

/** OpenSSH gives up on (does not match) a list with a sub-pattern this long. */
const MAX_SUBPATTERN = 1023;

/**
 * OpenSSH `match_pattern_list`: comma-separated patterns, `!pat` negating. Returns true for a positive
 * match, false when a negated pattern matched (which vetoes the whole list), null when nothing matched.
 * By default both sides are lowercased, as for host names (`match_hostname`, known_hosts); `Match user`
 * compares case-sensitively.
 */
export function matchPatternList(name: string, list: string, options: { readonly caseSensitive?: boolean } = {}): boolean | null {
  const fold = options.caseSensitive !== true;
  const subject = fold ? name.toLowerCase() : name;
  let matched: boolean | null = null;
  const parts = list.split(',');
  // A trailing comma ends the list; empty patterns elsewhere (",a", "a,,b") only match an empty name.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  for (const raw of parts) {
    const negated = raw.startsWith('!');
    const body = negated ? raw.slice(1) : raw;
    if (body.length >= MAX_SUBPATTERN) return null;
    if (!matchPattern(subject, fold ? body.toLowerCase() : body)) continue;
    if (negated) return false;
    matched = true;
  }
  return list === '' ? null : matched;
}
