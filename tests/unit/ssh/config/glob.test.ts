import { describe, expect, it } from 'vitest';
import { glob, hasMagic, matchComponent } from '../../../../main/ssh/config/glob';
import { memorySystem } from './memory-system';

describe('matchComponent (fnmatch with FNM_PERIOD)', () => {
  it('reads brackets, ranges, negation, classes and escapes', () => {
    expect(matchComponent('a.conf', '[ab]*.conf')).toBe(true);
    expect(matchComponent('c.conf', '[ab]*.conf')).toBe(false);
    expect(matchComponent('c.conf', '[!ab]*')).toBe(true);
    expect(matchComponent('c.conf', '[^ab]*')).toBe(true);
    expect(matchComponent('5x', '[0-9]x')).toBe(true);
    expect(matchComponent('5x', '[[:digit:]]x')).toBe(true);
    expect(matchComponent(']', '[]]')).toBe(true);
    expect(matchComponent('*', '\\*')).toBe(true);
    expect(matchComponent('a', '\\*')).toBe(false);
    expect(matchComponent('[ab', '[ab')).toBe(true);
  });
  it('never matches a leading dot with a wildcard', () => {
    expect(matchComponent('.hidden', '*')).toBe(false);
    expect(matchComponent('.hidden', '?hidden')).toBe(false);
    expect(matchComponent('.hidden', '.*')).toBe(true);
  });
  it('knows what has magic', () => {
    expect(hasMagic('a[b')).toBe(false);
    expect(hasMagic('a[b]')).toBe(true);
    expect(hasMagic('a\\*')).toBe(false);
  });
});

describe('glob', () => {
  const sys = memorySystem({
    '/etc/inc.d1/a.conf': '',
    '/etc/inc.d1/c.conf': '',
    '/etc/inc.d1/.a.conf': '',
    '/etc/inc.d2/b.conf': '',
    '/etc/inc.d2/B.conf': '',
    '/etc/inc.file': '',
  });
  it('expands magic in folder names too, only through folders, sorted bytewise', () => {
    expect(glob('/etc/inc.*/[abB]*.conf', sys)).toEqual(['/etc/inc.d1/a.conf', '/etc/inc.d2/B.conf', '/etc/inc.d2/b.conf']);
  });
  it('returns a plain path only when it exists', () => {
    expect(glob('/etc/inc.file', sys)).toEqual(['/etc/inc.file']);
    expect(glob('/etc/missing', sys)).toEqual([]);
  });
});
