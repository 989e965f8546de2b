/** Lower bound and span used to normalize a list of raw weights. */
export interface NormalizationBounds {
  readonly lo: number;
  /** max − lo; 0 means every value normalizes to 0. */
  readonly range: number;
}

/** Bounds of `values[0..count)`: the weigher's `minval` (when set) replaces the list's minimum, as in Nova. */
export function normalizationBounds(values: ArrayLike<number>, count: number, minval?: number): NormalizationBounds {
  let lo = minval ?? Infinity;
  let hi = -Infinity;
  for (let j = 0; j < count; j++) {
    const v = values[j]!;
    if (minval === undefined && v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return count === 0 ? { lo: 0, range: 0 } : { lo, range: hi - lo };
}

/** Scale one value with precomputed bounds. */
export function normalizeValue(value: number, bounds: NormalizationBounds): number {
  return bounds.range === 0 ? 0 : (value - bounds.lo) / bounds.range;
}

/**
 * Nova's `normalize`: scale to [0, 1] by (x − min) / (max − min); all equal → 0. A weigher's `minval` replaces
 * the list's minimum (RAM, CPU and disk weighers use 0, so their normalized value is free / most free).
 */
export function normalize(values: readonly number[], minval?: number): number[] {
  const bounds = normalizationBounds(values, values.length, minval);
  return values.map((v) => normalizeValue(v, bounds));
}

/**
 * Nova's minval clamp, in place, and the bounds of `values[0..count)` in the same pass (see
 * normalizationBounds): the same numbers as clamping first and then bounding.
 */
export function clampAndBound(values: Float64Array, count: number, minval: number | undefined): NormalizationBounds {
  if (count === 0) return { lo: 0, range: 0 };
  let hi = -Infinity;
  if (minval !== undefined) {
    for (let j = 0; j < count; j++) {
      let v = values[j]!;
      if (v < minval) values[j] = v = minval;
      if (v > hi) hi = v;
    }
    return { lo: minval, range: hi - minval };
  }
  let lo = Infinity;
  for (let j = 0; j < count; j++) {
    const v = values[j]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, range: hi - lo };
}
