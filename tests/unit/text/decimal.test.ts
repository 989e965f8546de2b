import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../../main/text/decimal';

describe('parseDecimal', () => {
  it.each([
    ['12', 12],
    [' 12 ', 12],
    ['\t-3\n', -3],
    ['+2', 2],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['.5', 0.5],
    ['5.', 5],
    ['0', 0],
    ['-0.25', -0.25],
  ])('reads %j as %d', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each(['', '   ', '0x10', '0b11', '0o17', 'Infinity', '-Infinity', 'inf', 'NaN', '1_000', '1e', 'e3', '.', '+', '1.2.3', '12px', '1e400', '１２'])(
    'refuses %j (NaN)',
    (text) => {
      expect(parseDecimal(text)).toBeNaN();
    },
  );
});
