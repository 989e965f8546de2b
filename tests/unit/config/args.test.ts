import { describe, expect, it } from 'vitest';
import { numberOption, parseArgs, stringOptions, takeOptions, UsageError, type OptionSpec } from '../../../main/config/args';

const options: OptionSpec[] = [
  { name: 'vcpus', type: 'number', description: '' },
  { name: 'private', type: 'flag', description: '' },
  { name: 'property', type: 'string', repeatable: true, description: '' },
  { name: 'cores', type: 'string', description: '' },
  { name: 'help', short: 'h', type: 'flag', description: '' },
];
const grammar = { options, positionals: [{ name: 'name', description: '' }], command: ['flavor', 'create'] };

describe('parseArgs', () => {
  it('parses values, flags, repeats, --opt=value, short aliases and negative numbers', () => {
    const args = parseArgs(['x', '--vcpus=2', '--private', '--property', 'a=1', '--property', 'b=2', '--cores', '-1', '-h'], grammar);
    expect(args.positionals).toEqual(['x']);
    expect(numberOption(args, 'vcpus')).toBe(2);
    expect(args.options.get('private')).toEqual([true]);
    expect(args.options.get('help')).toEqual([true]);
    expect(stringOptions(args, 'property')).toEqual(['a=1', 'b=2']);
    expect(args.options.get('cores')).toEqual(['-1']);
    expect(parseArgs(['--', '--odd-name'], grammar).positionals).toEqual(['--odd-name']);
    expect(parseArgs(['x', '--cores', ''], grammar).options.get('cores')).toEqual(['']);
  });

  it('names the mistake', () => {
    const parse = (argv: string[]) => () => parseArgs(argv, grammar);
    expect(parse(['x', '--bogus'])).toThrow(new UsageError("unknown option --bogus for 'flavor create'", ['flavor', 'create']));
    expect(parse(['x', '--bogus=1'])).toThrow("unknown option --bogus for 'flavor create'");
    expect(parse(['x', '-z'])).toThrow("unknown option -z for 'flavor create'");
    expect(parse(['x', '--vcpus'])).toThrow('--vcpus needs a value');
    expect(parse(['x', '--vcpus', 'two'])).toThrow('--vcpus expects a number, got "two"');
    expect(parse(['x', '--vcpus', '1', '--vcpus', '2'])).toThrow('--vcpus given more than once');
    expect(parse(['x', '--private=yes'])).toThrow('--private takes no value');
    expect(parse([])).toThrow("'flavor create' needs <name>");
    expect(parse(['x', 'y'])).toThrow('unexpected argument "y"');
    expect(() => parseArgs(['--host'], { options: [], unknownHint: 'web mode takes --port N' })).toThrow('unknown option --host (web mode takes --port N)');
  });

  it('reads numbers as decimals only: 0x10, Infinity and an empty value are not numbers', () => {
    for (const bad of ['0x10', 'Infinity', '', '1_000', '0b1']) {
      expect(() => parseArgs(['x', '--vcpus', bad], grammar)).toThrow(`--vcpus expects a number, got ${JSON.stringify(bad)}`);
    }
    expect(numberOption(parseArgs(['x', '--vcpus', ' 1e1 '], grammar), 'vcpus')).toBe(10);
  });
});

describe('takeOptions', () => {
  it('takes known options from anywhere and leaves everything else in order, -- included', () => {
    const { taken, rest } = takeOptions(['a', '--vcpus', '3', '--other', 'b', '-h', '--', '--private'], options);
    expect(rest).toEqual(['a', '--other', 'b', '--', '--private']);
    expect(taken.get('help')).toEqual([true]);
    expect(taken.get('vcpus')).toEqual([3]);
    expect(taken.has('private')).toBe(false);
  });
});
