import { describe, expect, it } from 'vitest';
import { extractGlobalOptions, parseCommandArgs, UsageError } from '../../../main/cli/args';

// The parser itself is tested in tests/unit/config/args.test.ts; here, the CLI's use of it.
describe('CLI arguments', () => {
  it('takes global options from anywhere on the line', () => {
    expect(extractGlobalOptions(['--data-dir', '/d', 'flavor', 'list', '--json'])).toEqual({
      globals: { json: true, help: false, dataDir: '/d' },
      rest: ['flavor', 'list'],
    });
    expect(extractGlobalOptions(['flavor', '-h', '--data-dir=/e', '--help'])).toEqual({ globals: { json: false, help: true, dataDir: '/e' }, rest: ['flavor'] });
    expect(() => extractGlobalOptions(['--data-dir'])).toThrow(UsageError);
    expect(() => extractGlobalOptions(['--data-dir='])).toThrow('--data-dir needs a directory');
    expect(() => extractGlobalOptions(['list', '--data-dir', '/a', '--data-dir', '/b'])).toThrow('--data-dir given more than once');
  });

  it("names the command in a mistake, for the help hint", () => {
    const parse = () => parseCommandArgs(['x', '--bogus'], [], [{ name: 'name', description: '' }], ['flavor', 'create']);
    expect(parse).toThrow("unknown option --bogus for 'flavor create'");
    try {
      parse();
    } catch (error) {
      expect((error as UsageError).helpFor).toEqual(['flavor', 'create']);
    }
  });
});
