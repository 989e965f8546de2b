import { describe, expect, it } from 'vitest';
import { matchPattern, matchPatternList } from '../../../main/ssh/patterns';

describe('matchPattern (OpenSSH match_pattern)', () => {
  it('matches * and ? and is case-sensitive', () => {
    expect(matchPattern('web1.lab', '*.lab')).toBe(true);
    expect(matchPattern('web1.lab', 'web?.lab')).toBe(true);
    expect(matchPattern('web10.lab', 'web?.lab')).toBe(false);
    expect(matchPattern('LAB1', 'lab1')).toBe(false);
    expect(matchPattern('a', '')).toBe(false);
    expect(matchPattern('', '')).toBe(true);
    expect(matchPattern('abcabd', '*ab?')).toBe(true);
  });
  it('treats a comma as an ordinary character', () => {
    expect(matchPattern('a', 'a,b')).toBe(false);
    expect(matchPattern('a,b', 'a,b')).toBe(true);
  });
});

describe('matchPatternList (OpenSSH match_pattern_list)', () => {
  it('splits on commas; a negation vetoes the list', () => {
    expect(matchPatternList('db.lab', '*.lab,!db.lab')).toBe(false);
    expect(matchPatternList('web.lab', '*.lab,!db.lab')).toBe(true);
    expect(matchPatternList('other', '*.lab')).toBeNull();
  });
  it('folds case for host names, not for users', () => {
    expect(matchPatternList('LAB1', 'lab*')).toBe(true);
    expect(matchPatternList('root', 'Root', { caseSensitive: true })).toBeNull();
  });
  it('has no space-separated lists, and a trailing comma adds no empty pattern', () => {
    expect(matchPatternList('a', 'a b')).toBeNull();
    expect(matchPatternList('', 'a,')).toBeNull();
    expect(matchPatternList('', ',a')).toBe(true);
    expect(matchPatternList('x', '')).toBeNull();
  });
  it('gives up on a sub-pattern of 1023 characters or more, like OpenSSH', () => {
    expect(matchPatternList('h', `h,${'a'.repeat(1023)}`)).toBeNull();
    expect(matchPatternList('h', `h,${'a'.repeat(1022)}`)).toBe(true);
  });
});
