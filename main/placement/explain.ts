import type { AttemptRun } from './attempt';
import { normalizeValue } from './normalize';
import { rankPositions } from './select';
import type { FilterCount, HostExplanation, WeigherContribution } from './types';
import { multiplierFor } from './weigh';

/** Per-filter host counts for an attempt, in filter order; inactive filters pass everything (start = end). */
export function filterCounts(run: AttemptRun): FilterCount[] {
  const rejected = run.rejectedCounts;
  let remaining = run.rejectedBy.length;
  return run.stages.map((stage, s) => {
    const start = remaining;
    remaining -= rejected[s]!;
    return { filter: stage.name, start, end: remaining };
  });
}

/** Every weigher's part for the candidate at `position`, in weigher order. */
function contributions(run: AttemptRun, position: number): WeigherContribution[] {
  const hostIndex = run.candidates[position]!;
  return run.weighers.map(({ resolved, raw, bounds }) => {
    const multiplier = multiplierFor(run.requestWeighers, resolved, hostIndex);
    const value = raw ? raw[position]! : 0;
    const normalized = raw ? normalizeValue(value, bounds) : 0;
    // `+ 0` turns −0 (negative multiplier × 0) into 0 for display.
    return { weigher: resolved.weigher.name, raw: value, normalized, multiplier, contribution: multiplier * normalized + 0 };
  });
}

/** One explanation per input host, in input order: the rejecting filter and reason, or the weights. */
export function explainAttempt(run: AttemptRun): HostExplanation[] {
  const { hosts } = run.ctx;
  const m = run.candidateCount;
  const order = rankPositions(run.totals, m);
  const rankOf = new Int32Array(m);
  for (let r = 0; r < m; r++) rankOf[order[r]!] = r + 1;
  const inSubset = new Set(run.subset);
  const out: HostExplanation[] = new Array<HostExplanation>(hosts.length);
  let position = 0;
  for (let i = 0; i < hosts.length; i++) {
    const host = hosts[i]!.name;
    const code = run.rejectedBy[i]!;
    if (code > 0) {
      const stage = run.stages[code - 1]!;
      out[i] = { host, passed: false, filter: stage.name, reason: stage.prepared?.reason(i) ?? '' };
      continue;
    }
    const p = position++;
    out[i] = {
      host,
      passed: true,
      rank: rankOf[p]!,
      weight: run.totals[p]!,
      inSubset: inSubset.has(p),
      chosen: p === run.chosen,
      weighers: contributions(run, p),
    };
  }
  return out;
}

/** Nova's log line for the counts up to the filter that removed the last host. */
export function describeFilterCounts(counts: readonly FilterCount[]): string {
  const shown: string[] = [];
  for (const c of counts) {
    shown.push(`'${c.filter}: (start: ${c.start}, end: ${c.end})'`);
    if (c.end === 0) break;
  }
  return `[${shown.join(', ')}]`;
}
