import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';
import { useTempDirs } from '../../unit/inventory/helpers';

const here = dirname(fileURLToPath(import.meta.url));

/** A worker that has started and waits for "go"; `result` is what it saw after opening. */
interface Worker {
  readonly go: () => void;
  readonly result: Promise<unknown>;
}

async function startWorker(file: string): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'open-worker.ts'), file], { cwd: resolve(here, '../../..'), stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  if (first !== 'ready') throw new Error(`open-worker said ${first}`);
  const result = once(lines, 'line').then(([line]) => JSON.parse(line as string) as unknown);
  const exited = once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`open-worker exited with ${String(code)}`);
  });
  return { go: () => child.stdin.end('go\n'), result: Promise.all([result, exited]).then(([seen]) => seen) };
}

// Electron, the web server and a CLI started at the same moment all create/migrate the same new file.
describe('first open from several processes at once', () => {
  const tempDir = useTempDirs();

  it('migrates and seeds exactly once', async () => {
    const file = join(tempDir(), 'inventory.sqlite3');
    const workers = await Promise.all(Array.from({ length: 4 }, () => startWorker(file)));
    for (const worker of workers) worker.go();
    expect(await Promise.all(workers.map((w) => w.result))).toEqual(Array(4).fill({ projects: 2, flavors: 5 }));
    const store = openSqliteStore({ file });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });
});
