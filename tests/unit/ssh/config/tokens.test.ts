import { describe, expect, it } from 'vitest';
import { dollarExpand, expandTilde, expandTokens, ExpansionError } from '../../../../main/ssh/config/tokens';

const env = (name: string) => ({ HOME: '/home/me' })[name];

describe('expandTokens (percent_dollar_expand)', () => {
  it('expands known tokens, %% and ${VAR}', () => {
    expect(expandTokens('%h-%p-%%-${HOME}', { h: 'host', p: '22' }, env)).toBe('host-22-%-/home/me');
  });
  it('refuses an unknown token, a trailing %, and undefined or unclosed variables', () => {
    expect(() => expandTokens('%z', { h: 'x' }, env)).toThrow(ExpansionError);
    expect(() => expandTokens('a%', { h: 'x' }, env)).toThrow(/invalid format/);
    expect(() => expandTokens('${NOPE}', {}, env)).toThrow(/has no value/);
    expect(() => expandTokens('${HOME', {}, env)).toThrow(/missing closing/);
  });
  it('leaves ${} alone when only % tokens are expanded (HostName)', () => {
    expect(expandTokens('${X}.%h', { h: 'lab' }, null)).toBe('${X}.lab');
  });
  it('dollarExpand answers null for an undefined variable', () => {
    expect(dollarExpand('${HOME}/a%b', env)).toBe('/home/me/a%b');
    expect(dollarExpand('${NOPE}', env)).toBeNull();
  });
});

describe('expandTilde (tilde_expand)', () => {
  const users = (name: string) => ({ alice: '/home/alice', slash: '/' })[name] ?? null;
  it('expands ~, ~/path, ~user and ~user/path, squeezing slashes', () => {
    expect(expandTilde('~', '/home/me', users)).toBe('/home/me/');
    expect(expandTilde('~//a', '/home/me', users)).toBe('/home/me/a');
    expect(expandTilde('~alice/kh', '/home/me', users)).toBe('/home/alice/kh');
    expect(expandTilde('~slash/x', '/home/me', users)).toBe('/x');
    expect(expandTilde('/abs/~x', '/home/me', users)).toBe('/abs/~x');
  });
  it('answers null for an unknown user', () => {
    expect(expandTilde('~nobody/x', '/home/me', users)).toBeNull();
  });
});
