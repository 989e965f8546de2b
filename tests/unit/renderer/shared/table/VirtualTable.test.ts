import { describe, expect, it } from 'vitest';
import { columnWidths } from '../../../../../renderer/shared/table/VirtualTable';

describe('virtual table column widths', () => {
  const columns = [{ width: 100, grow: 2 }, { width: 80 }, { width: 60, grow: 1 }];

  it('gives each column its width and shares what is left among the growing ones, in proportion', () => {
    expect(columnWidths(columns, 540)).toEqual([300, 80, 160]);
  });

  it('never goes below the widths: a narrow table scrolls sideways instead', () => {
    expect(columnWidths(columns, 100)).toEqual([100, 80, 60]);
    expect(columnWidths(columns, 0)).toEqual([100, 80, 60]);
  });

  it('with no growing column, keeps the widths', () => {
    expect(columnWidths([{ width: 50 }, { width: 70 }], 1000)).toEqual([50, 70]);
  });
});
