import type { Inventory } from '../inventory';
import type { OptionSpec, ParsedArgs, PositionalSpec } from './args';

/** What a command prints: `text` for people, `json` for `--json` (scripts). */
export interface CommandOutput {
  readonly text: string;
  readonly json: unknown;
  /** Printed on stderr as `warning: …` lines (also with --json, which carries them in `json` as well). */
  readonly warnings?: readonly string[];
}

/** What a command can reach. */
export interface CommandContext {
  /** The inventory, opened on first use (so `help` never touches the data directory). */
  inventory(): Inventory;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** One `virt-deck <words…>` command. */
export interface CommandSpec {
  /** Command words: `['flavor', 'create']`. */
  readonly words: readonly string[];
  readonly summary: string;
  readonly positionals?: readonly PositionalSpec[];
  readonly options?: readonly OptionSpec[];
  /** Extra help text (examples, units). */
  readonly details?: string;
  run(context: CommandContext, args: ParsedArgs): CommandOutput | Promise<CommandOutput>;
}
