import type { OptionSpec } from './args';
import type { CommandSpec } from './command';

const GLOBAL_OPTIONS: readonly (readonly [string, string])[] = [
  ['--json', 'Print JSON instead of tables (for scripts).'],
  ['--data-dir <DIR>', 'Data directory holding the inventory (also $VIRT_DECK_DATA_DIR).'],
  ['-h, --help', 'Show help (for a command: virt-deck <command> --help).'],
];

/** Overview of every command. */
export function formatOverview(commands: readonly CommandSpec[]): string {
  const lines = ['usage: virt-deck <command> [arguments] [options]', '', 'Commands:'];
  lines.push(...columns(commands.map((c) => [c.words.join(' '), c.summary])));
  lines.push('  help [command]', '', 'Global options:', ...columns(GLOBAL_OPTIONS));
  lines.push('', 'Exit codes: 0 success, 1 error (one line on stderr), 2 usage error.');
  return lines.join('\n') + '\n';
}

/** Help for one command. */
export function formatCommandHelp(command: CommandSpec): string {
  const positionals = (command.positionals ?? []).map((p) => (p.optional ? `[<${p.name}>]` : `<${p.name}>`));
  const lines = [`usage: virt-deck ${[...command.words, ...positionals].join(' ')}${command.options?.length ? ' [options]' : ''}`, '', command.summary];
  if (command.positionals?.length) {
    lines.push('', 'Arguments:', ...columns(command.positionals.map((p) => [`<${p.name}>`, p.description])));
  }
  if (command.options?.length) lines.push('', 'Options:', ...columns(command.options.map((o) => [optionLabel(o), o.description])));
  if (command.details) lines.push('', command.details);
  lines.push('', 'Global options:', ...columns(GLOBAL_OPTIONS));
  return lines.join('\n') + '\n';
}

/** Help for a command group ("flavor"): its subcommands. */
export function formatGroupHelp(group: string, commands: readonly CommandSpec[]): string {
  const lines = [`usage: virt-deck ${group} <subcommand> [arguments] [options]`, '', 'Subcommands:'];
  lines.push(...columns(commands.map((c) => [c.words.join(' '), c.summary])));
  return lines.join('\n') + '\n';
}

function optionLabel(option: OptionSpec): string {
  const value = option.type === 'flag' ? '' : ` <${option.value ?? 'VALUE'}>`;
  return `--${option.name}${value}${option.repeatable ? ' …' : ''}`;
}

function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
