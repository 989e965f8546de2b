import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';
import { seededRandom } from '../../support/seeded-random';

// Needs no lab: the fault is a real SIGKILL of a real process writing a real file.
// What it shows: a transaction whose COMMIT returned survives the writer's death, and the file stays sound
// (WAL recovery on the next open). It cannot show power-loss durability — the kernel's page cache survives a
// process kill; that is what synchronous=FULL is for (see docs/inventory.md).

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const ROUNDS = 6;
const SEED = Number(process.env['VIRT_DECK_CRASH_SEED'] ?? 20_251_122);

/** Start a writer, let it commit for `killAfterMs` after its first commit, SIGKILL it; resolve the ids it reported. */
function runWriterUntilKilled(file: string, firstId: number, killAfterMs: number): Promise<number[]> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-writer.ts'), file, String(firstId)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ids: number[] = [];
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      ids.push(Number(line));
      if (ids.length === 1) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolveRun(ids);
      else reject(new Error(`writer ended by itself (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

describe('inventory crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virt-deck-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every committed row and a sound file across ${ROUNDS} SIGKILLs at random moments (seed ${SEED})`, async () => {
    const file = join(dir, 'inventory.sqlite3');
    const random = seededRandom(SEED);
    const reported: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const killAfterMs = Math.floor(20 + random() * 600);
      const ids = await runWriterUntilKilled(file, round * 1_000_000, killAfterMs);
      expect(ids.length, `round ${round} committed nothing before the kill`).toBeGreaterThan(0);
      reported.push(...ids);
    }

    // Check with a plain connection first, before anything of ours touches the file.
    const raw = new Database(file);
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('foreign_key_check')).toEqual([]);
      const rows = raw
        .prepare("SELECT p.name, q.hard_limit FROM projects p LEFT JOIN quotas q ON q.project_id = p.id AND q.resource = 'cores' WHERE p.name LIKE 'crash-%'")
        .all() as { name: string; hard_limit: number | null }[];
      const present = new Map(rows.map((r) => [Number(r.name.slice('crash-'.length)), r.hard_limit]));
      const missing = reported.filter((id) => !present.has(id));
      expect(missing, `committed ids lost after SIGKILL (seed ${SEED})`).toEqual([]);
      // Both rows of every transaction or neither.
      expect([...present].filter(([id, limit]) => limit !== id)).toEqual([]);
    } finally {
      raw.close();
    }
    // And the app still opens it.
    const store = openSqliteStore({ file });
    expect(store.projects.getByName(`crash-${reported.at(-1)}`)).toBeDefined();
    store.close();
  });
});
