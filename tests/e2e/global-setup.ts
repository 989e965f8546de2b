// Builds (when stale) and starts the built web mode once for all e2e tests, with a private data directory.
// The URL with its secret reaches the test workers through the environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_ENV, ROOT, startNode, stopChild, waitForLine } from './web-mode';

// eslint-disable-next-line no-restricted-syntax -- Playwright loads globalSetup through its default export
export default async function globalSetup(): Promise<() => Promise<void>> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);

  const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-'));
  const child = startNode('dist/web.mjs', ['--port', '0', '--data-dir', dataDir], {});
  const lines = await waitForLine(child, /web UI at http:\/\//, 20_000);
  const url = /(http:\/\/127\.0\.0\.1:\d+\/#secret=[\w-]+)/.exec(lines.at(-1) ?? '')?.[1];
  if (!url) throw new Error(`Could not read the web mode URL from: ${lines.join('\n')}`);
  process.env[E2E_ENV.url] = url;
  process.env[E2E_ENV.dataDir] = dataDir;

  return async () => {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
