// Who runs a task: `pid:starttime@hostname`. Another process reading an instance row (recovery after a crash, the
// image cache's upload rows) uses it to tell a task whose runner died from one still running. The pid alone is not
// enough: after a crash and a reboot (or just enough time) the same pid belongs to another program, so on Linux the
// process's start time (clock ticks since boot, /proc/<pid>/stat field 22) is part of the identity.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A parsed owner string. */
export interface ProcessOwner {
  readonly pid: number;
  /**
   * Linux: start time in clock ticks since boot; elsewhere the start time in ms since the epoch (informational).
   * Null when the writer could not tell (`-` or `0`): then only the pid's existence is checked.
   */
  readonly startTime: string | null;
  readonly hostname: string;
}

let own: string | null = null;

/** This process's owner identity, `pid:starttime@hostname` (computed once). */
export function currentOwner(): string {
  own ??= formatOwner({ pid: process.pid, startTime: startTimeOf(process.pid) ?? String(Math.round(Date.now() - process.uptime() * 1000)), hostname: hostname() });
  return own;
}

/**
 * Whether the process named by `owner` is still running. An owner on another machine cannot be checked and counts
 * as alive (never take work away from a process that may be running); a string that is not an owner counts as dead
 * (no process can be running under it).
 */
export function isOwnerAlive(owner: string): boolean {
  const parsed = parseOwner(owner);
  if (parsed === null) return false;
  if (parsed.hostname !== hostname()) return true;
  if (owner === currentOwner()) return true;
  if (process.platform === 'linux' && parsed.startTime !== null) {
    const started = startTimeOf(parsed.pid);
    // No /proc entry: gone. Another start time: the pid was reused by a later process.
    return started !== null && started === parsed.startTime;
  }
  return signalZero(parsed.pid);
}

/** `pid:starttime@hostname` → its parts; null when it is not one. */
export function parseOwner(owner: string): ProcessOwner | null {
  const match = /^(\d{1,10}):(\d{1,20}|-)@(.+)$/.exec(owner);
  if (match === null) return null;
  const pid = Number(match[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  const start = match[2] as string;
  return { pid, startTime: start === '-' || start === '0' ? null : start, hostname: match[3] as string };
}

/** The owner string of a process. */
export function formatOwner(owner: ProcessOwner): string {
  return `${owner.pid}:${owner.startTime ?? '-'}@${owner.hostname}`;
}

/** Linux: the process's start time from /proc/<pid>/stat (field 22); null when there is no such process (or no /proc). */
function startTimeOf(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // Field 2 is the command name in parentheses and may itself contain spaces and ')': split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 is fields[19].
  const start = fields[19];
  return start !== undefined && /^\d+$/.test(start) ? start : null;
}

/** kill(pid, 0): delivered or refused for permission means the process exists. */
function signalZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
