import { describe, expect, it } from 'vitest';
import { normalize } from '../../../main/placement/index';
import { bestPositions, randomIndex, rankPositions } from '../../../main/placement/select';

describe('normalize (Nova weights.normalize)', () => {
  it('scales by (x − min) / (max − min)', () => {
    expect(normalize([2, 4, 6])).toEqual([0, 0.5, 1]);
    expect(normalize([-3, -1])).toEqual([0, 1]);
  });

  it('maps all-equal values to 0, and an empty list to empty', () => {
    expect(normalize([5, 5, 5])).toEqual([0, 0, 0]);
    expect(normalize([])).toEqual([]);
  });

  it('starts from minval when the weigher sets one', () => {
    expect(normalize([2, 4], 0)).toEqual([0.5, 1]);
    expect(normalize([0, 0], 0)).toEqual([0, 0]);
  });
});

describe('subset selection', () => {
  const w = Float64Array.from([1, 3, 3, 2, 0]);

  it('takes the k best, ties in input order', () => {
    expect(bestPositions(w, 5, 1)).toEqual([1]);
    expect(bestPositions(w, 5, 3)).toEqual([1, 2, 3]);
    expect(bestPositions(w, 5, 9)).toEqual([1, 2, 3, 0, 4]);
    expect(bestPositions(w, 0, 1)).toEqual([]);
    expect(Array.from(rankPositions(w, 5))).toEqual([1, 2, 3, 0, 4]);
  });

  it('maps a random draw into range, including edge values', () => {
    expect(randomIndex(() => 0, 3)).toBe(0);
    expect(randomIndex(() => 0.999, 3)).toBe(2);
    expect(randomIndex(() => 1, 3)).toBe(2);
    expect(randomIndex(() => Number.NaN, 3)).toBe(0);
  });
});
