// The one command-line parser of Virt Deck. Every entry point describes its options as specs and parses argv here:
// the `virt-deck` CLI (main/cli/args.ts), and the shells' start-up flags (shell-args.ts: `npm start`, web mode,
// the Electron main). So `--data-dir=DIR` and `--data-dir DIR` mean the same everywhere, and an unknown flag is
// always an error naming it.
import { parseDecimal } from '../text/decimal';

/** The command line is wrong (unknown command or option, missing value): every entry point exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** Command words whose help fits this mistake ("flavor create"), for the CLI's hint line. */
    readonly helpFor: readonly string[] = [],
  ) {
    super(message);
  }
}

/** One `--option` an entry point or command accepts. */
export interface OptionSpec {
  /** Long name without dashes: "vcpus" for `--vcpus`. */
  readonly name: string;
  /** A one-letter alias: "h" for `-h`. */
  readonly short?: string;
  /** `flag` takes no value; `number` must be a finite decimal number (main/text/decimal.ts); `string` takes anything. */
  readonly type: 'string' | 'number' | 'flag';
  /** May be repeated; values collect into a list. */
  readonly repeatable?: boolean;
  /** Placeholder in help and messages: `--ram <MiB>`. */
  readonly value?: string;
  readonly description: string;
}

/** One positional argument. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly optional?: boolean;
}

/** Parsed options and positionals. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, readonly (string | number | true)[]>;
}

/** What an entry point or command accepts. */
export interface ArgsGrammar {
  readonly options: readonly OptionSpec[];
  readonly positionals?: readonly PositionalSpec[];
  /** How the mistake is placed in messages: the CLI command words (`for 'flavor create'`). */
  readonly command?: readonly string[];
  /** Appended to an unknown-option message: what this entry point takes instead. */
  readonly unknownHint?: string;
}

/**
 * Parse argv against a grammar: every `--option` must be known (`--name value`, `--name=value`, `-x`), flags take
 * no value, `--` ends the options, `-1` is a positional (a negative number), positionals are counted.
 */
export function parseArgs(argv: readonly string[], grammar: ArgsGrammar): ParsedArgs {
  const { taken, rest } = scan(argv, grammar, 'strict');
  const positionals = grammar.positionals ?? [];
  const command = grammar.command ?? [];
  const where = command.length ? ` for '${command.join(' ')}'` : '';
  const required = positionals.filter((p) => !p.optional).length;
  if (rest.length < required) {
    const missing = positionals.slice(rest.length, required).map((p) => `<${p.name}>`);
    throw new UsageError(`'${command.join(' ')}' needs ${missing.join(' ')}`, command);
  }
  if (rest.length > positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(rest[positionals.length])}${where}`, command);
  return { positionals: rest, options: taken };
}

/**
 * Take the given options out of argv wherever they are, leaving every other token in order (for options that may
 * appear anywhere on a line, such as the CLI's `--json`); `--` and what follows it are left as they are.
 */
export function takeOptions(argv: readonly string[], options: readonly OptionSpec[]): { readonly taken: ParsedArgs['options']; readonly rest: string[] } {
  return scan(argv, { options }, 'lenient');
}

function scan(argv: readonly string[], grammar: ArgsGrammar, mode: 'strict' | 'lenient'): { taken: Map<string, (string | number | true)[]>; rest: string[] } {
  const command = grammar.command ?? [];
  const byName = new Map(grammar.options.map((o) => [`--${o.name}`, o]));
  for (const o of grammar.options) if (o.short !== undefined) byName.set(`-${o.short}`, o);
  const taken = new Map<string, (string | number | true)[]>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      rest.push(...(mode === 'strict' ? argv.slice(i + 1) : argv.slice(i)));
      break;
    }
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) {
      rest.push(token);
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const written = eq === -1 ? token : token.slice(0, eq);
    const spec = byName.get(written);
    if (!spec) {
      if (mode === 'lenient') {
        rest.push(token);
        continue;
      }
      const where = command.length ? ` for '${command.join(' ')}'` : '';
      throw new UsageError(`unknown option ${written}${where}${grammar.unknownHint ? ` (${grammar.unknownHint})` : ''}`, command);
    }
    const name = `--${spec.name}`;
    let raw: string | true;
    if (spec.type === 'flag') {
      if (eq !== -1) throw new UsageError(`${name} takes no value`, command);
      raw = true;
    } else {
      const value = eq !== -1 ? token.slice(eq + 1) : argv[++i];
      // An empty value is a value (`--description ''`); options that need more check it themselves.
      if (value === undefined) throw new UsageError(`${name} needs a value${spec.value ? ` (${spec.value})` : ''}`, command);
      raw = value;
    }
    const list = taken.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`${name} given more than once`, command);
    list.push(raw === true || spec.type !== 'number' ? raw : toNumber(raw, name, command));
    taken.set(spec.name, list);
  }
  return { taken, rest };
}

function toNumber(raw: string, name: string, command: readonly string[]): number {
  const value = parseDecimal(raw);
  if (Number.isNaN(value)) throw new UsageError(`${name} expects a number, got ${JSON.stringify(raw)}`, command);
  return value;
}

/** The value of a `string` option. */
export function stringOption(args: Pick<ParsedArgs, 'options'>, name: string): string | undefined {
  const value = args.options.get(name)?.[0];
  return typeof value === 'string' ? value : undefined;
}

/** The value of a `number` option. */
export function numberOption(args: Pick<ParsedArgs, 'options'>, name: string): number | undefined {
  const value = args.options.get(name)?.[0];
  return typeof value === 'number' ? value : undefined;
}

/** Whether a `flag` option was given. */
export function flagOption(args: Pick<ParsedArgs, 'options'>, name: string): boolean {
  return args.options.get(name)?.[0] === true;
}

/** Every value of a repeatable `string` option, in order. */
export function stringOptions(args: Pick<ParsedArgs, 'options'>, name: string): string[] {
  return (args.options.get(name) ?? []).filter((v): v is string => typeof v === 'string');
}
