// The lab side of `npm start -- --demo` (scripts/demo.mjs runs this with tsx; main/ starts no processes):
//   up --lease-pid PID                     take a lease for the demo process PID, bring the lab up (or reuse the
//                                          running one); prints {"startedNow", "info"} as JSON on stdout
//   release --lease-pid PID --started-now  drop that lease; take the lab down only if the demo started it, nobody
//                                          brought it up with `npm run lab -- up` meanwhile, and no other run uses it
// Logs go to stderr; exit code 1 with the reason on failure.
import { pathToFileURL } from 'node:url';
import { downLocked, upLab, withLab } from './lab';
import { readProcesses, type LabOwner } from './lab-state';
import { addLease, leasePath, otherLiveLeases, removeLease } from './leases';
import { resolveStateDir } from './paths';

/** What `up` prints. */
export interface DemoLabUp {
  readonly startedNow: boolean;
  readonly info: Awaited<ReturnType<typeof upLab>>['info'];
}

function leasePid(argv: readonly string[]): number {
  const at = argv.indexOf('--lease-pid');
  const pid = Number(argv[at + 1]);
  if (at < 0 || !Number.isInteger(pid) || pid <= 0) throw new Error('--lease-pid PID is required');
  return pid;
}

async function up(pid: number): Promise<DemoLabUp> {
  const paths = resolveStateDir();
  // The lease first, as the test runs do: a finishing test run must not stop the lab between our up and our use.
  const lease = addLease(paths, pid);
  try {
    const { info, startedNow } = await upLab({ stateDir: paths.stateDir, owner: 'fixture' });
    return { startedNow, info };
  } catch (error) {
    removeLease(lease);
    throw error;
  }
}

/** Whether the demo takes the lab down at exit, and what to say: never a lab that ran before it or that others use. */
export function demoReleaseVerdict(state: { readonly startedNow: boolean; readonly owner: LabOwner | undefined; readonly otherLeases: readonly number[] }): { readonly down: boolean; readonly why: string } {
  if (!state.startedNow) return { down: false, why: 'the lab was running before the demo: left up' };
  if (state.owner === 'cli') return { down: false, why: 'the lab was taken over by `npm run lab -- up`: left up' };
  if (state.otherLeases.length > 0) return { down: false, why: `the lab is in use by other runs (pids ${state.otherLeases.join(', ')}): left up` };
  return { down: true, why: 'the lab the demo started is down' };
}

async function release(pid: number, startedNow: boolean): Promise<string> {
  return withLab(undefined, 'release (demo)', async (paths) => {
    removeLease(leasePath(paths, pid));
    const verdict = demoReleaseVerdict({ startedNow, owner: readProcesses(paths).owner, otherLeases: otherLiveLeases(paths).filter((other) => other !== pid) });
    if (verdict.down) await downLocked(paths);
    return verdict.why;
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const [command] = argv;
  const pid = leasePid(argv);
  if (command === 'up') process.stdout.write(`${JSON.stringify(await up(pid))}\n`);
  else if (command === 'release') process.stderr.write(`virt-deck: demo: ${await release(pid, argv.includes('--started-now'))}\n`);
  else throw new Error(`unknown command ${JSON.stringify(command)} (up or release)`);
}

// Run as a script only (the test imports demoReleaseVerdict).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
