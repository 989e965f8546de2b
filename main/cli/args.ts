// The CLI's use of the one parser (main/config/args.ts): its global options, and each command's options and
// positionals. Commands import the option readers from here.
import { parseArgs, takeOptions, UsageError, type OptionSpec, type ParsedArgs, type PositionalSpec } from '../config/args';
import { DATA_DIR_OPTION } from '../config/shell-args';

export { flagOption, numberOption, stringOption, stringOptions, UsageError, type OptionSpec, type ParsedArgs, type PositionalSpec } from '../config/args';

/** Options every command accepts, wherever they appear on the line. */
export interface GlobalOptions {
  readonly json: boolean;
  readonly help: boolean;
  readonly dataDir?: string;
}

/** The global options' specs. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  // Repeating a global flag is harmless (`virt-deck --json list --json`).
  { name: 'json', type: 'flag', repeatable: true, description: 'Print machine-readable JSON instead of tables.' },
  { name: 'help', short: 'h', type: 'flag', repeatable: true, description: 'Show help.' },
  DATA_DIR_OPTION,
];

/**
 * Take the global options (`--json`, `--help`/`-h`, `--data-dir DIR`) out of argv, wherever they are, so
 * `virt-deck --data-dir /x flavor list` and `virt-deck flavor list --data-dir /x` mean the same. `--` ends options.
 */
export function extractGlobalOptions(argv: readonly string[]): { readonly globals: GlobalOptions; readonly rest: string[] } {
  const { taken, rest } = takeOptions(argv, GLOBAL_OPTIONS);
  const dataDir = taken.get('data-dir')?.[0];
  if (dataDir === '') throw new UsageError('--data-dir needs a directory');
  const globals: GlobalOptions = {
    json: taken.has('json'),
    help: taken.has('help'),
    ...(typeof dataDir === 'string' ? { dataDir } : {}),
  };
  return { globals, rest };
}

/** Parse a command's arguments against its option and positional specs. */
export function parseCommandArgs(
  argv: readonly string[],
  options: readonly OptionSpec[],
  positionals: readonly PositionalSpec[],
  command: readonly string[],
): ParsedArgs {
  return parseArgs(argv, { options, positionals, command });
}
