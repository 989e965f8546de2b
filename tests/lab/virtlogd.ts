import { mkdirSync } from 'node:fs';
import { unixSocketAccepts } from './net';
import { type LabPaths, VIRTLOGD_SOCKET } from './paths';
import { isAlive, listProcesses, readProc, spawnDaemon, terminate, waitUntil } from './processes';

/** The virtlogd the lab uses. */
export interface VirtlogdState {
  readonly pid: number;
  readonly startedByLab: boolean;
}

/** Pid of a running virtlogd, if any (there is one per machine: its socket path is fixed). */
export function runningVirtlogdPid(): number | null {
  return listProcesses().find((proc) => proc.comm === 'virtlogd')?.pid ?? null;
}

/**
 * Make sure virtlogd runs: QEMU guests with a `<log>` or a console need it
 * ("Failed to connect socket to '/run/libvirt/virtlogd-sock'" otherwise).
 * A virtlogd the lab finds running is used, and left alone on `down`.
 */
export async function ensureVirtlogd(paths: LabPaths, recorded: { pid?: number; startedByLab?: boolean }): Promise<VirtlogdState> {
  const existing = runningVirtlogdPid();
  if (existing !== null) {
    await waitUntil(() => unixSocketAccepts(VIRTLOGD_SOCKET), { timeoutMs: 15_000, what: `virtlogd (pid ${existing}) answering on ${VIRTLOGD_SOCKET}` });
    return { pid: existing, startedByLab: recorded.startedByLab === true && recorded.pid === existing };
  }
  mkdirSync('/run/libvirt', { recursive: true, mode: 0o755 });
  // Run in the foreground of its own session (instead of `virtlogd -d`) so the pid is the spawned one.
  const daemon = spawnDaemon('/usr/sbin/virtlogd', [], paths.virtlogdLog);
  try {
    await waitUntil(() => unixSocketAccepts(VIRTLOGD_SOCKET), {
      timeoutMs: 15_000,
      what: `virtlogd (pid ${daemon.pid}) answering on ${VIRTLOGD_SOCKET}`,
      logFile: paths.virtlogdLog,
      failFast: daemon.exitReason,
    });
  } catch (error) {
    await terminate([daemon.pid], 5_000);
    throw error;
  }
  return { pid: daemon.pid, startedByLab: true };
}

/** Stop virtlogd if the lab started it (and it is still that process). */
export async function stopVirtlogdIfOurs(recorded: { pid?: number; startedByLab?: boolean }): Promise<void> {
  if (recorded.startedByLab !== true || recorded.pid === undefined || !isAlive(recorded.pid)) return;
  if (readProc(recorded.pid)?.comm !== 'virtlogd') return;
  await terminate([recorded.pid], 10_000);
}
