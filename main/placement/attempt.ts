import { multiplierOverrides } from './aggregates';
import type { HostFilter, PreparedFilter, SchedulingContext } from './filter';
import { normalizationBounds, type NormalizationBounds } from './normalize';
import { bestPositions, randomIndex } from './select';
import type { HostState, SchedulerConfig } from './types';
import type { HostWeigher } from './weigher';

/** A weigher with its multipliers resolved for this request (they do not change between attempts). */
export interface ResolvedWeigher {
  readonly weigher: HostWeigher;
  /** Config multiplier with Nova's sign applied. */
  readonly multiplier: number;
  /** Per-host aggregate overrides (already signed), NaN where none; null when no host overrides. */
  readonly overrides: Float64Array | null;
}

/** Resolve multipliers once per request: aggregate metadata can override them per host (Nova, since Stein). */
export function resolveWeighers(weighers: readonly HostWeigher[], hosts: readonly HostState[], config: SchedulerConfig): ResolvedWeigher[] {
  const allOverrides = multiplierOverrides(hosts, weighers.map((w) => w.multiplierOption));
  return weighers.map((weigher, w) => {
    const sign = weigher.multiplierSign ?? 1;
    const overrides = allOverrides[w] ?? null;
    if (overrides && sign !== 1) for (let i = 0; i < overrides.length; i++) overrides[i]! *= sign;
    return { weigher, multiplier: sign * weigher.configMultiplier(config), overrides };
  });
}

/** One weigher's numbers for the candidates of an attempt. */
export interface WeigherRun {
  readonly resolved: ResolvedWeigher;
  /** Raw values by candidate position after the minval clamp, or null when the weigher did not apply (all 0). */
  readonly raw: Float64Array | null;
  readonly bounds: NormalizationBounds;
}

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
  readonly weighers: readonly WeigherRun[];
  /** Total weight by candidate position. */
  readonly totals: Float64Array;
  /** Positions of the best `hostSubsetSize` candidates, best first. */
  readonly subset: readonly number[];
  /** Position of the chosen candidate, or −1. */
  readonly chosen: number;
}

/** Multiplier in force for host `i` (its aggregate override, else the config's). */
export function multiplierFor(w: ResolvedWeigher, i: number): number {
  const o = w.overrides;
  if (o === null) return w.multiplier;
  const v = o[i]!;
  return Number.isNaN(v) ? w.multiplier : v;
}

/** Filter, weigh and choose for one instance. */
export function runAttempt(
  ctx: SchedulingContext,
  filters: readonly HostFilter[],
  weighers: readonly ResolvedWeigher[],
  random: () => number,
): AttemptRun {
  const n = ctx.hosts.length;
  const stages = filters.map((f) => ({ name: f.name, prepared: f.prepare(ctx) }));
  const active = stages.flatMap((s, index) => (s.prepared ? [{ prepared: s.prepared, code: index + 1 }] : []));
  // One backing store for the per-host arrays (see buildHostTable: ArrayBuffers are the cost for small lists).
  const perHost = new ArrayBuffer(5 * n);
  const candidates = new Int32Array(perHost, 0, n);
  const rejectedBy = new Uint8Array(perHost, 4 * n, n);
  const rejectedCounts = new Int32Array(stages.length);
  let m = 0;

  // Host-major: a host leaves at its first rejection, so later filters only see survivors (as in Nova's chain).
  const activeCount = active.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    while (s < activeCount && !active[s]!.prepared.rejects(i)) s++;
    if (s < activeCount) {
      const code = active[s]!.code;
      rejectedBy[i] = code;
      rejectedCounts[code - 1]!++;
    } else {
      candidates[m++] = i;
    }
  }

  const prepared = weighers.map((w) => w.weigher.prepare(ctx));
  const perCandidate = new Float64Array(m * (1 + prepared.filter(Boolean).length));
  const totals = perCandidate.subarray(0, m);
  let slot = 1;
  const runs: WeigherRun[] = [];
  for (let w = 0; w < weighers.length; w++) {
    const resolved = weighers[w]!;
    const weigher = prepared[w];
    if (!weigher) {
      runs.push({ resolved, raw: null, bounds: { lo: 0, range: 0 } });
      continue;
    }
    const minval = resolved.weigher.minval;
    const raw = perCandidate.subarray(slot * m, ++slot * m);
    weigher.fill(candidates, m, raw);
    if (minval !== undefined) for (let j = 0; j < m; j++) if (raw[j]! < minval) raw[j] = minval;
    // Nova does not weigh a single candidate: every weight stays 0.
    const bounds = m > 1 ? normalizationBounds(raw, m, minval) : { lo: 0, range: 0 };
    runs.push({ resolved, raw, bounds });
    if (bounds.range === 0) continue;
    const { lo, range } = bounds;
    // Same operation order as the explanation (multiplier × normalized) so both report identical totals.
    if (resolved.overrides === null) {
      const multiplier = resolved.multiplier;
      for (let j = 0; j < m; j++) totals[j]! += multiplier * ((raw[j]! - lo) / range);
    } else {
      for (let j = 0; j < m; j++) totals[j]! += multiplierFor(resolved, candidates[j]!) * ((raw[j]! - lo) / range);
    }
  }

  const subset = m > 0 ? bestPositions(totals, m, ctx.config.hostSubsetSize) : [];
  // Nova: random.choice over the subset. We only draw when there is a choice to make.
  const chosen = subset.length === 0 ? -1 : subset.length === 1 ? subset[0]! : subset[randomIndex(random, subset.length)]!;
  return { ctx, stages, rejectedBy, rejectedCounts, candidates, candidateCount: m, weighers: runs, totals, subset, chosen };
}
