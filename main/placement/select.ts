/**
 * Positions (into `weights[0..count)`) of the `k` highest weights, best first; equal weights keep their input
 * order, as Python's stable sort does in Nova. O(count × k): k is host_subset_size, normally 1.
 */
export function bestPositions(weights: Float64Array, count: number, k: number): number[] {
  const take = Math.min(k, count);
  const best: number[] = [];
  for (let j = 0; j < count; j++) {
    const w = weights[j]!;
    if (best.length === take && !(w > weights[best[take - 1]!]!)) continue;
    // Insert after every entry that is at least as heavy: a later equal weight never overtakes an earlier one.
    let p = best.length;
    while (p > 0 && weights[best[p - 1]!]! < w) p--;
    best.splice(p, 0, j);
    if (best.length > take) best.pop();
  }
  return best;
}

/** Every position ordered best first (ties in input order), for ranks in explanations. */
export function rankPositions(weights: Float64Array, count: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, j) => j);
  order.sort((a, b) => weights[b]! - weights[a]! || a - b);
  return order;
}

/** Index in [0, size) from a random source in [0, 1); a source returning 1 (or more) still lands on the last. */
export function randomIndex(random: () => number, size: number): number {
  const r = random();
  const idx = Math.floor((Number.isFinite(r) ? r : 0) * size);
  return Math.min(size - 1, Math.max(0, idx));
}
