/** A number for explanations: whole numbers as is, others with at most two decimals. */
export function formatAmount(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Math.round(n * 100) / 100);
}

/** A ratio for explanations, always with a decimal point (4.0, 1.5) as Nova prints them. */
export function formatRatio(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/** A short quoted list: the first few items, then how many more. */
export function formatList(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).map((s) => JSON.stringify(s));
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  return shown.join(', ') + more;
}
