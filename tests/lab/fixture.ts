import { randomBytes } from 'node:crypto';
import { downLab, upLab, type UpOptions } from './lab';
import { LAB_PREFIX } from './paths';
import type { LabInfo } from './types';

/** A lab brought up (or found running) by {@link startLab}. */
export interface LabHandle {
  readonly info: LabInfo;
  /** True if this call brought it up; false if it was already running. */
  readonly startedNow: boolean;
  /** Tear the lab down, but only if this call brought it up (a lab found running is left alone). */
  stop(): Promise<void>;
}

/** Bring the lab up (or attach to the running one) for a test or script. */
export async function startLab(options: Omit<UpOptions, 'owner'> = {}): Promise<LabHandle> {
  const { info, startedNow } = await upLab({ ...options, owner: 'fixture' });
  return {
    info,
    startedNow,
    stop: async () => {
      if (startedNow) await downLab({ stateDir: info.stateDir });
    },
  };
}

/**
 * A name no other test uses: `vd-lab-<prefix>-<random>`. The `vd-lab-` prefix means `down`
 * removes the object from the QEMU host if a test forgot to.
 */
export function uniqueName(prefix: string): string {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(prefix)) throw new Error(`uniqueName prefix must be 1-40 letters, digits, _ or -: ${JSON.stringify(prefix)}`);
  return `${LAB_PREFIX}${prefix}-${randomBytes(4).toString('hex')}`;
}
