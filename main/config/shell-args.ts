// Start-up flags of the app's shells, parsed with the one parser (args.ts):
//   npm start [-- --web] [--data-dir DIR] [--port N] [--demo]   scripts/start.mjs, through dist/web.mjs's parseStartArgs
//   node dist/web.mjs [--data-dir DIR] [--port N] [--static-dir DIR]
//   the Electron app [--data-dir DIR]                   electron/main.ts
// An unknown flag is a UsageError naming it; the entry points print it and exit with code 2.
import { parseArgs, stringOption, UsageError, type OptionSpec, type ParsedArgs } from './args';

/** `--data-dir DIR`: where the inventory lives (see paths.ts); shared by the CLI and every shell. */
export const DATA_DIR_OPTION: OptionSpec = { name: 'data-dir', type: 'string', value: 'DIR', description: 'Data directory (default: $VIRT_DECK_DATA_DIR, else the platform default).' };

/** `--port N`: web mode's port on 127.0.0.1. */
export const PORT_OPTION: OptionSpec = { name: 'port', type: 'string', value: 'N', description: 'Serve web mode on this port (0: any free port; default: $VIRT_DECK_PORT, else 5174 when free).' };

/** `--web`: `npm start` serves web mode instead of opening the Electron window. */
export const WEB_OPTION: OptionSpec = { name: 'web', type: 'flag', description: 'Serve the UI in web mode instead of opening the Electron window.' };

/** `--demo`: `npm start` brings the test lab up and opens the app on a demo inventory holding its hosts (scripts/demo.mjs). */
export const DEMO_OPTION: OptionSpec = { name: 'demo', type: 'flag', description: 'Bring the test lab up, open the app on a demo inventory with its hosts, take the lab down at exit.' };

/** `--static-dir DIR`: the built renderer web mode serves (tests, packaging). */
export const STATIC_DIR_OPTION: OptionSpec = { name: 'static-dir', type: 'string', value: 'DIR', description: 'The built renderer to serve (default: dist/renderer).' };

/** Environment the shells read. */
export type ShellEnv = Readonly<Record<string, string | undefined>>;

/** Web mode's options from its command line and environment. */
export interface WebModeArgs {
  readonly port?: number;
  readonly dataDir?: string;
  readonly staticDir?: string;
}

/** `npm start`'s options. */
export interface StartArgs {
  /** Serve web mode rather than try Electron. */
  readonly web: boolean;
  /** Why web mode was asked for (`--web`, `--port 8080`, `VIRT_DECK_WEB=1`), for the line start.mjs prints. */
  readonly webRequestedBy?: string;
  /** The port for web mode: `--port`, else `$VIRT_DECK_PORT`. */
  readonly port?: number;
  readonly dataDir?: string;
  /** `--demo`: run on the test lab (scripts/demo.mjs); `dataDir` then overrides the demo's own data directory. */
  readonly demo?: true;
}

/** The Electron shell's options. */
export interface ElectronArgs {
  readonly dataDir?: string;
}

const WEB_MODE_OPTIONS = [DATA_DIR_OPTION, PORT_OPTION, STATIC_DIR_OPTION];
const START_OPTIONS = [WEB_OPTION, DATA_DIR_OPTION, PORT_OPTION, DEMO_OPTION];
const ELECTRON_OPTIONS = [DATA_DIR_OPTION];

/** Parse `node dist/web.mjs [--data-dir DIR] [--port N] [--static-dir DIR]`; `$VIRT_DECK_PORT` is the port's default. */
export function parseWebModeArgs(argv: readonly string[], env: ShellEnv): WebModeArgs {
  const args = parseArgs(argv, { options: WEB_MODE_OPTIONS, unknownHint: `web mode takes ${usageOf(WEB_MODE_OPTIONS)}` });
  const port = portOf(args, env);
  const staticDir = nonEmpty(args, 'static-dir');
  return { ...dataDirOf(args), ...(port === undefined ? {} : { port }), ...(staticDir === undefined ? {} : { staticDir }) };
}

/**
 * Parse `npm start -- [--web] [--data-dir DIR] [--port N] [--demo]`. `--port` asks for web mode too: a port only means
 * something there (the Electron window listens on none). `VIRT_DECK_WEB=1` asks for web mode; `$VIRT_DECK_PORT`
 * only picks its port.
 */
export function parseStartArgs(argv: readonly string[], env: ShellEnv): StartArgs {
  const args = parseArgs(argv, { options: START_OPTIONS, unknownHint: `npm start takes ${usageOf(START_OPTIONS)}` });
  const port = portOf(args, env);
  const portFlag = stringOption(args, 'port');
  const webRequestedBy = args.options.has('web') ? '--web' : portFlag !== undefined ? `--port ${portFlag}` : env['VIRT_DECK_WEB'] === '1' ? 'VIRT_DECK_WEB=1' : undefined;
  return {
    web: webRequestedBy !== undefined,
    ...(webRequestedBy === undefined ? {} : { webRequestedBy }),
    ...dataDirOf(args),
    ...(port === undefined ? {} : { port }),
    ...(args.options.has('demo') ? { demo: true as const } : {}),
  };
}

/**
 * Parse the Electron app's arguments (after the executable, and after the app path when run as `electron .`).
 * Only `--data-dir`: `--port` is web mode's and is refused with that reason; Chromium switches are not taken from
 * the command line either. macOS's `-psn_…` (a process serial number some launchers add) is skipped.
 */
export function parseElectronArgs(argv: readonly string[]): ElectronArgs {
  const own = argv.filter((arg) => !arg.startsWith('-psn_'));
  // --port is parsed only to refuse it with the reason.
  const args = parseArgs(own, { options: [...ELECTRON_OPTIONS, PORT_OPTION], unknownHint: `the Electron app takes ${usageOf(ELECTRON_OPTIONS)}` });
  if (args.options.has('port')) {
    throw new UsageError('--port is for web mode (npm start -- --web --port N, or node dist/web.mjs --port N): the Electron window listens on no port');
  }
  return dataDirOf(args);
}

function dataDirOf(args: ParsedArgs): { dataDir?: string } {
  const dataDir = nonEmpty(args, 'data-dir');
  return dataDir === undefined ? {} : { dataDir };
}

function nonEmpty(args: ParsedArgs, name: string): string | undefined {
  const value = stringOption(args, name);
  if (value !== undefined && value.trim() === '') throw new UsageError(`--${name} needs a value`);
  return value;
}

/** `--port`, else `$VIRT_DECK_PORT` (an empty variable is unset). */
function portOf(args: ParsedArgs, env: ShellEnv): number | undefined {
  const flag = stringOption(args, 'port');
  if (flag !== undefined) return parsePort(flag, '--port');
  const fromEnv = env['VIRT_DECK_PORT'];
  return fromEnv === undefined || fromEnv === '' ? undefined : parsePort(fromEnv, 'VIRT_DECK_PORT');
}

function parsePort(text: string, source: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`${source} must be a port number 0-65535, not ${JSON.stringify(text)}`);
  return port;
}

function usageOf(options: readonly OptionSpec[]): string {
  return options.map((o) => (o.type === 'flag' ? `--${o.name}` : `--${o.name} ${o.value ?? 'VALUE'}`)).join(', ');
}
