import { describe, expect, it } from 'vitest';
import { extractGlobalOptions, numberOption, parseCommandArgs, stringOptions, UsageError, type OptionSpec } from '../../../main/cli/args';

const options: OptionSpec[] = [
  { name: 'vcpus', type: 'number', description: '' },
  { name: 'private', type: 'flag', description: '' },
  { name: 'property', type: 'string', repeatable: true, description: '' },
  { name: 'cores', type: 'string', description: '' },
];
const positionals = [{ name: 'name', description: '' }];
const cmd = ['flavor', 'create'];

describe('argument parsing', () => {
  it('takes global options from anywhere on the line', () => {
    expect(extractGlobalOptions(['--data-dir', '/d', 'flavor', 'list', '--json'])).toEqual({
      globals: { json: true, help: false, dataDir: '/d' },
      rest: ['flavor', 'list'],
    });
    expect(extractGlobalOptions(['flavor', '-h', '--data-dir=/e'])).toEqual({ globals: { json: false, help: true, dataDir: '/e' }, rest: ['flavor'] });
    expect(() => extractGlobalOptions(['--data-dir'])).toThrow(UsageError);
  });

  it('parses values, flags, repeats, --opt=value and negative numbers', () => {
    const args = parseCommandArgs(['x', '--vcpus=2', '--private', '--property', 'a=1', '--property', 'b=2', '--cores', '-1'], options, positionals, cmd);
    expect(args.positionals).toEqual(['x']);
    expect(numberOption(args, 'vcpus')).toBe(2);
    expect(args.options.get('private')).toEqual([true]);
    expect(stringOptions(args, 'property')).toEqual(['a=1', 'b=2']);
    expect(args.options.get('cores')).toEqual(['-1']);
    expect(parseCommandArgs(['--', '--odd-name'], options, positionals, cmd).positionals).toEqual(['--odd-name']);
  });

  it('names the mistake', () => {
    const parse = (argv: string[]) => () => parseCommandArgs(argv, options, positionals, cmd);
    expect(parse(['x', '--bogus'])).toThrow("unknown option --bogus for 'flavor create'");
    expect(parse(['x', '--vcpus'])).toThrow('--vcpus needs a value');
    expect(parse(['x', '--vcpus', 'two'])).toThrow('--vcpus expects a number, got "two"');
    expect(parse(['x', '--vcpus', '1', '--vcpus', '2'])).toThrow('--vcpus given more than once');
    expect(parse(['x', '--private=yes'])).toThrow('--private takes no value');
    expect(parse([])).toThrow("'flavor create' needs <name>");
    expect(parse(['x', 'y'])).toThrow('unexpected argument "y"');
  });
});
