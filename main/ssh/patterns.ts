/**
 * OpenSSH `match_pattern`: `*` any run of characters, `?` exactly one, everything else literal and
 * case-sensitive (callers lowercase first where OpenSSH does).
 */
export function matchPattern(name: string, pattern: string): boolean {
  // Iterative glob with single-star backtracking: linear in practice, no regex built from user text.
  let si = 0;
  let pi = 0;
  let starPi = -1;
  let starSi = 0;
  while (si < name.length) {
    if (pi < pattern.length && (pattern[pi] === '?' || pattern[pi] === name[si]) && pattern[pi] !== '*') {
      si++;
      pi++;
    } else if (pi < pattern.length && pattern[pi] === '*') {
      starPi = pi++;
      starSi = si;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      si = ++starSi;
    } else {
      return false;
    }
  }
  while (pi < pattern.length && pattern[pi] === '*') pi++;
  return pi === pattern.length;
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
