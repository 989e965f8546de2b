import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shCommand, shellJoin, shellQuote } from '../../../main/ssh';

/** Runs `command` through a real POSIX shell and returns the argv it produced. */
function argvThroughShell(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `${command}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('leaves harmless words bare and quotes the rest', () => {
    expect(shellQuote('qemu:///system')).toBe('qemu:///system');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('a b&c')).toBe("'a b&c'");
    expect(shellQuote('~')).toBe("'~'");
  });

  it('refuses NUL', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('round-trips any string through a real sh, also nested in sh -c', () => {
    const word = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), (words) => {
        const printf = `printf '%s\\0' ${shellJoin(words)}`;
        expect(argvThroughShell(printf)).toEqual(words);
        expect(argvThroughShell(shCommand(printf))).toEqual(words);
      }),
      { numRuns: 25 },
    );
  });
});
