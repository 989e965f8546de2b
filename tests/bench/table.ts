/**
 * Helpers every benchmark shares: timing with warm-up, medians, an aligned table, ratios and
 * PASS/MISS goal lines. Benchmarks report; they never fail a build over a timing.
 */

/** A benchmark `npm run bench -- <name>` can run: `tests/bench/<name>.ts` exports one as `benchmark`. */
export interface Benchmark {
  /** One line for the list of available benchmarks. */
  readonly description: string;
  /** Run it; `args` are the command-line arguments after the name. */
  run(args: readonly string[]): Promise<void>;
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Run `fn` `warmup` times untimed, then `reps` times timed; returns each timed run in ms. */
export async function timeRuns(fn: () => Promise<unknown>, reps: number, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

/** Milliseconds with precision that suits the size ("0.412 ms", "12.3 ms", "1534 ms"). */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(0)} ms`;
}

/** "0.42×" — how many times `value` is `reference`. */
export function formatRatio(value: number, reference: number): string {
  return `${(value / reference).toFixed(2)}×`;
}

/** Render rows as an aligned plain-text table; numeric-looking cells are right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const numeric = /^[-+]?[\d.,]+(\s?(ms|s|×|%|x))?$/;
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric.test(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Print a table to stdout. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  process.stdout.write(`${formatTable(headers, rows)}\n`);
}

/** Print one goal as PASS or MISS with what was measured. */
export function printGoal(goal: string, met: boolean, measured: string): boolean {
  process.stdout.write(`${met ? 'PASS' : 'MISS'}  ${goal}  (measured: ${measured})\n`);
  return met;
}
