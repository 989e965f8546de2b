import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark } from './table';

/**
 * `npm run bench -- <name> [args]`: runs the benchmark exported as `benchmark` by
 * `tests/bench/<name>.ts`. The registry is the folder itself, so adding a benchmark means adding
 * a file; an unknown name lists what is available.
 */

const benchDir = dirname(fileURLToPath(import.meta.url));
/** Files in the folder that are helpers, not benchmarks. */
const HELPERS = new Set(['run', 'table']);

function isBenchmark(value: unknown): value is Benchmark {
  return typeof value === 'object' && value !== null && typeof (value as Benchmark).run === 'function' && typeof (value as Benchmark).description === 'string';
}

/** Names of the benchmark files (`<name>.ts` beside this one). */
function candidateNames(): string[] {
  return readdirSync(benchDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => basename(file, '.ts'))
    .filter((name) => !HELPERS.has(name))
    .sort();
}

async function load(name: string): Promise<Benchmark | null> {
  const mod: unknown = await import(pathToFileURL(join(benchDir, `${name}.ts`)).href);
  const benchmark = (mod as { benchmark?: unknown }).benchmark;
  return isBenchmark(benchmark) ? benchmark : null;
}

async function listAvailable(): Promise<string> {
  const lines: string[] = [];
  for (const name of candidateNames()) {
    try {
      const benchmark = await load(name);
      if (benchmark) lines.push(`  ${name.padEnd(16)} ${benchmark.description}`);
    } catch (error) {
      // A benchmark that cannot even load is listed with the reason, not silently hidden.
      lines.push(`  ${name.padEnd(16)} (fails to load: ${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : '  (none)';
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`usage: npm run bench -- <name> [args]\n\navailable benchmarks:\n${await listAvailable()}\n`);
    return name === undefined ? 1 : 0;
  }
  const benchmark = candidateNames().includes(name) ? await load(name) : null;
  if (benchmark === null) {
    process.stderr.write(`unknown benchmark ${JSON.stringify(name)}\n\navailable benchmarks:\n${await listAvailable()}\n`);
    return 1;
  }
  await benchmark.run(args);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
