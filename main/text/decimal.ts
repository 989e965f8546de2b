// One reading of "a number typed as text", for every place that turns user or aggregate text into a number:
// flavor extra specs and aggregate multipliers (docs/placement.md) and the CLI's numeric options.

/** Optional sign, digits with an optional fraction (or a bare fraction), optional exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parse a finite decimal number, as Python's `float()` reads one (Nova's reading of extra specs), minus its
 * `inf`/`nan` spellings and digit underscores: surrounding whitespace is allowed, `1e3` and `.5` are numbers;
 * `0x10`, `0b11`, `Infinity`, `1_000`, `` and a value too large for a double are not. JavaScript's `Number()`
 * would read `0x10` as 16 and `""` as 0. Returns NaN when the text is not such a number.
 */
export function parseDecimal(text: string): number {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : NaN;
}
