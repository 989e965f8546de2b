/**
 * Merge changed rows into a list by key: a changed row replaces the one with its key (or is added), rows for which
 * `drop` is true are removed, and the result is sorted with `compare`. Returns `rows` itself when nothing changed,
 * so subscribers of an unchanged list do not re-render.
 */
export function mergeRows<Row>(
  rows: readonly Row[],
  changed: readonly Row[],
  options: {
    readonly key: (row: Row) => string;
    readonly drop?: (row: Row) => boolean;
    readonly remove?: ReadonlySet<string>;
    readonly compare: (a: Row, b: Row) => number;
  },
): readonly Row[] {
  if (changed.length === 0 && (options.remove === undefined || options.remove.size === 0)) return rows;
  const byKey = new Map(rows.map((row) => [options.key(row), row]));
  let touched = false;
  for (const key of options.remove ?? []) touched = byKey.delete(key) || touched;
  for (const row of changed) {
    const key = options.key(row);
    if (options.drop?.(row) === true) touched = byKey.delete(key) || touched;
    else {
      byKey.set(key, row);
      touched = true;
    }
  }
  return touched ? [...byKey.values()].sort(options.compare) : rows;
}

/** Compare by a name (case-insensitive, numbers in order), then by a unique key. */
export function byNameThen<Row>(name: (row: Row) => string, key: (row: Row) => string): (a: Row, b: Row) => number {
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return (a, b) => collator.compare(name(a), name(b)) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
