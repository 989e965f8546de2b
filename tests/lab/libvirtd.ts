import { mkdirSync } from 'node:fs';
import { writeIfChanged } from './files';
import type { LabPaths } from './paths';
import { isAlive, listProcesses, type ProcInfo, readPidFile, readProc, signal, spawnDaemon, terminate, waitForExitSync, waitUntil } from './processes';
import { virshAt } from './virsh';

/** Daemons that would also claim the system-wide QEMU driver state (/run/libvirt/qemu/driver.pid). */
const LIBVIRT_DAEMONS = new Set(['libvirtd', 'virtqemud']);

/** The QEMU host URI over the lab's socket. */
export function qemuUnixUri(paths: LabPaths): string {
  return `qemu+unix:///system?socket=${paths.libvirtSocket}`;
}

/** libvirtd.conf: sockets in the state dir, no authentication on them, no network listeners, log to a file. */
export function writeLibvirtdConfig(paths: LabPaths): void {
  mkdirSync(paths.runDir, { recursive: true, mode: 0o755 });
  writeIfChanged(
    paths.libvirtdConf,
    [
      '# Virt Deck test lab: private libvirtd on unix sockets only.',
      `unix_sock_dir = "${paths.runDir}"`,
      'unix_sock_ro_perms = "0777"',
      'unix_sock_rw_perms = "0700"',
      'unix_sock_admin_perms = "0700"',
      'auth_unix_ro = "none"',
      'auth_unix_rw = "none"',
      'listen_tls = 0',
      'listen_tcp = 0',
      `log_outputs = "3:file:${paths.libvirtdLog}"`,
      '',
    ].join('\n'),
  );
}

/** Whether a process is this lab's libvirtd (started with this state dir's config). */
function isOurs(proc: ProcInfo | null, paths: LabPaths): boolean {
  return proc !== null && LIBVIRT_DAEMONS.has(proc.comm) && proc.argv.includes(paths.libvirtdConf);
}

/** Pid of this lab's running libvirtd, from its pid file or the recorded pid; null if none runs. */
export function runningLibvirtdPid(paths: LabPaths, recorded: number | undefined): number | null {
  for (const pid of [readPidFile(paths.libvirtdPid), recorded ?? null]) {
    if (pid !== null && isAlive(pid) && isOurs(readProc(pid), paths)) return pid;
  }
  return null;
}

/** libvirt daemons on this machine that are not this lab's: the QEMU driver allows only one. */
export function foreignLibvirtDaemons(paths: LabPaths): ProcInfo[] {
  return listProcesses().filter((proc) => LIBVIRT_DAEMONS.has(proc.comm) && !isOurs(proc, paths));
}

/** Whether the daemon answers a QEMU-driver call on the lab socket. */
export async function libvirtdAnswers(paths: LabPaths, timeoutMs = 10_000): Promise<boolean> {
  try {
    await virshAt(qemuUnixUri(paths), ['version'], timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/**
 * Start the lab's libvirtd and wait until it serves the QEMU driver.
 * The first start on a machine probes QEMU's capabilities (about 8 s here); later starts use the cache.
 */
export async function startLibvirtdProcess(paths: LabPaths): Promise<number> {
  const foreign = foreignLibvirtDaemons(paths);
  if (foreign.length > 0) {
    const list = foreign.map((proc) => `pid ${proc.pid}: ${proc.argv.join(' ')}`).join('; ');
    throw new Error(
      `Another libvirt daemon is running (${list}). The QEMU driver's state (/run/libvirt/qemu) is system-wide, so only one lab daemon can run per machine: stop it first (for another lab: VIRT_DECK_LAB_DIR=<its dir> npm run lab -- down).`,
    );
  }
  writeLibvirtdConfig(paths);
  const daemon = spawnDaemon('/usr/sbin/libvirtd', ['--config', paths.libvirtdConf, '--pid-file', paths.libvirtdPid], paths.libvirtdLog);
  try {
    await waitUntil(() => libvirtdAnswers(paths, 30_000), {
      timeoutMs: 90_000,
      intervalMs: 100,
      what: `libvirtd (pid ${daemon.pid}) answering on ${paths.libvirtSocket}`,
      logFile: paths.libvirtdLog,
      failFast: daemon.exitReason,
    });
  } catch (error) {
    await terminate([daemon.pid], 5_000); // a daemon that never answered is not left behind
    throw error;
  }
  return daemon.pid;
}

/** Stop libvirtd gracefully (SIGTERM; SIGKILL after 15 s). Running QEMU guests are not affected by this. */
export async function stopLibvirtdProcess(pid: number): Promise<void> {
  await terminate([pid], 15_000);
}

/** SIGKILL libvirtd, as a crash would: sockets and pid file stay behind. */
export function killLibvirtdProcess(pid: number): void {
  signal(pid, 'SIGKILL');
  if (!waitForExitSync([pid], 5_000)) throw new Error(`libvirtd pid ${pid} did not exit within 5 s of SIGKILL`);
}
