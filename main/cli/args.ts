/** The command line is wrong (unknown command or option, missing value): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** Command words whose help fits this mistake ("flavor create"), for the hint line. */
    readonly helpFor: readonly string[] = [],
  ) {
    super(message);
  }
}

/** One `--option` a command accepts. */
export interface OptionSpec {
  /** Long name without dashes: "vcpus" for `--vcpus`. */
  readonly name: string;
  /** `flag` takes no value; `number` must parse as a finite number; `string` takes anything. */
  readonly type: 'string' | 'number' | 'flag';
  /** May be repeated; values collect into a list. */
  readonly repeatable?: boolean;
  /** Placeholder in help: `--ram <MiB>`. */
  readonly value?: string;
  readonly description: string;
}

/** One positional argument. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly optional?: boolean;
}

/** Parsed options and positionals of one command. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, readonly (string | number | true)[]>;
}

/** Options every command accepts, wherever they appear on the line. */
export interface GlobalOptions {
  readonly json: boolean;
  readonly help: boolean;
  readonly dataDir?: string;
}

/**
 * Take the global options (`--json`, `--help`/`-h`, `--data-dir DIR`) out of argv, wherever they are, so
 * `virt-deck --data-dir /x flavor list` and `virt-deck flavor list --data-dir /x` mean the same. `--` ends options.
 */
export function extractGlobalOptions(argv: readonly string[]): { readonly globals: GlobalOptions; readonly rest: string[] } {
  let json = false;
  let help = false;
  let dataDir: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (token === '--json') json = true;
    else if (token === '--help' || token === '-h') help = true;
    else if (token === '--data-dir') {
      const value = argv[i + 1];
      if (value === undefined || value === '') throw new UsageError('--data-dir needs a directory');
      dataDir = value;
      i++;
    } else if (token.startsWith('--data-dir=')) {
      dataDir = token.slice('--data-dir='.length);
      if (dataDir === '') throw new UsageError('--data-dir needs a directory');
    } else rest.push(token);
  }
  return { globals: { json, help, ...(dataDir === undefined ? {} : { dataDir }) }, rest };
}

/** Parse a command's arguments against its option and positional specs. */
export function parseCommandArgs(
  argv: readonly string[],
  options: readonly OptionSpec[],
  positionals: readonly PositionalSpec[],
  command: readonly string[],
): ParsedArgs {
  const byName = new Map(options.map((o) => [o.name, o]));
  const values = new Map<string, (string | number | true)[]>();
  const args: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (onlyPositionals || !token.startsWith('-') || token === '-' || /^-\d/.test(token)) {
      args.push(token);
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const spec = token.startsWith('--') ? byName.get(name) : undefined;
    if (!spec) throw new UsageError(`unknown option ${eq === -1 ? token : token.slice(0, eq)} for '${command.join(' ')}'`, command);
    let raw: string | true;
    if (spec.type === 'flag') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`, command);
      raw = true;
    } else if (eq !== -1) {
      raw = token.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`--${name} needs a value${spec.value ? ` (${spec.value})` : ''}`, command);
      raw = next;
      i++;
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`--${name} given more than once`, command);
    list.push(raw === true ? raw : spec.type === 'number' ? toNumber(raw, name, command) : raw);
    values.set(name, list);
  }
  const required = positionals.filter((p) => !p.optional).length;
  if (args.length < required) {
    const missing = positionals.slice(args.length, required).map((p) => `<${p.name}>`);
    throw new UsageError(`'${command.join(' ')}' needs ${missing.join(' ')}`, command);
  }
  if (args.length > positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(args[positionals.length])} for '${command.join(' ')}'`, command);
  }
  return { positionals: args, options: values };
}

function toNumber(raw: string, name: string, command: readonly string[]): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} expects a number, got ${JSON.stringify(raw)}`, command);
  return value;
}

/** Read helpers over {@link ParsedArgs}, typed by what the spec promised. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name)?.[0];
  return typeof value === 'string' ? value : undefined;
}

/** The value of a `number` option. */
export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const value = args.options.get(name)?.[0];
  return typeof value === 'number' ? value : undefined;
}

/** Whether a `flag` option was given. */
export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.options.get(name)?.[0] === true;
}

/** Every value of a repeatable `string` option, in order. */
export function stringOptions(args: ParsedArgs, name: string): string[] {
  return (args.options.get(name) ?? []).filter((v): v is string => typeof v === 'string');
}
