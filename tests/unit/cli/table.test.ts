import { describe, expect, it } from 'vitest';
import { formatProperties, formatTable } from '../../../main/cli/table';

describe('nova-style tables', () => {
  it('draws prettytable borders, left-aligned, with Python booleans and empty nulls', () => {
    expect(formatTable(['ID', 'Name', 'Is_Public'], [[1, 'm1.tiny', true], ['42', 'x', null]])).toBe(
      [
        '+----+---------+-----------+',
        '| ID | Name    | Is_Public |',
        '+----+---------+-----------+',
        '| 1  | m1.tiny | True      |',
        '| 42 | x       |           |',
        '+----+---------+-----------+',
        '',
      ].join('\n'),
    );
  });

  it('prints the header of an empty table, as novaclient does', () => {
    expect(formatTable(['ID', 'Name'], [])).toBe(['+----+------+', '| ID | Name |', '+----+------+', '+----+------+', ''].join('\n'));
  });

  it('spreads multi-line cells over several table lines and keeps tabs from breaking borders', () => {
    expect(formatTable(['Members'], [['a\nbb'], ['x\ty']])).toBe(
      ['+---------+', '| Members |', '+---------+', '| a       |', '| bb      |', '| x y     |', '+---------+', ''].join('\n'),
    );
  });

  it('shows control characters escaped, never raw, and measures the escapes as printed', () => {
    const text = formatTable(['Name'], [['p\u001b]0;t\u0007'], ['a\rb'], ['\u009b1m\u202e'], ['del\u007f']]);
    expect(text).toBe(
      [
        '+---------------+',
        '| Name          |',
        '+---------------+',
        '| p\\x1b]0;t\\x07 |',
        '| a\\x0db        |',
        '| \\x9b1m\\u202e  |',
        '| del\\x7f       |',
        '+---------------+',
        '',
      ].join('\n'),
    );
  });

  it('lines up names with accents by code points', () => {
    const text = formatTable(['Name'], [['café'], ['cafe\u0301']]);
    expect(text.split('\n').map((l) => l.length)).toEqual([8, 8, 8, 8, 9, 8, 0]);
  });

  it('renders show tables as sorted Property/Value rows', () => {
    expect(formatProperties({ vcpus: 1, name: 'm1.tiny' })).toBe(
      ['+----------+---------+', '| Property | Value   |', '+----------+---------+', '| name     | m1.tiny |', '| vcpus    | 1       |', '+----------+---------+', ''].join(
        '\n',
      ),
    );
  });
});
