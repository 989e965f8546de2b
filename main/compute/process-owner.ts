// Who runs a task: `pid:starttime@hostname`, written on the row a process works on (an instance's task, an image
// upload), so that another process can tell a live owner from a dead one. The start time is what makes a reused pid
// harmless: a process that died and whose pid now belongs to someone else has a different start time.
import { readFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';

/** An owner string taken apart. */
export interface ProcessOwner {
  readonly pid: number;
  /** Start time of the process (Linux: clock ticks after boot, field 22 of /proc/<pid>/stat); '-' where unknown. */
  readonly startTime: string;
  readonly hostname: string;
}

/** Whether the owner of a task still runs: `unknown` when it ran on another machine (its pids mean nothing here). */
export type OwnerLiveness = 'alive' | 'dead' | 'unknown';

/** What liveness checks read from the system (tests replace it). */
export interface ProcessProbe {
  readonly hostname: () => string;
  /** Start time of a running process, '-' when the platform cannot tell, null when no such process exists. */
  readonly startTime: (pid: number) => string | null;
}

/**
 * Start time of a process from `/proc/<pid>/stat`. The second field (the command) may hold spaces and parentheses,
 * so fields are counted from the last `)`: the start time is the 20th after it.
 */
export function parseProcStatStartTime(stat: string): string | null {
  const close = stat.lastIndexOf(')');
  if (close === -1) return null;
  const fields = stat.slice(close + 2).split(' ');
  const value = fields[19];
  return value !== undefined && /^\d+$/.test(value) ? value : null;
}

/** Whether a pid exists: signal 0 checks without sending anything (EPERM = it exists but belongs to another user). */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The real system: /proc where it exists (Linux), else only whether the pid exists. */
export const SYSTEM_PROBE: ProcessProbe = {
  hostname: osHostname,
  startTime(pid) {
    if (!Number.isSafeInteger(pid) || pid <= 0) return null;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No /proc at all (macOS, Windows): fall back to the pid alone.
      if (code === 'ENOENT' && process.platform !== 'linux') return pidExists(pid) ? '-' : null;
      return null;
    }
    return parseProcStatStartTime(stat) ?? '-';
  },
};

/** Format an owner. */
export function formatOwner(owner: ProcessOwner): string {
  return `${owner.pid}:${owner.startTime}@${owner.hostname}`;
}

/** Parse an owner string; null when it is not one (then nobody can vouch for the task). */
export function parseOwner(text: string | null | undefined): ProcessOwner | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d+):(\d+|-)@(.+)$/.exec(text);
  if (match === null) return null;
  const pid = Number(match[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  return { pid, startTime: match[2] as string, hostname: match[3] as string };
}

let current: string | undefined;

/** This process as an owner (computed once for the real system: none of its parts change while it runs). */
export function currentOwner(probe: ProcessProbe = SYSTEM_PROBE): string {
  const compute = () => formatOwner({ pid: process.pid, startTime: probe.startTime(process.pid) ?? '-', hostname: probe.hostname() });
  if (probe !== SYSTEM_PROBE) return compute();
  current ??= compute();
  return current;
}

/**
 * Whether the process named by `owner` still runs. A malformed owner is `dead` (nothing can be running under a name
 * that was never written by this code); another machine's owner is `unknown`; on this machine the pid must exist
 * with the same start time (when both sides know it).
 */
export function ownerLiveness(owner: string | null | undefined, probe: ProcessProbe = SYSTEM_PROBE): OwnerLiveness {
  const parsed = parseOwner(owner);
  if (parsed === null) return 'dead';
  if (parsed.hostname !== probe.hostname()) return 'unknown';
  const startTime = probe.startTime(parsed.pid);
  if (startTime === null) return 'dead';
  if (startTime === '-' || parsed.startTime === '-') return 'alive';
  return startTime === parsed.startTime ? 'alive' : 'dead';
}

/**
 * Whether recovery must leave the owner's work alone: alive, or on another machine (its pids mean nothing here, so
 * never take work away from a process that may be running).
 */
export function isOwnerAlive(owner: string | null | undefined, probe: ProcessProbe = SYSTEM_PROBE): boolean {
  return ownerLiveness(owner, probe) !== 'dead';
}
