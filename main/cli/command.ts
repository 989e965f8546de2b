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
  /**
   * Print now, while the command still runs (the task states of `create --wait`): on stdout, or on stderr with
   * `--json` so that stdout stays one JSON document.
   */
  progress(text: string): void;
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
  /**
   * The command only reads the inventory: it is opened read-only (nothing can be written, and a data directory the
   * user may only read works). A command that writes must leave this unset.
   */
  readonly readOnly?: boolean;
  run(context: CommandContext, args: ParsedArgs): CommandOutput | Promise<CommandOutput>;
}
