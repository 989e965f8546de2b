/**
 * Quotes one word for a POSIX shell: wrapped in single quotes, each `'` written as `'\''`. Safe for
 * any byte except NUL (which no shell argument can hold). Words made only of harmless characters are
 * left bare so commands stay readable in logs.
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('A shell word cannot contain a NUL character');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each word and joins them with spaces. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * `sh -c '<script>'`: sshd hands the command to the user's login shell, which may not be POSIX
 * (fish, csh); wrapping the script makes it run under `sh` wherever it lands, as libvirt does.
 */
export function shCommand(script: string): string {
  return `sh -c ${shellQuote(script)}`;
}
