import { findMultiplierOverrides } from './aggregates';
import type { HostFilter, PreparedFilter, SchedulingContext } from './filter';
import { hostRecordStage } from './filters';
import { firstRejecting } from './first-rejecting';
import { readHostRecord } from './host-record';
import type { HostTableBuild } from './host-table';
import { bestPositions, randomIndex } from './select';
import { weighCandidates, type RequestWeighers, type WeigherRun } from './weigh';

/** Compact record of one attempt; explanations are built from it on demand. */
export interface AttemptRun {
  readonly ctx: SchedulingContext;
  /** Every stage and filter considered, in order, with its prepared form (undefined = inactive). */
  readonly stages: readonly { readonly name: string; readonly prepared: PreparedFilter | undefined }[];
  /** Per host: 0 = passed, s + 1 = rejected by stages[s]. */
  readonly rejectedBy: Uint8Array;
  /** Hosts each stage rejected, by stage. */
  readonly rejectedCounts: Int32Array;
  /** Host indexes that passed, in input order. */
  readonly candidates: Int32Array;
  readonly candidateCount: number;
  readonly requestWeighers: RequestWeighers;
  readonly weighers: readonly WeigherRun[];
  /** Total weight by candidate position. */
  readonly totals: Float64Array;
  /** Positions of the best `hostSubsetSize` candidates, best first. */
  readonly subset: readonly number[];
  /** Position of the chosen candidate, or −1. */
  readonly chosen: number;
}

/**
 * Filter, weigh and choose for one instance. With `records`, the table's rows are not read yet: each host's
 * record is read just before its filters run, so a decision loads each host record from memory once rather than
 * in a pass of its own and again for the filters. Malformed records are then rejected by the `HostRecord` stage,
 * which must come first in `filters` (as it always does: nothing can be checked on a malformed record).
 */
export function runAttempt(
  ctx: SchedulingContext,
  filters: readonly HostFilter[],
  requestWeighers: RequestWeighers,
  random: () => number,
  records: HostTableBuild | null = null,
): AttemptRun {
  if (records && filters[0] !== hostRecordStage) throw new Error('runAttempt: reading host records needs the HostRecord stage first');
  const n = ctx.hosts.length;
  const stages = filters.map((f) => ({ name: f.name, prepared: f.prepare(ctx) }));
  const active: PreparedFilter[] = [];
  const codes: number[] = [];
  stages.forEach((s, index) => {
    if (!s.prepared) return;
    active.push(s.prepared);
    codes.push(index + 1);
  });
  // One backing store for the per-host arrays (see allocateHostTable: ArrayBuffers are the cost for small lists).
  const perHost = new ArrayBuffer(5 * n);
  const candidates = new Int32Array(perHost, 0, n);
  const rejectedBy = new Uint8Array(perHost, 4 * n, n);
  const rejectedCounts = new Int32Array(stages.length);
  let m = 0;

  // Host-major: a host leaves at its first rejection, so later filters only see survivors (as in Nova's chain).
  const { hosts } = ctx;
  // Explanations show every candidate's multipliers, even for weighers that do not apply.
  const overrides = requestWeighers.list.length > 0 ? requestWeighers.overrides : null;
  for (let i = 0; i < n; i++) {
    if (records && !readHostRecord(records, i)) {
      rejectedBy[i] = 1;
      rejectedCounts[0]!++;
      continue;
    }
    const s = firstRejecting(active, i);
    if (s >= 0) {
      const code = codes[s]!;
      rejectedBy[i] = code;
      rejectedCounts[code - 1]!++;
    } else {
      candidates[m++] = i;
      // Now, while the filters have just read the host's aggregates: later it would be a cache miss per host.
      if (overrides) findMultiplierOverrides(overrides, hosts[i]!, i);
    }
  }

  // Prepared before any record was read, the HostRecord stage saw no malformed record: prepare it again.
  if (records) stages[0] = { name: hostRecordStage.name, prepared: hostRecordStage.prepare(ctx) };

  const { runs, totals } = weighCandidates(ctx, requestWeighers, candidates, m);
  const subset = m > 0 ? bestPositions(totals, m, ctx.config.hostSubsetSize) : [];
  // Nova: random.choice over the subset. We only draw when there is a choice to make.
  const chosen = subset.length === 0 ? -1 : subset.length === 1 ? subset[0]! : subset[randomIndex(random, subset.length)]!;
  return { ctx, stages, rejectedBy, rejectedCounts, candidates, candidateCount: m, requestWeighers, weighers: runs, totals, subset, chosen };
}
