import { join } from 'node:path';
import { readTextOr } from './files';
import { readProcesses, updateProcesses } from './lab-state';
import type { LabPaths } from './paths';
import { isAlive, listProcesses, spawnDaemon, terminate, waitUntil } from './processes';

/** What the keeper runs: `uri` prints once the connection is open (the readiness signal); `event --loop` never returns. */
const KEEPER_COMMANDS = 'uri; event --all --loop';

/** The test-default host's URI over the lab socket. */
export function testDefaultUnixUri(paths: LabPaths): string {
  return `test+unix:///default?socket=${paths.libvirtSocket}`;
}

/** Log of the keeper (it prints the test-default lifecycle events it sees). */
export function keeperLog(paths: LabPaths): string {
  return join(paths.stateDir, 'test-default-keeper.log');
}

/**
 * Pids of this lab's keepers. libvirt frees `test:///default`'s state when its last connection
 * closes, so without a connection held open "shared state" would only last as long as some test
 * happens to be connected.
 */
export function runningKeeperPids(paths: LabPaths): number[] {
  const uri = testDefaultUnixUri(paths);
  return listProcesses()
    .filter((proc) => proc.comm === 'virsh' && proc.argv.includes(uri) && proc.argv.includes(KEEPER_COMMANDS))
    .map((proc) => proc.pid);
}

/**
 * Make sure one virsh holds a connection to test:///default open (`event --loop` waits forever),
 * so objects defined there live as long as the daemon. A keeper from before a libvirtd restart is
 * replaced: its connection, and the state, died with the old daemon.
 */
export async function ensureKeeper(paths: LabPaths, libvirtdPid: number): Promise<number> {
  const recorded = readProcesses(paths);
  const running = runningKeeperPids(paths);
  if (recorded.keeperPid !== undefined && running.length === 1 && running[0] === recorded.keeperPid && recorded.keeperLibvirtdPid === libvirtdPid) {
    return recorded.keeperPid;
  }
  await terminate(running, 2_000);
  const log = keeperLog(paths);
  const before = readTextOr(log, '').length;
  const uri = testDefaultUnixUri(paths);
  const keeper = spawnDaemon('/usr/bin/virsh', ['--quiet', '--connect', uri, KEEPER_COMMANDS], log);
  try {
    await waitUntil(() => readTextOr(log, '').slice(before).includes(uri), {
      timeoutMs: 15_000,
      what: `virsh holding test:///default open (pid ${keeper.pid})`,
      logFile: log,
      failFast: keeper.exitReason,
    });
  } catch (error) {
    await terminate([keeper.pid], 2_000);
    throw error;
  }
  updateProcesses(paths, { keeperPid: keeper.pid, keeperLibvirtdPid: libvirtdPid });
  return keeper.pid;
}

/** Whether the recorded keeper still holds test:///default open for the current daemon. */
export function keeperHealthy(paths: LabPaths, libvirtdPid: number | null, recorded: { keeperPid?: number; keeperLibvirtdPid?: number }): boolean {
  return libvirtdPid !== null && isAlive(recorded.keeperPid) && recorded.keeperLibvirtdPid === libvirtdPid && runningKeeperPids(paths).includes(recorded.keeperPid ?? -1);
}

/** Stop every keeper of this lab. */
export async function stopKeepers(paths: LabPaths): Promise<void> {
  await terminate(runningKeeperPids(paths), 2_000);
}
