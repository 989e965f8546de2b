/** Which column a list is sorted by, and which way. */
export interface SortState<Key extends string> {
  readonly column: Key;
  readonly direction: 'asc' | 'desc';
}

/** A click on a column header: the same column flips direction, another one sorts ascending by it. */
export function toggleSort<Key extends string>(sort: SortState<Key>, column: Key): SortState<Key> {
  if (sort.column === column) return { column, direction: sort.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: 'asc' };
}

/** The `aria-sort` value of a column header. */
export function ariaSort<Key extends string>(sort: SortState<Key>, column: Key): 'ascending' | 'descending' | 'none' {
  if (sort.column !== column) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}
