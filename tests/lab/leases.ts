import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readDirOr } from './files';
import { join } from 'node:path';
import type { LabPaths } from './paths';
import { isAlive } from './processes';

/**
 * Record that this process (a test run) uses the lab — or process `pid`, for a helper acting for a
 * longer-lived parent (`npm start -- --demo`). A lab a test run started is stopped only by the last
 * run still using it, so parallel runs sharing one lab don't pull it from under each other.
 */
export function addLease(paths: LabPaths, pid: number = process.pid): string {
  mkdirSync(paths.leasesDir, { recursive: true, mode: 0o755 });
  const path = leasePath(paths, pid);
  writeFileSync(path, `${new Date().toISOString()}\n`);
  return path;
}

/** Where the lease of process `pid` lives. */
export function leasePath(paths: LabPaths, pid: number): string {
  return join(paths.leasesDir, String(pid));
}

/** Drop a lease taken with {@link addLease}. */
export function removeLease(path: string): void {
  rmSync(path, { force: true });
}

/** Pids of processes other than this one that hold a lease and still run. */
export function otherLiveLeases(paths: LabPaths): number[] {
  return readDirOr(paths.leasesDir)
    .map(Number).filter((pid) => Number.isInteger(pid) && pid !== process.pid && isAlive(pid));
}
