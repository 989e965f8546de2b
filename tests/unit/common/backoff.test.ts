import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../common/backoff';

describe('reconnect backoff', () => {
  it('doubles up to the cap, with half of each delay random', () => {
    const low = (attempt: number) => backoffDelay(attempt, { initialMs: 1_000, maxMs: 60_000 }, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, { initialMs: 1_000, maxMs: 60_000 }, () => 1);
    expect([0, 1, 2, 3, 10].map(low)).toEqual([500, 1_000, 2_000, 4_000, 30_000]);
    expect([0, 1, 2, 3, 10].map(high)).toEqual([1_000, 2_000, 4_000, 8_000, 60_000]);
  });

  it('spreads hosts that failed together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => Math.round(backoffDelay(3))));
    expect(delays.size).toBeGreaterThan(10);
  });
});
