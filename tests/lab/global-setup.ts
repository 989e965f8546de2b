import type { TestProject } from 'vitest/node';
import { downLocked, upLab, withLab } from './lab';
import { readProcesses } from './lab-state';
import { addLease, otherLiveLeases, removeLease } from './leases';
import { resolveStateDir } from './paths';
import './provided-context';

/**
 * vitest globalSetup of the integration project: reuse the running lab (CLI or another test run)
 * or bring one up, provide its LabInfo to tests (`labInfo()`), and at teardown stop it only if a
 * test run started it and no other run still uses it.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const paths = resolveStateDir();
  // The lease comes first so a finishing parallel run never stops the lab between our `up` and our use.
  const lease = addLease(paths);
  try {
    const { info } = await upLab({ stateDir: paths.stateDir, owner: 'fixture' });
    project.provide('lab', info);
  } catch (error) {
    removeLease(lease);
    throw error;
  }
  return async () => {
    await withLab(paths.stateDir, 'release (test-run teardown)', async () => {
      removeLease(lease);
      if (readProcesses(paths).owner === 'fixture' && otherLiveLeases(paths).length === 0) await downLocked(paths);
    });
  };
}
