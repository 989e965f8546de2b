import { stringOptions, UsageError, type ParsedArgs } from './args';

/** A repeatable `--NAME KEY=VALUE` option as a record (the last value of a key wins); `helpFor` names the command. */
export function keyValueOptions(args: ParsedArgs, name: string, helpFor: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of stringOptions(args, name)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${name} expects KEY=VALUE, got ${JSON.stringify(pair)}`, helpFor);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
