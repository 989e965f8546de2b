import type { SchedulingContext } from './filter';
import type { SchedulerConfig, WeigherName } from './types';

/** A weigher prepared for one attempt. */
export interface PreparedWeigher {
  /**
   * Write the raw value (higher wins under a positive multiplier) of host `candidates[j]` into `out[j]` for
   * j < count. One loop per weigher keeps the hot path monomorphic: a per-host callback through a shared call
   * site costs several times more at 10k hosts.
   */
  fill(candidates: Int32Array, count: number, out: Float64Array): void;
}

/** Fill `out` with `capacity − used` of each candidate (free resources). */
export function fillFree(capacity: Float64Array, used: Float64Array, candidates: Int32Array, count: number, out: Float64Array): void {
  for (let j = 0; j < count; j++) {
    const i = candidates[j]!;
    out[j] = capacity[i]! - used[i]!;
  }
}

/** Fill `out` with `sign × values[i]` of each candidate. */
export function fillFrom(values: Float64Array, sign: 1 | -1, candidates: Int32Array, count: number, out: Float64Array): void {
  for (let j = 0; j < count; j++) out[j] = sign * values[candidates[j]!]!;
}

/** A host weigher: one small module per weigher, Nova's class name as `name`. */
export interface HostWeigher {
  readonly name: WeigherName;
  /** Nova's option name; also the aggregate metadata key that overrides the multiplier per host. */
  readonly multiplierOption: string;
  /** The configured multiplier (before `multiplierSign`). */
  configMultiplier(config: SchedulerConfig): number;
  /** −1 when Nova negates the configured value (BuildFailureWeigher), so that a positive setting penalizes. */
  readonly multiplierSign?: -1;
  /** Nova's `minval`: raw values are clamped up to it and normalization starts from it, not from the list's min. */
  readonly minval?: number;
  /** Undefined when the weigher does not apply to this request (every raw value is then 0, as in Nova). */
  prepare(ctx: SchedulingContext): PreparedWeigher | undefined;
}
