// Who owns a piece of work that other processes may find half done: a base-image upload, an image import, a task
// on an instance. The app and the CLI share one inventory, so "is the owner still alive?" must be answerable from
// another process: the owner is written as `pid:starttime@hostname`. A pid alone is not enough — pids are reused —
// so on Linux the process's start time (clock ticks since boot, field 22 of /proc/<pid>/stat) pins the one process.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** An owner taken apart. `startTime` is null where the platform has no /proc (then only the pid is checked). */
export interface ProcessOwner {
  readonly pid: number;
  readonly startTime: string | null;
  readonly hostname: string;
}

/** Whether an owner is alive, dead, or cannot be told from here (another machine). */
export type OwnerLiveness = 'alive' | 'dead' | 'unknown';

let current: string | undefined;

/** This process as an owner string: `pid:starttime@hostname` (`pid:-@hostname` without /proc). */
export function currentOwner(): string {
  current ??= formatOwner({ pid: process.pid, startTime: processStartTime(process.pid), hostname: hostname() });
  return current;
}

/** `pid:starttime@hostname`. */
export function formatOwner(owner: ProcessOwner): string {
  return `${owner.pid}:${owner.startTime ?? '-'}@${owner.hostname}`;
}

/** An owner string taken apart, or null when it is not one. */
export function parseOwner(text: string): ProcessOwner | null {
  const match = /^(\d+):([0-9]+|-)@(.+)$/.exec(text);
  if (match === null) return null;
  const pid = Number(match[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  return { pid, startTime: match[2] === '-' ? null : (match[2] as string), hostname: match[3] as string };
}

/** What the liveness check reads from the system; tests pass their own. */
export interface ProcessProbe {
  readonly hostname: () => string;
  /** Start time of a running pid, null if it has none we can read, undefined if no such process runs. */
  readonly startTime: (pid: number) => string | null | undefined;
}

const systemProbe: ProcessProbe = {
  hostname,
  startTime(pid) {
    if (!pidExists(pid)) return undefined;
    return processStartTime(pid);
  },
};

/**
 * Whether the process an owner string names still runs. An owner on another machine is `unknown` (the caller falls
 * back to its heartbeat); a malformed owner is `dead` (nothing can be waiting on it).
 */
export function ownerLiveness(owner: string, probe: ProcessProbe = systemProbe): OwnerLiveness {
  const parsed = parseOwner(owner);
  if (parsed === null) return 'dead';
  if (parsed.hostname !== probe.hostname()) return 'unknown';
  const startTime = probe.startTime(parsed.pid);
  if (startTime === undefined) return 'dead';
  // Same pid, another start time: the pid was reused by a later process.
  if (parsed.startTime !== null && startTime !== null && startTime !== parsed.startTime) return 'dead';
  return 'alive';
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may itself hold spaces), or null. */
function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the name start at field 3 (state); start time is field 22.
  const value = fields[22 - 3];
  return value !== undefined && /^\d+$/.test(value) ? value : null;
}
