import { describe, expect, it } from 'vitest';
import { byNameThen, mergeRows } from '../../../../../renderer/shared/stores/merge-rows';

interface Row {
  readonly id: string;
  readonly name: string;
  readonly state: number;
  readonly gone?: boolean;
}

const compare = byNameThen<Row>(
  (row) => row.name,
  (row) => row.id,
);
const options = { key: (row: Row) => row.id, drop: (row: Row) => row.gone === true, compare };

/** What a merge must give: every change applied by key, then the whole list sorted. */
function expected(rows: readonly Row[], changed: readonly Row[], remove: ReadonlySet<string> = new Set()): Row[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of remove) byId.delete(id);
  for (const row of changed) {
    if (row.gone === true) byId.delete(row.id);
    else byId.set(row.id, row);
  }
  return [...byId.values()].sort(compare);
}

const list = (count: number): Row[] => Array.from({ length: count }, (_, i) => ({ id: `id-${i}`, name: `vm-${i % 7}-${i}`, state: 1 })).sort(compare);

describe('mergeRows', () => {
  it('replaces a row whose place is unchanged where it is, keeping the other rows and the order', () => {
    const rows = list(50);
    const target = rows[20] as Row;
    const merged = mergeRows(rows, [{ ...target, state: 4 }], options);
    expect(merged).toEqual(expected(rows, [{ ...target, state: 4 }]));
    expect(merged[20]?.state).toBe(4);
    expect(merged.filter((row, i) => row !== rows[i])).toHaveLength(1);
  });

  it('places renamed and new rows where the sort puts them, and removes dropped and removed ones', () => {
    const rows = list(40);
    const changed: Row[] = [
      { ...(rows[3] as Row), name: 'zz-last' },
      { ...(rows[10] as Row), name: 'aa-first' },
      { id: 'new-1', name: 'vm-3-500', state: 1 },
      { ...(rows[15] as Row), gone: true },
      { id: 'never-there', name: 'x', state: 1, gone: true },
      { ...(rows[30] as Row), state: 7 },
    ];
    const remove = new Set([(rows[5] as Row).id, 'unknown']);
    expect(mergeRows(rows, changed, { ...options, remove })).toEqual(expected(rows, changed, remove));
  });

  it('gives what a full sort gives for random batches, small and large, with repeated keys', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let rows: readonly Row[] = list(200);
    for (let round = 0; round < 60; round++) {
      const size = round % 10 === 0 ? 80 : 1 + random(6);
      const changed: Row[] = Array.from({ length: size }, () => {
        const base = rows[random(rows.length)] as Row;
        switch (random(4)) {
          case 0:
            return { ...base, name: `vm-${random(9)}-${random(1000)}` };
          case 1:
            return { id: `r${round}-${random(1000)}`, name: `vm-${random(9)}`, state: 1 };
          case 2:
            return { ...base, gone: true };
          default:
            return { ...base, state: random(8) };
        }
      });
      const merged = mergeRows(rows, changed, options);
      expect(merged).toEqual(expected(rows, changed));
      rows = merged;
    }
  });

  it('returns the same list when nothing changed', () => {
    const rows = list(10);
    expect(mergeRows(rows, [], options)).toBe(rows);
    expect(mergeRows(rows, [{ id: 'nope', name: 'n', state: 1, gone: true }], options)).toBe(rows);
  });
});
