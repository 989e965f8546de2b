/**
 * How OpenSSH 9.2 cuts an ssh_config line into words. Two splitters exist there and both matter:
 * `strdelim` (keyword and `Match` criteria: whitespace, one `=`, double quotes) and `argv_split`
 * (every other argument: single and double quotes, `\` escapes, `#` starting a word ends the line).
 */

const WHITESPACE = ' \t\r\n';

/** One line split into its keyword and the rest, or why it cannot be. */
export type SplitLine =
  | { readonly kind: 'blank' }
  | { readonly kind: 'missing-argument'; readonly keyword: string }
  | { readonly kind: 'directive'; readonly keyword: string; readonly rest: string };

/** A cursor for `strdelim`: the text and where the next word starts (null once consumed). */
export interface Cursor {
  readonly text: string;
  pos: number | null;
}

/**
 * OpenSSH `strdelim`: the next word, splitting on whitespace or a single `=` (when `splitEquals`), a word
 * starting with `"` running to the next `"`. Null when nothing is left, or when a quote is not closed.
 */
export function strdelim(cursor: Cursor, splitEquals = true): string | null {
  if (cursor.pos === null) return null;
  const text = cursor.text;
  const start = cursor.pos;
  const stops = splitEquals ? `${WHITESPACE}"=` : `${WHITESPACE}"`;
  let at = start;
  while (at < text.length && !stops.includes(text[at]!)) at++;
  if (at >= text.length) {
    cursor.pos = null;
    return text.slice(start);
  }
  if (text[at] === '"') {
    // The quote is removed and the word runs to the next quote, wherever the quote started.
    const close = text.indexOf('"', at + 1);
    if (close < 0) {
      cursor.pos = null;
      return null;
    }
    cursor.pos = skipWhitespace(text, close + 1);
    return text.slice(start, at) + text.slice(at + 1, close);
  }
  const word = text.slice(start, at);
  const sawEquals = splitEquals && text[at] === '=';
  let next = skipWhitespace(text, at + 1);
  if (splitEquals && !sawEquals && text[next] === '=') next = skipWhitespace(text, next + 1);
  cursor.pos = next;
  return word;
}

function skipWhitespace(text: string, from: number): number {
  let at = from;
  while (at < text.length && WHITESPACE.includes(text[at]!)) at++;
  return at;
}

/**
 * The keyword of a line and the text after it, as `process_config_line` finds them: trailing
 * whitespace (and form feeds) stripped, comment and blank lines skipped, the keyword lowercased.
 */
export function splitLine(line: string): SplitLine {
  let end = line.length;
  while (end > 1 && `${WHITESPACE}\f`.includes(line[end - 1]!)) end--;
  const text = line.slice(0, end);
  if (text.length === 0) return { kind: 'blank' };
  const cursor: Cursor = { text, pos: 0 };
  let keyword = strdelim(cursor);
  if (keyword === '') keyword = strdelim(cursor);
  if (keyword === null || keyword === '' || keyword.startsWith('\n') || keyword.startsWith('#')) return { kind: 'blank' };
  const lower = keyword.toLowerCase();
  const rest = cursor.pos === null ? '' : text.slice(skipWhitespace(text, cursor.pos));
  if (rest === '') return { kind: 'missing-argument', keyword: lower };
  return { kind: 'directive', keyword: lower, rest };
}

/**
 * OpenSSH `argv_split` with comments: words separated by spaces or tabs; `'…'` and `"…"` quote (and may
 * join a word: `a"b c"d` is `ab cd`); `\'`, `\"`, `\\` and, outside quotes, `\ ` are escapes, any other
 * backslash stays; a word *starting* with `#` ends the line. Null when a quote is left open.
 */
export function splitArguments(text: string): string[] | null {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    let word = '';
    let quote: string | null = null;
    for (; i < text.length; i++) {
      const ch = text[i]!;
      const next = text[i + 1];
      if (ch === '\\') {
        if (next === "'" || next === '"' || next === '\\' || (quote === null && next === ' ')) {
          word += next;
          i++;
        } else {
          word += ch;
        }
      } else if (quote === null && (ch === ' ' || ch === '\t')) {
        break;
      } else if (quote === null && (ch === '"' || ch === "'")) {
        quote = ch;
      } else if (quote !== null && ch === quote) {
        quote = null;
      } else {
        word += ch;
      }
    }
    if (quote !== null) return null;
    words.push(word);
  }
  return words;
}
