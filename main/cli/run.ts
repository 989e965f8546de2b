import { openInventory, type Inventory } from '../inventory';
import { escapeControlCharacters } from '../text/control-chars';
import { extractGlobalOptions, parseCommandArgs, UsageError } from './args';
import type { CommandContext, CommandSpec } from './command';
import { COMMANDS } from './commands';
import { formatCommandHelp, formatGroupHelp, formatOverview } from './help';

/** Where the CLI writes, and the environment it reads. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Write a status line over the previous one on stderr; only when stderr is a terminal. */
  readonly progress?: (text: string) => void;
  /** The signal Ctrl-C fires (installed on first use). */
  readonly interrupted?: () => AbortSignal;
}

/** Exit codes. */
export const EXIT_OK = 0;
/** The command failed (bad input, not found, conflict, I/O). */
export const EXIT_ERROR = 1;
/** The command line itself is wrong. */
export const EXIT_USAGE = 2;

/** Run `virt-deck <argv…>` and return its exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CommandSpec[] = COMMANDS): Promise<number> {
  let inventory: Inventory | undefined;
  try {
    const { globals, rest } = extractGlobalOptions(argv);
    if (rest[0] === 'help') return printHelp(io, commands, rest.slice(1));
    if (rest.length === 0) {
      if (globals.help) return printHelp(io, commands, []);
      throw new UsageError('missing command');
    }
    const command = findCommand(commands, rest);
    if (globals.help) return printHelp(io, commands, command ? [...command.words] : rest);
    if (!command) throw unknownCommand(commands, rest);

    const args = parseCommandArgs(rest.slice(command.words.length), command.options ?? [], command.positionals ?? [], command.words);
    const { progress, interrupted } = io;
    const context: CommandContext = {
      env: io.env,
      print: (text) => (globals.json ? io.stderr : io.stdout)(terminalText(text)),
      ...(progress === undefined ? {} : { progress: (line: string | null) => progress(line === null ? '' : terminalText(line)) }),
      ...(interrupted === undefined ? {} : { interrupted }),
      inventory: () => {
        if (inventory === undefined) {
          inventory = openInventory({ ...(globals.dataDir === undefined ? {} : { dataDir: globals.dataDir }), env: io.env, readOnly: command.readOnly === true });
          for (const warning of inventory.warnings) io.stderr(terminalText(`virt-deck: warning: ${warning}\n`));
        }
        return inventory;
      },
    };
    const output = await command.run(context, args);
    // Names and messages come from remote hosts and from the inventory: nothing printed may drive the terminal.
    // Tables escape their cells already; this catches every other line. JSON escapes what JSON.stringify leaves raw
    // (DEL, C1, bidi controls) as \u sequences, so the document still parses to the same strings.
    io.stdout(globals.json ? `${escapeControlCharacters(JSON.stringify(output.json, null, 2), { keep: '\n', style: 'json' })}\n` : terminalText(output.text));
    for (const warning of output.warnings ?? []) io.stderr(terminalText(`warning: ${warning}\n`));
    return output.exitCode ?? EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      const topic = error.helpFor.length ? ` ${error.helpFor.join(' ')}` : '';
      io.stderr(terminalText(`virt-deck: ${error.message}\nRun 'virt-deck help${topic}' for usage.\n`));
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(terminalText(`error: ${message.replace(/\s*\n\s*/g, ' ')}\n`));
    if (io.env['VIRT_DECK_DEBUG'] && error instanceof Error && error.stack) io.stderr(terminalText(`${error.stack}\n`));
    return EXIT_ERROR;
  } finally {
    inventory?.close();
  }
}

/** Text for the terminal: every control character but the line break escaped. */
function terminalText(text: string): string {
  return escapeControlCharacters(text, { keep: '\n' });
}

/** The command whose words start `argv` (longest match, so `host add` wins over a future `host`). */
function findCommand(commands: readonly CommandSpec[], argv: readonly string[]): CommandSpec | undefined {
  let best: CommandSpec | undefined;
  for (const command of commands) {
    const matches = command.words.every((word, i) => argv[i] === word);
    if (matches && command.words.length > (best?.words.length ?? 0)) best = command;
  }
  return best;
}

function unknownCommand(commands: readonly CommandSpec[], argv: readonly string[]): UsageError {
  const group = commands.filter((c) => c.words[0] === argv[0]);
  if (group.length === 0) return new UsageError(`unknown command '${argv[0] ?? ''}'`);
  const subcommands = group.map((c) => c.words.slice(1).join(' ')).join(', ');
  if (argv.length === 1) return new UsageError(`'${argv[0]}' needs a subcommand: ${subcommands}`, [argv[0] as string]);
  return new UsageError(`unknown command '${argv.slice(0, 2).join(' ')}' (${argv[0]} has: ${subcommands})`, [argv[0] as string]);
}

function printHelp(io: CliIo, commands: readonly CommandSpec[], topic: readonly string[]): number {
  if (topic.length === 0) {
    io.stdout(formatOverview(commands));
    return EXIT_OK;
  }
  const command = findCommand(commands, topic);
  if (command) {
    io.stdout(formatCommandHelp(command));
    return EXIT_OK;
  }
  const group = commands.filter((c) => c.words[0] === topic[0]);
  if (group.length > 0 && topic.length === 1) {
    io.stdout(formatGroupHelp(topic[0] as string, group));
    return EXIT_OK;
  }
  throw new UsageError(`no help for unknown command '${topic.join(' ')}'`);
}
