import { multiplierOverrides, type MultiplierOverrides } from './aggregates';
import type { SchedulingContext } from './filter';
import { clampAndBound, type NormalizationBounds } from './normalize';
import type { SchedulerConfig } from './types';
import type { HostWeigher } from './weigher';

/** A weigher with its configured multiplier resolved for this request. */
export interface ResolvedWeigher {
  readonly weigher: HostWeigher;
  /** Config multiplier with Nova's sign applied. */
  readonly multiplier: number;
  /** Position among the request's weighers, and so in `MultiplierOverrides.values`. */
  readonly slot: number;
}

/** The request's weighers and the aggregate overrides of their multipliers (they do not change between attempts). */
export interface RequestWeighers {
  readonly list: readonly ResolvedWeigher[];
  readonly overrides: MultiplierOverrides;
}

/** Resolve the weighers once per request; overrides are found later, for the hosts that get weighed. */
export function resolveWeighers(weighers: readonly HostWeigher[], hostCount: number, config: SchedulerConfig): RequestWeighers {
  const signs = weighers.map((w) => w.multiplierSign ?? 1);
  return {
    list: weighers.map((weigher, slot) => ({ weigher, multiplier: signs[slot]! * weigher.configMultiplier(config), slot })),
    overrides: multiplierOverrides(weighers.map((w) => w.multiplierOption), signs, hostCount),
  };
}

/** Multiplier in force for host `i` (its aggregate override, else the config's). Host `i` must have been weighed. */
export function multiplierFor(weighers: RequestWeighers, w: ResolvedWeigher, i: number): number {
  const o = weighers.overrides.values[w.slot];
  if (!o) return w.multiplier;
  const v = o[i]!;
  return Number.isNaN(v) ? w.multiplier : v;
}

/** One weigher's numbers for the candidates of an attempt. */
export interface WeigherRun {
  readonly resolved: ResolvedWeigher;
  /** Raw values by candidate position after the minval clamp, or null when the weigher did not apply (all 0). */
  readonly raw: Float64Array | null;
  readonly bounds: NormalizationBounds;
}

const NO_SPREAD: NormalizationBounds = Object.freeze({ lo: 0, range: 0 });

/**
 * Weigh the candidates of one attempt: every weigher's raw values and bounds, and the total weight by position.
 * The candidates' multiplier overrides must have been found (runAttempt does it as each host passes).
 */
export function weighCandidates(
  ctx: SchedulingContext,
  weighers: RequestWeighers,
  candidates: Int32Array,
  m: number,
): { runs: WeigherRun[]; totals: Float64Array } {
  const list = weighers.list;
  const prepared = list.map((w) => w.weigher.prepare(ctx));
  let active = 0;
  for (const p of prepared) if (p) active++;
  // One backing store: totals first, then one raw column per weigher that applies.
  const perCandidate = new Float64Array(m * (1 + active));
  const totals = perCandidate.subarray(0, m);
  let slot = 1;
  const runs: WeigherRun[] = [];
  for (let w = 0; w < list.length; w++) {
    const resolved = list[w]!;
    const weigher = prepared[w];
    if (!weigher) {
      runs.push({ resolved, raw: null, bounds: NO_SPREAD });
      continue;
    }
    const raw = perCandidate.subarray(slot * m, ++slot * m);
    weigher.fill(candidates, m, raw);
    const clamped = clampAndBound(raw, m, resolved.weigher.minval);
    // Nova does not weigh a single candidate: every weight stays 0.
    const bounds = m > 1 ? clamped : NO_SPREAD;
    runs.push({ resolved, raw, bounds });
    if (bounds.range === 0) continue;
    addContributions(totals, raw, m, bounds, weighers, resolved, candidates);
  }
  return { runs, totals };
}

function addContributions(
  totals: Float64Array,
  raw: Float64Array,
  m: number,
  { lo, range }: NormalizationBounds,
  weighers: RequestWeighers,
  resolved: ResolvedWeigher,
  candidates: Int32Array,
): void {
  // Same operation order as the explanation (multiplier × normalized) so both report identical totals.
  const overrides = weighers.overrides.values[resolved.slot];
  if (!overrides) {
    const multiplier = resolved.multiplier;
    for (let j = 0; j < m; j++) totals[j]! += multiplier * ((raw[j]! - lo) / range);
    return;
  }
  for (let j = 0; j < m; j++) {
    const v = overrides[candidates[j]!]!;
    totals[j]! += (Number.isNaN(v) ? resolved.multiplier : v) * ((raw[j]! - lo) / range);
  }
}
