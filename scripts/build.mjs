#!/usr/bin/env node
// `npm run build`: the renderer with Vite (dist/renderer), the Node-side entry points with esbuild:
//   electron/main.ts    → dist/electron/main.cjs     (package.json "main")
//   electron/preload.ts → dist/electron/preload.cjs  (CommonJS: sandboxed preloads cannot be ES modules)
//   main/server/main.ts → dist/web.mjs                (web mode)
//   main/cli/main.ts    → dist/cli.mjs                (the `virt-deck` command, when present)
// `--if-stale` skips the work when every output is newer than every source (scripts/start.mjs uses it).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Native modules and optional native helpers stay outside the bundles (loaded from node_modules at run time). */
const NODE_EXTERNALS = ['electron', 'better-sqlite3', 'ssh2', 'cpu-features', 'bufferutil', 'utf-8-validate'];

/** What the Node-side bundles are made from. */
function nodeEntries() {
  const entries = [
    { name: 'electron main', entry: 'electron/main.ts', out: 'electron/main.cjs', format: 'cjs', target: 'node22' },
    { name: 'electron preload', entry: 'electron/preload.ts', out: 'electron/preload.cjs', format: 'cjs', target: 'chrome140', preload: true },
    { name: 'web mode', entry: 'main/server/main.ts', out: 'web.mjs', format: 'esm', target: 'node20' },
  ];
  if (existsSync(join(root, 'main/cli/main.ts'))) {
    entries.push({ name: 'cli', entry: 'main/cli/main.ts', out: 'cli.mjs', format: 'esm', target: 'node20' });
  }
  return entries;
}

/** Files the build reads: anything newer than the outputs makes them stale. */
const SOURCES = ['common', 'main', 'electron', 'renderer', 'assets', 'vite.config.ts', 'package.json', 'scripts/build.mjs'];

/** Every output file; a missing one means "build". */
function outputs() {
  return [join(dist, 'renderer', 'index.html'), ...nodeEntries().map((e) => join(dist, e.out))];
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Whether dist/ is missing an output or older than a source. */
export function isBuildStale() {
  const outs = outputs();
  if (outs.some((file) => !existsSync(file))) return true;
  const oldestOutput = Math.min(...outs.map((file) => statSync(file).mtimeMs));
  const newestSource = Math.max(...SOURCES.map((source) => newestMtime(join(root, source))));
  return newestSource > oldestOutput;
}

/** Build everything (or nothing, with `ifStale`, when dist/ is current). Resolves to whether it built. */
export async function build({ ifStale = false, log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  if (ifStale && !isBuildStale()) return false;
  const started = Date.now();

  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });

  const esbuild = await import('esbuild');
  await Promise.all(
    nodeEntries().map((e) =>
      esbuild.build({
        entryPoints: [join(root, e.entry)],
        outfile: join(dist, e.out),
        bundle: true,
        platform: 'node',
        format: e.format,
        target: e.target,
        // The preload runs sandboxed: only `electron` may be required; everything else must be inside the bundle.
        external: e.preload ? ['electron'] : NODE_EXTERNALS,
        // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
        banner: e.format === 'esm' ? { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" } : {},
        sourcemap: 'linked',
        logLevel: 'warning',
        legalComments: 'none',
      }),
    ),
  );
  log(`build: ${outputs().map((f) => relative(root, f)).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const built = await build({ ifStale: process.argv.includes('--if-stale') });
    if (!built) console.log('build: dist/ is up to date');
  } catch (error) {
    // esbuild and Vite have printed the details already.
    console.error(`build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exit(1);
  }
}
