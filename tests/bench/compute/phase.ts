// The compute benchmark is a list of phases (image upload now; create timings join later), each measured against a
// peer in the same run where there is one. A phase prints its own table and returns its goal lines.
import type { LabInfo } from '../../lab';

/** What every phase gets. */
export interface ComputeBenchContext {
  readonly lab: LabInfo;
  /** Repetitions per measurement (alternating with the peer). */
  readonly reps: number;
  /** Arguments after the phase selection, for the phase's own options (`--size MiB`). */
  readonly args: readonly string[];
  /** A scratch directory (readable by libvirtd), removed at the end. */
  readonly scratch: string;
}

/** One goal's outcome. */
export interface GoalLine {
  readonly goal: string;
  readonly met: boolean;
  readonly measured: string;
}

/** A part of `npm run bench -- compute`. */
export interface ComputePhase {
  /** `--phase NAME` selects it. */
  readonly name: string;
  readonly description: string;
  run(context: ComputeBenchContext): Promise<readonly GoalLine[]>;
}

/** Value of `--NAME N` among `args` (a positive number), else `fallback`. */
export function numberArg(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!(value > 0)) throw new Error(`--${name} needs a positive number`);
  return value;
}
