// A benchmark's own arguments, read by the project's one parser (main/config/args.ts): `--name N` counts that must be
// positive whole numbers, flags, and free strings, each with its default. An unknown argument names itself and what
// the benchmark takes instead.
import { parseArgs, UsageError, type OptionSpec } from '../../main/config/args';

/** What a benchmark takes: counts and strings with their defaults, and flags (false unless given). */
export interface BenchArgsSpec<C extends string, F extends string, S extends string> {
  readonly counts: Readonly<Record<C, number>>;
  readonly flags?: readonly F[];
  readonly strings?: Readonly<Record<S, string>>;
}

/** The values, under the options' names. */
export type BenchArgs<C extends string, F extends string, S extends string> = Record<C, number> & Record<F, boolean> & Record<S, string>;

/** Parse `argv` against `spec`; throws a UsageError naming the argument on a mistake. */
export function parseBenchArgs<C extends string, F extends string = never, S extends string = never>(argv: readonly string[], spec: BenchArgsSpec<C, F, S>): BenchArgs<C, F, S> {
  const counts = Object.keys(spec.counts) as C[];
  const strings = Object.keys(spec.strings ?? {}) as S[];
  const flags = spec.flags ?? [];
  const options: OptionSpec[] = [
    // Read as text and checked here: a count is a whole number ≥ 1, which the parser's decimal numbers are not.
    ...[...counts, ...strings].map((name): OptionSpec => ({ name, type: 'string', description: name })),
    ...flags.map((name): OptionSpec => ({ name, type: 'flag', description: name })),
  ];
  const expected = [...counts.map((c) => `--${c} N`), ...strings.map((s) => `--${s} ${s.toUpperCase()}`), ...flags.map((f) => `--${f}`)].join(', ');
  const parsed = parseArgs(argv, { options, unknownHint: `expected ${expected}` });
  const values: Record<string, number | boolean | string> = {};
  for (const name of counts) {
    const raw = parsed.options.get(name)?.[0];
    const value = raw === undefined ? spec.counts[name] : Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} needs a positive integer`);
    values[name] = value;
  }
  for (const name of strings) values[name] = (parsed.options.get(name)?.[0] as string | undefined) ?? (spec.strings as Record<S, string>)[name];
  for (const name of flags) values[name] = parsed.options.has(name);
  return values as BenchArgs<C, F, S>;
}
