// Control characters in names and in what the CLI prints. A name is shown on terminals (CLI tables, `virsh`
// output of the same host) and in the UI; ESC, OSC and C1 sequences in it would retitle, recolour or rewrite the
// operator's terminal, and bidi overrides would make it read as something else.

/**
 * Characters that are never part of a name: C0 controls and DEL and C1 controls (Unicode category Cc), the line
 * and paragraph separators, and the bidirectional marks, embeddings, overrides and isolates.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const CONTROL_GLOBAL = new RegExp(CONTROL.source, 'gu');

/** How a control character is shown: `\x1b` for C0, DEL and C1; `\u202e` above. */
export function escapeControlCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** How {@link escapeControlCharacters} writes what it escapes. */
export interface EscapeOptions {
  /** Characters that pass through unchanged (a newline, for multi-line output). */
  readonly keep?: string;
  /** `terminal` (default): `\x1b`, `\u202e`. `json`: `\u001b`, `\u202e`, valid inside a JSON string. */
  readonly style?: 'terminal' | 'json';
}

/** The text with every control character written as an escape (`p\x1b]0;title\x07`), for terminals and logs. */
export function escapeControlCharacters(text: string, options: EscapeOptions = {}): string {
  const keep = options.keep ?? '';
  const escape = options.style === 'json' ? jsonEscape : escapeControlCharacter;
  return text.replace(CONTROL_GLOBAL, (char) => (keep.includes(char) ? char : escape(char)));
}

function jsonEscape(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** The first control character in `text` (escaped, for a message), or null; `allow` lists ones that are fine. */
export function findControlCharacter(text: string, allow = ''): string | null {
  if (!CONTROL.test(text)) return null;
  for (const match of text.matchAll(CONTROL_GLOBAL)) if (!allow.includes(match[0])) return escapeControlCharacter(match[0]);
  return null;
}

/** Why `text` (called `what`) is not acceptable as a name, or null: "name must not contain control characters (found \x1b)". */
export function controlCharacterProblem(what: string, text: string, allow = ''): string | null {
  const found = findControlCharacter(text, allow);
  return found === null ? null : `${what} must not contain control characters (found ${found})`;
}
