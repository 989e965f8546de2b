import { execFile } from 'node:child_process';

/** Output of a finished command. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Failure of {@link run}: carries the command's stderr and exit code. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Environment for client tools: English messages (we parse virsh output), no default-URI surprises. */
function clientEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
  delete env.LIBVIRT_DEFAULT_URI;
  delete env.VIRSH_DEFAULT_CONNECT_URI;
  return env;
}

/** Run a command to completion (with a timeout); throw a {@link CommandError} quoting stderr on failure. */
export function run(command: string, args: readonly string[], options: { timeoutMs?: number; input?: string; env?: Readonly<Record<string, string>> } = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const env = { ...clientEnv(), ...options.env };
    const child = execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ stdout, stderr });
        return;
      }
      const shown = [command, ...args].join(' ');
      const detail = stderr.trim() !== '' ? stderr.trim() : error.message;
      const timedOut = error.killed === true && error.signal === 'SIGKILL';
      const message = timedOut ? `\`${shown}\` did not finish within ${timeoutMs / 1000} s` : `\`${shown}\` failed: ${detail}`;
      reject(new CommandError(message, stderr, typeof error.code === 'number' ? error.code : null));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}
