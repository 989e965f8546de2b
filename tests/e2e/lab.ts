// The test lab for e2e tests: brought up (or reused) by the lab's own globalSetup, the one the integration project
// uses, so leases and "stop it only if a test run started it and nobody else still uses it" work the same here.
import type { TestProject } from 'vitest/node';
import { setup as setupLab } from '../lab/global-setup';
import type { LabInfo } from '../lab/types';
import { E2E_ENV } from './web-mode';

/** A lab this run holds a lease on. */
export interface JoinedLab {
  /** Drop the lease; stops the lab if this run started it and no other run uses it. */
  release(): Promise<void>;
}

/**
 * Join the lab (global setup only). A lab that cannot come up does not fail the whole run: the reason is handed on,
 * and the tests that need the lab fail with it (see {@link e2eLab}).
 */
export async function joinLab(): Promise<JoinedLab> {
  let info: LabInfo | undefined;
  // The lab's setup only calls project.provide('lab', info): a stand-in for vitest's project is all it needs.
  const project: Pick<TestProject, 'provide'> = {
    provide: (key, value) => {
      if (key === 'lab') info = value as LabInfo;
    },
  };
  try {
    const teardown = await setupLab(project as TestProject);
    if (info === undefined) {
      await teardown();
      throw new Error('the lab setup provided no LabInfo');
    }
    process.env[E2E_ENV.lab] = JSON.stringify(info);
    return { release: teardown };
  } catch (error) {
    process.env[E2E_ENV.labError] = error instanceof Error ? error.message : String(error);
    return { release: async () => undefined };
  }
}

/** The lab global setup joined; throws with the reason when it could not come up. */
export function e2eLab(): LabInfo {
  const json = process.env[E2E_ENV.lab];
  if (json === undefined) throw new Error(`The test lab is not available: ${process.env[E2E_ENV.labError] ?? 'the e2e global setup did not run'}`);
  return JSON.parse(json) as LabInfo;
}
