import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { startLab } from '../lab';
import type { ComputePhase, GoalLine } from './compute/phase';
import { numberArg } from './compute/phase';
import { createPhase } from './compute/create-phase';
import { uploadPhase } from './compute/upload-phase';
import { printGoal, type Benchmark } from './table';

/**
 * `npm run bench -- compute [--phase NAME] [--reps N] [--size MiB] [--create-reps N] [--image-mib N]`
 *
 * Compute on the lab, phase by phase, each against a peer measured in the same run:
 *   upload  image upload throughput, our libvirt stream vs `virsh vol-upload` of the same file to the same pool,
 *           over the unix socket and over SSH (goal ≥ 1.0×).
 *   create  create-to-active per build phase on the QEMU host, the first create on a host (it uploads the image)
 *           against a create from the cached base image (goal cached ≤ 0.2× first), and 10 creates at once
 *           (goal ≤ 3× one create); peer: the same steps done with virsh.
 * Phases are listed in PHASES; a new one is a file in compute/ and one line here.
 */

/** Every phase, in the order they run. */
export const PHASES: readonly ComputePhase[] = [uploadPhase, createPhase];

function selectedPhases(args: readonly string[]): readonly ComputePhase[] {
  const at = args.indexOf('--phase');
  if (at < 0) return PHASES;
  const name = args[at + 1];
  const phase = PHASES.find((p) => p.name === name);
  if (phase === undefined) throw new Error(`unknown phase ${JSON.stringify(name)} (phases: ${PHASES.map((p) => p.name).join(', ')})`);
  return [phase];
}

export const benchmark: Benchmark = {
  description: `compute on the lab: ${PHASES.map((p) => p.name).join(', ')} (peers: virsh)`,
  async run(args) {
    const phases = selectedPhases(args);
    const reps = numberArg(args, 'reps', 7);
    const handle = await startLab();
    const scratch = mkdtempSync(join(os.tmpdir(), 'vd-bench-compute-'));
    chmodSync(scratch, 0o755);
    const goals: GoalLine[] = [];
    try {
      for (const phase of phases) {
        process.stdout.write(`== ${phase.name}: ${phase.description}\n`);
        goals.push(...(await phase.run({ lab: handle.info, reps, args, scratch })));
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      await handle.stop();
    }
    for (const goal of goals) printGoal(goal.goal, goal.met, goal.measured);
  },
};
