import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { readDirOr, readTextOr, tailOfFile } from './files';

/** A process as /proc shows it. */
export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Kernel state letter: R, S, D, Z (zombie), … */
  readonly state: string;
  readonly comm: string;
  readonly argv: readonly string[];
}

/** Read one process from /proc; null if it does not exist (any more). */
export function readProc(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may itself contain spaces or parentheses: split at the last ')'.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(open + 1, close);
    const rest = stat.slice(close + 2).split(' ');
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((part) => part !== '');
    return { pid, ppid: Number(rest[1]), state: rest[0] ?? '?', comm, argv };
  } catch {
    return null;
  }
}

/**
 * Whether a process runs.
 * Zombies count as gone: this machine's pid 1 reaps orphans late, and `kill -0` succeeds on them.
 */
export function isAlive(pid: number | undefined | null): boolean {
  if (pid === undefined || pid === null || !Number.isInteger(pid) || pid <= 1) return false;
  const proc = readProc(pid);
  return proc !== null && proc.state !== 'Z' && proc.state !== 'X';
}

/** Every live process on the machine. */
export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readDirOr('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const proc = readProc(Number(entry));
    if (proc !== null && proc.state !== 'Z' && proc.state !== 'X') out.push(proc);
  }
  return out;
}

/** All live descendants of a process (children first-level included), deepest last. */
export function descendantsOf(pid: number): ProcInfo[] {
  const all = listProcesses();
  const found: ProcInfo[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = all.filter((proc) => frontier.includes(proc.ppid));
    found.push(...next);
    frontier = next.map((proc) => proc.pid);
  }
  return found;
}

/** A pid from a pid file, or null if the file is missing or holds no number. */
export function readPidFile(path: string): number | null {
  const pid = Number.parseInt(readTextOr(path, '').trim(), 10);
  return Number.isInteger(pid) && pid > 1 ? pid : null;
}

/** Options of {@link waitUntil}. */
export interface WaitOptions {
  readonly timeoutMs: number;
  /** What should come up, for the error message: "libvirtd socket /x answering". */
  readonly what: string;
  /** Log whose tail the timeout error quotes. */
  readonly logFile?: string;
  readonly intervalMs?: number;
  /** Stops the wait early with an error, e.g. when the daemon already exited. */
  readonly failFast?: () => string | null;
}

/** Poll until `check` holds; on timeout throw an error naming what did not come up, with its log's tail. */
export async function waitUntil(check: () => boolean | Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  for (;;) {
    if (await check()) return;
    const failure = options.failFast?.() ?? null;
    if (failure !== null) throw new Error(withLogTail(`${options.what}: ${failure}`, options.logFile));
    if (Date.now() >= deadline) {
      throw new Error(withLogTail(`${options.what}: not reached within ${(options.timeoutMs / 1000).toFixed(0)} s`, options.logFile));
    }
    await sleep(interval);
  }
}

/** Append the last lines of a log to an error message. */
export function withLogTail(message: string, logFile: string | undefined): string {
  if (logFile === undefined) return message;
  const tail = tailOfFile(logFile, 20);
  return tail === '' ? `${message} (log ${logFile} is empty or missing)` : `${message}\n--- last lines of ${logFile} ---\n${tail}`;
}

/** Send a signal, ignoring processes that are already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Block until the processes are gone or `timeoutMs` passed; true if they are gone.
 * Deliberately synchronous: fault controls run inside test processes whose event loop a client
 * may be starving (e.g. a call loop spinning on instantly rejected promises once the daemon is
 * killed), and a timer-based wait would then never return.
 */
export function waitForExitSync(pids: readonly number[], timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() >= deadline) return false;
    Atomics.wait(sleepCell, 0, 0, 10);
  }
  return true;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the processes are gone (see {@link waitForExitSync}). */
export async function terminate(pids: readonly number[], graceMs = 10_000): Promise<void> {
  const live = pids.filter(isAlive);
  if (live.length === 0) return;
  for (const pid of live) signal(pid, 'SIGTERM');
  if (waitForExitSync(live, graceMs)) return;
  const stubborn = live.filter(isAlive);
  for (const pid of stubborn) signal(pid, 'SIGKILL');
  if (!waitForExitSync(stubborn, 5_000)) throw new Error(`Processes ${stubborn.filter(isAlive).join(', ')} did not exit after SIGKILL`);
}

/** A daemon started by {@link spawnDaemon}. */
export interface SpawnedDaemon {
  readonly pid: number;
  /** Set once the process exited (e.g. a config error) so waits can stop early. */
  exitReason(): string | null;
}

/** Environment for the lab's daemons: a minimal, predictable one (sbin on PATH for dnsmasq, ip, …). */
export function daemonEnv(): NodeJS.ProcessEnv {
  return { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C.UTF-8' };
}

/**
 * Start a long-lived process in its own session, output appended to `logFile`.
 * It is detached and unreferenced so it outlives the CLI or test process that started it.
 */
export function spawnDaemon(command: string, args: readonly string[], logFile: string): SpawnedDaemon {
  const fd = openSync(logFile, 'a', 0o600);
  let exit: string | null = null;
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env: daemonEnv() });
    child.on('error', (error) => {
      exit = `could not start ${command}: ${error.message}`;
    });
    child.on('exit', (code, sig) => {
      exit = `${command} exited (${sig ?? `code ${code}`})`;
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command} (no pid)`);
    return { pid: child.pid, exitReason: () => exit };
  } finally {
    closeSync(fd);
  }
}
