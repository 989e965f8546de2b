import type { PreparedFilter } from './filter';

/**
 * Position in `active` of the first filter that rejects host `i`, or −1 when all pass.
 *
 * One call site per position for the first eight: for a given kind of request a site meets the same filter at
 * every host, so V8 inlines it; a single call site in a loop meets every filter and makes a generic call per
 * host and filter, which was a quarter of the filtering time at 10k hosts.
 */
export function firstRejecting(active: readonly PreparedFilter[], i: number): number {
  const count = active.length;
  if (count === 0) return -1;
  if (active[0]!.rejects(i)) return 0;
  if (count === 1) return -1;
  if (active[1]!.rejects(i)) return 1;
  if (count === 2) return -1;
  if (active[2]!.rejects(i)) return 2;
  if (count === 3) return -1;
  if (active[3]!.rejects(i)) return 3;
  if (count === 4) return -1;
  if (active[4]!.rejects(i)) return 4;
  if (count === 5) return -1;
  if (active[5]!.rejects(i)) return 5;
  if (count === 6) return -1;
  if (active[6]!.rejects(i)) return 6;
  if (count === 7) return -1;
  if (active[7]!.rejects(i)) return 7;
  for (let s = 8; s < count; s++) if (active[s]!.rejects(i)) return s;
  return -1;
}
