import type { Inventory } from '../inventory';
import type { OptionSpec, ParsedArgs, PositionalSpec } from './args';

/** What a command prints: `text` for people, `json` for `--json` (scripts). */
export interface CommandOutput {
  readonly text: string;
  readonly json: unknown;
  /** Printed on stderr as `warning: …` lines (also with --json, which carries them in `json` as well). */
  readonly warnings?: readonly string[];
  /** Exit code after printing (default 0): a command that ran but fell short, e.g. a stop that timed out, says 1. */
  readonly exitCode?: number;
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
  print(text: string): void;
  /** Rewrite the status line on stderr (a transfer's progress); null clears it. Absent when stderr is no terminal. */
  readonly progress?: (line: string | null) => void;
  /** A signal that fires on Ctrl-C, for commands that stop cleanly (asking for it is what makes Ctrl-C stop them). */
  readonly interrupted?: () => AbortSignal;
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
