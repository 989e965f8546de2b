// Builds (when stale) and starts the built web mode once for all e2e tests, with a private data directory, and
// brings the test lab up (or reuses the running one) for the inventory tests. The URL with its secret and the
// lab's LabInfo reach the test workers through the environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinLab } from './lab';
import { E2E_ENV, ROOT, startWebModeChild } from './web-mode';

// eslint-disable-next-line no-restricted-syntax -- Playwright loads globalSetup through its default export
export default async function globalSetup(): Promise<() => Promise<void>> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);

  const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-'));
  const server = await startWebModeChild(dataDir);
  process.env[E2E_ENV.url] = server.url;
  process.env[E2E_ENV.dataDir] = dataDir;
  const lab = await joinLab();

  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await lab.release();
  };
}
