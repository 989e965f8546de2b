// The one seeded random generator of the tests and benchmarks: a run that fails (or a workload that is measured) can
// be replayed exactly from its seed.

/** A deterministic source of numbers in [0, 1) from a 32-bit seed (mulberry32: small, fast, well spread). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
