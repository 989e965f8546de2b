import { describe, expect, it } from 'vitest';
import { splitArguments, splitLine, strdelim, type Cursor } from '../../../../main/ssh/config/lexer';

describe('splitArguments (OpenSSH argv_split)', () => {
  it('ends the line at a word starting with #, not at a # inside a word', () => {
    expect(splitArguments('lab-* # not db')).toEqual(['lab-*']);
    expect(splitArguments('key#1 # comment')).toEqual(['key#1']);
  });
  it('reads single and double quotes, and joins quoted parts of one word', () => {
    expect(splitArguments(`'my user' "a b" a"b c"d`)).toEqual(['my user', 'a b', 'ab cd']);
    expect(splitArguments(`"it's" 'say "hi"'`)).toEqual(["it's", 'say "hi"']);
  });
  it('honours \\\\, \\", \\\' anywhere and "\\ " outside quotes; keeps other backslashes', () => {
    expect(splitArguments('with\\ space "q\\"d" it\\\'s a\\\\b a\\b')).toEqual(['with space', 'q"d', "it's", 'a\\b', 'a\\b']);
    expect(splitArguments('"a\\ b"')).toEqual(['a\\ b']);
    expect(splitArguments('end\\')).toEqual(['end\\']);
  });
  it('refuses an unterminated quote', () => {
    expect(splitArguments('"~/.ssh/id')).toBeNull();
    expect(splitArguments("'adm")).toBeNull();
  });
  it('a # inside quotes is text; only spaces and tabs separate', () => {
    expect(splitArguments('"# not a comment"\tx')).toEqual(['# not a comment', 'x']);
  });
});

describe('strdelim and splitLine (keyword and Match words)', () => {
  it('splits on whitespace or one =, and reads a double-quoted word', () => {
    const c: Cursor = { text: 'host=a  "b c" = d', pos: 0 };
    // After a quoted word a lone = is not skipped: it ends an empty word, as in C.
    expect([strdelim(c), strdelim(c), strdelim(c), strdelim(c), strdelim(c)]).toEqual(['host', 'a', 'b c', '', 'd']);
  });
  it('lowercases the keyword, strips trailing blanks and form feeds, skips comments', () => {
    expect(splitLine('  HostName = Example.ORG \f\r')).toEqual({ kind: 'directive', keyword: 'hostname', rest: 'Example.ORG' });
    expect(splitLine('Port=22')).toEqual({ kind: 'directive', keyword: 'port', rest: '22' });
    expect(splitLine('"User" x')).toEqual({ kind: 'directive', keyword: 'user', rest: 'x' });
    expect(splitLine('   # comment')).toEqual({ kind: 'blank' });
    expect(splitLine('')).toEqual({ kind: 'blank' });
  });
  it('reports a keyword without argument', () => {
    expect(splitLine('Match')).toEqual({ kind: 'missing-argument', keyword: 'match' });
    expect(splitLine('Host   ')).toEqual({ kind: 'missing-argument', keyword: 'host' });
  });
});
