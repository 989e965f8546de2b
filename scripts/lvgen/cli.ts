import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PINNED_SOURCE } from './config';
import { generate, type SourceReader } from './generate';
import { GENERATED_DIR, SOURCE_CACHE_DIR } from './paths';
import { obtainPinnedSource, treeReader } from './source';

/**
 * `npm run gen:libvirt -- [--source DIR] [--check]`
 *
 * Regenerates `main/libvirt/generated/*.gen.ts` from libvirt's protocol files. Without `--source`
 * the pinned release is fetched with `apt-get source` into `node_modules/.cache/libvirt-src/`;
 * `--source` takes an unpacked libvirt tree instead. `--check` writes nothing and fails when the
 * committed files differ. Never part of a build or a test run: the output is committed.
 */

interface Options {
  readonly source: string | null;
  readonly check: boolean;
}

function parseArgs(args: readonly string[]): Options {
  let source: string | null = null;
  let check = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--source') {
      const value = args[++i];
      if (value === undefined) throw new Error('--source needs a directory (an unpacked libvirt source tree)');
      source = resolve(value);
    } else if (arg === '--check') {
      check = true;
    } else {
      throw new Error(`unknown argument ${JSON.stringify(arg)} (expected --source DIR, --check)`);
    }
  }
  return { source, check };
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  let read: SourceReader;
  if (options.source !== null) {
    if (!existsSync(join(options.source, 'src', 'remote', 'remote_protocol.x'))) throw new Error(`${options.source} is not a libvirt source tree (no src/remote/remote_protocol.x)`);
    read = treeReader(options.source);
  } else {
    process.stdout.write(`fetching libvirt ${PINNED_SOURCE.version} with apt-get source into ${SOURCE_CACHE_DIR}\n`);
    read = (await obtainPinnedSource(SOURCE_CACHE_DIR)).read;
  }
  const files = generate(read);
  const wanted = new Set(files.map((f) => f.name));
  const stale = existsSync(GENERATED_DIR) ? readdirSync(GENERATED_DIR).filter((f) => f.endsWith('.gen.ts') && !wanted.has(f)) : [];
  if (options.check) {
    const differing = files.filter((f) => !existsSync(join(GENERATED_DIR, f.name)) || readFileSync(join(GENERATED_DIR, f.name), 'utf8') !== f.text).map((f) => f.name);
    if (differing.length === 0 && stale.length === 0) {
      process.stdout.write(`${files.length} generated files are up to date\n`);
      return 0;
    }
    process.stderr.write(`out of date: ${[...differing, ...stale.map((s) => `${s} (stale)`)].join(', ')}; run npm run gen:libvirt\n`);
    return 1;
  }
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const f of files) writeFileSync(join(GENERATED_DIR, f.name), f.text);
  for (const s of stale) rmSync(join(GENERATED_DIR, s));
  for (const f of files) process.stdout.write(`wrote ${join('main/libvirt/generated', f.name)} (${f.text.split('\n').length - 1} lines)\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
