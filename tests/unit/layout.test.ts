// Unit tests mirror the source tree: tests/unit/<dir>/ tests main/<dir>/, and tests/unit/{common,electron,renderer,
// scripts}/ test those folders. A test folder with no source folder is a test nobody will find from the code it tests.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unit = join(root, 'tests/unit');

/** The top-level source folders besides main/, whose tests keep their name. */
const OWN_ROOTS = ['common', 'electron', 'renderer', 'scripts'];

/** Folders of test data (golden files, fixtures): they mirror nothing. */
const DATA_FOLDERS = new Set(['golden', 'fixtures']);

function folders(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !DATA_FOLDERS.has(name))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory())
    .flatMap((path) => [path, ...folders(path)]);
}

/** The source folder a test folder mirrors. */
function sourceOf(testDir: string): string {
  const path = relative(unit, testDir);
  return OWN_ROOTS.includes(path.split('/')[0] ?? '') ? path : join('main', path);
}

describe('tests/unit layout', () => {
  it('has a source folder for every test folder', () => {
    const orphans = folders(unit).filter((dir) => !existsSync(join(root, sourceOf(dir))));
    expect(orphans.map((dir) => relative(root, dir))).toEqual([]);
  });

  // Unit tests run no outside program: a test that needs ssh-keygen, a shell or a second process is an
  // integration test (tests/integration/, same path).
  it('has no unit test that starts a process', () => {
    const files = [unit, ...folders(unit)].flatMap((dir) => readdirSync(dir).filter((name) => /\.tsx?$/.test(name)).map((name) => join(dir, name)));
    const spawning = files.filter((file) => /from ['"](node:)?child_process['"]/.test(readFileSync(file, 'utf8')));
    expect(spawning.map((file) => relative(root, file))).toEqual([]);
  });
});
