// Web mode entry point, bundled to dist/web.mjs. Run directly (`node dist/web.mjs [--port N] [--data-dir DIR]`) or
// imported by scripts/start.mjs, which parses its own flags with parseStartArgs() and calls runWebMode() when it
// serves web mode.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type VirtDeckApp } from '../app';
import { UsageError } from '../config/args';
import { parseWebModeArgs } from '../config/shell-args';
import { startWebServer, type WebServer } from './web-server';

export { createApp } from '../app';
export { UsageError } from '../config/args';
export { parseStartArgs, parseWebModeArgs } from '../config/shell-args';
export { startWebServer } from './web-server';

/** The port web mode prefers when none is asked for (falls back to a free one when taken). */
export const DEFAULT_WEB_PORT = 5174;

/** How to run web mode. */
export interface WebModeOptions {
  /** Exact port: fail if taken. Default: {@link DEFAULT_WEB_PORT} if free, else any free port. */
  readonly port?: number | undefined;
  readonly dataDir?: string | undefined;
  /** The built renderer; default: `renderer/` next to this bundle, else the checkout's dist/renderer. */
  readonly staticDir?: string | undefined;
  /** A line printed before the URL (start.mjs says here why Electron was not opened). */
  readonly notice?: string | undefined;
  readonly out?: (line: string) => void;
  /** Stop on SIGINT/SIGTERM and exit the process (default true; tests that run it in-process say false). */
  readonly handleSignals?: boolean;
}

/** A running web mode. */
export interface WebMode {
  readonly server: WebServer;
  readonly app: VirtDeckApp;
  stop(): Promise<void>;
}

/** Start the services and the web server, print the URL with the session secret. */
export async function runWebMode(options: WebModeOptions = {}): Promise<WebMode> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const staticDir = options.staticDir ?? findRendererDir();
  const app = createApp({ mode: 'web', dataDir: options.dataDir, connectHosts: true });
  let server: WebServer;
  try {
    server = await listenPreferring(app, staticDir, options.port);
  } catch (error) {
    await app.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= server.close().finally(() => app.close()));

  if (options.notice) out(`virt-deck: ${options.notice}`);
  out(`virt-deck: web UI at ${server.url}  (data: ${app.dataDir}; Ctrl-C to stop)`);

  if (options.handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) process.exit(130); // a second Ctrl-C: the user wants out now
      out(`virt-deck: ${signal}, stopping`);
      void stop().then(() => process.exit(0));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { server, app, stop };
}

async function listenPreferring(app: VirtDeckApp, staticDir: string, port: number | undefined): Promise<WebServer> {
  const start = (p: number) => startWebServer({ service: app.service, staticDir, port: p, consoles: () => app.consoles(), imageUpload: app.imageUpload });
  if (port !== undefined) {
    return start(port).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? new Error(`Port ${port} on 127.0.0.1 is already in use: pick another one (VIRT_DECK_PORT / --port)`) : error;
    });
  }
  try {
    return await start(DEFAULT_WEB_PORT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return start(0);
  }
}

/** The built renderer: next to this bundle (dist/web.mjs → dist/renderer), or dist/renderer of the checkout. */
function findRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'renderer'), resolve(here, '..', '..', 'dist', 'renderer')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (found === undefined) throw new Error(`The renderer is not built (no index.html in ${candidates.join(' or ')}): run \`npm run build\``);
  return found;
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  try {
    await runWebMode(parseWebModeArgs(process.argv.slice(2), process.env));
  } catch (error) {
    process.stderr.write(`virt-deck: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  }
}
