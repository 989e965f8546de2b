import { describe, expect, it } from 'vitest';
import { controlCharacterProblem, escapeControlCharacters, findControlCharacter } from '../../../main/text/control-chars';

describe('control characters', () => {
  it('escapes C0, DEL, C1, line separators and bidi controls, and nothing else', () => {
    expect(escapeControlCharacters('p\u001b]0;t\u0007')).toBe('p\\x1b]0;t\\x07');
    expect(escapeControlCharacters('a\u007fb\u009bc\u0000')).toBe('a\\x7fb\\x9bc\\x00');
    expect(escapeControlCharacters('\u202eabc\u2066\u2028')).toBe('\\u202eabc\\u2066\\u2028');
    expect(escapeControlCharacters('café ünï 日本 🙂 \\x1b')).toBe('café ünï 日本 🙂 \\x1b');
  });

  it('keeps the characters it is told to keep, and writes JSON escapes on request', () => {
    expect(escapeControlCharacters('a\nb\tc', { keep: '\n' })).toBe('a\nb\\x09c');
    expect(escapeControlCharacters('"x\u009b\u202e"', { style: 'json' })).toBe('"x\\u009b\\u202e"');
    expect(JSON.parse(escapeControlCharacters(JSON.stringify({ n: 'x\u009b\u202e\u001b' }), { style: 'json' }))).toEqual({ n: 'x\u009b\u202e\u001b' });
  });

  it('finds the first control character not allowed, for a message naming it', () => {
    expect(findControlCharacter('plain')).toBeNull();
    expect(findControlCharacter('a\nb\u001b', '\n')).toBe('\\x1b');
    expect(findControlCharacter('a\nb', '\n')).toBeNull();
    expect(controlCharacterProblem('name', 'x\u0007')).toBe('name must not contain control characters (found \\x07)');
    expect(controlCharacterProblem('name', 'x')).toBeNull();
  });
});
