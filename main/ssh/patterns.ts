/** OpenSSH wildcard match: `*` any run of characters, `?` exactly one; case-insensitive like host names. */
export function matchPattern(name: string, pattern: string): boolean {
  const s = name.toLowerCase();
  const p = pattern.toLowerCase();
  // Iterative glob with single-star backtracking: linear in practice, no regex built from user text.
  let si = 0;
  let pi = 0;
  let starPi = -1;
  let starSi = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      si++;
      pi++;
    } else if (pi < p.length && p[pi] === '*') {
      starPi = pi++;
      starSi = si;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      si = ++starSi;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * OpenSSH pattern-list match over comma- (or, for ssh_config, space-) separated patterns, where `!pat`
 * negates. Returns true for a positive match, false when a negated pattern matched (which vetoes the
 * whole list, as in OpenSSH), null when nothing matched.
 */
export function matchPatternList(name: string, list: string): boolean | null {
  let matched: boolean | null = null;
  for (const raw of list.split(/[,\s]+/)) {
    if (!raw) continue;
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (!matchPattern(name, pattern)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}
