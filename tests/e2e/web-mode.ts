// Helpers for e2e tests: the built web mode (dist/web.mjs) as a child process or in-process.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as WebModeModule from '../../main/server/main';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Environment variables global-setup hands to the tests. */
export const E2E_ENV = {
  url: 'VIRT_DECK_E2E_URL',
  dataDir: 'VIRT_DECK_E2E_DATA_DIR',
  /** The lab's LabInfo as JSON, when it came up. */
  lab: 'VIRT_DECK_E2E_LAB',
  /** Why the lab did not come up. */
  labError: 'VIRT_DECK_E2E_LAB_ERROR',
} as const;

/** The URL (with `#secret=`) of the server global-setup started. */
export function sharedServer(): { url: string; origin: string; secret: string; dataDir: string } {
  const url = process.env[E2E_ENV.url];
  const dataDir = process.env[E2E_ENV.dataDir];
  if (!url || !dataDir) throw new Error('The e2e global setup did not run (no VIRT_DECK_E2E_URL)');
  const [origin = '', secret = ''] = url.split('/#secret=');
  return { url, origin, secret, dataDir };
}

/** A free TCP port on 127.0.0.1 (closed again at once, so a test can bind it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Wait until `child` writes a stdout line matching `pattern`; resolves to every line so far. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`No line matching ${pattern} within ${timeoutMs} ms; got:\n${lines.join('\n')}\n${stderr}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (pattern.test(line)) {
          clearTimeout(timer);
          resolve(lines);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Exited with ${code} before printing ${pattern}:\n${lines.join('\n')}\n${stderr}`));
    });
  });
}

/** Start `node <script> [args]` with extra environment; stdout/stderr piped. */
export function startNode(script: string, args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Stop a child with a signal and wait for it; SIGKILL after `graceMs`. Resolves to its exit code (null if killed). */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT', graceMs = 5000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

/** A web mode started as a child process (`node dist/web.mjs`) on a free port. */
export interface WebModeChild {
  readonly child: ChildProcess;
  /** With the `#secret=`. */
  readonly url: string;
  readonly dataDir: string;
  /** Stop it (SIGINT) and wait; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Start the built web mode with its own data directory on a free port, and read the URL it prints. */
export async function startWebModeChild(dataDir: string): Promise<WebModeChild> {
  const child = startNode('dist/web.mjs', ['--port', '0', '--data-dir', dataDir], {});
  try {
    const lines = await waitForLine(child, /web UI at http:\/\//, 20_000);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/#secret=[\w-]+)/.exec(lines.at(-1) ?? '')?.[1];
    if (!url) throw new Error(`Could not read the web mode URL from: ${lines.join('\n')}`);
    return { child, url, dataDir, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** The built web mode module, for tests that run a server in-process. */
export async function importWebMode(): Promise<typeof WebModeModule> {
  return (await import(pathToFileURL(join(ROOT, 'dist', 'web.mjs')).href)) as typeof WebModeModule;
}
