import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';
import { useTempDirs } from './helpers';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

// Electron, the web server and a CLI started at the same moment all create/migrate the same new file.
describe('first open from several processes at once', () => {
  const tempDir = useTempDirs();

  it('migrates and seeds exactly once', async () => {
    const file = join(tempDir(), 'inventory.sqlite3');
    const startAt = String(Date.now() + 3000);
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () => run(process.execPath, ['--import', 'tsx', join(here, 'open-worker.ts'), file, startAt], { cwd: resolve(here, '../../..') })),
    );
    expect(outputs.map((o) => JSON.parse(o.stdout) as unknown)).toEqual(Array(4).fill({ projects: 2, flavors: 5 }));
    const store = openSqliteStore({ file });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });
});
