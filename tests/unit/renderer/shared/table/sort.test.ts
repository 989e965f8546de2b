import { describe, expect, it } from 'vitest';
import { ariaSort, toggleSort } from '../../../../../renderer/shared/table/sort';

describe('column sort', () => {
  it('a header click sorts by its column ascending; again: descending; again: ascending', () => {
    const byName = { column: 'name', direction: 'asc' } as const;
    const byHost = toggleSort(byName, 'host');
    expect(byHost).toEqual({ column: 'host', direction: 'asc' });
    expect(toggleSort(byHost, 'host')).toEqual({ column: 'host', direction: 'desc' });
    expect(toggleSort(toggleSort(byHost, 'host'), 'host')).toEqual({ column: 'host', direction: 'asc' });
  });

  it('tells assistive technology which column sorts and how', () => {
    const sort = { column: 'host', direction: 'desc' } as const;
    expect(ariaSort(sort, 'host')).toBe('descending');
    expect(ariaSort(sort, 'name')).toBe('none');
    expect(ariaSort({ column: 'name', direction: 'asc' }, 'name')).toBe('ascending');
  });
});
