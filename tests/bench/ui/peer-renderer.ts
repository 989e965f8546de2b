// The peer: the Instances list as it was before the virtual list (every row in the DOM), built from git into a
// temporary directory with the checkout's own node_modules, so both UIs are measured against the same main, in the
// same run, in the same browser.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The last commit with the old list (the branch point of the virtual list): the peer's source. */
export const PEER_COMMIT = '0a3425e56f1076430674d56e09cc5f521b72f1e7';

/** A built renderer: its static directory; `remove()` deletes the build. */
export interface BuiltRenderer {
  readonly staticDir: string;
  remove(): void;
}

/** Build the renderer of `commit` (its renderer/, common/, assets/ and Vite config) into a temporary directory. */
export async function buildPeerRenderer(commit: string = PEER_COMMIT): Promise<BuiltRenderer> {
  const dir = mkdtempSync(join(tmpdir(), 'vd-bench-peer-ui-'));
  try {
    const archive = join(dir, 'src.tar');
    await run('git', ['-C', ROOT, 'archive', '--format=tar', '-o', archive, commit, 'renderer', 'common', 'assets', 'vite.config.ts', 'package.json', 'tsconfig.base.json']);
    await run('tar', ['-xf', archive, '-C', dir]);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    await run(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(dir, 'vite.config.ts'), '--logLevel', 'error'], { cwd: dir, timeout: 180_000 });
    return { staticDir: join(dir, 'dist', 'renderer'), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
