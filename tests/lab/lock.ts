import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readTextOr } from './files';
import { isAlive, readPidFile } from './processes';

/**
 * No lab operation legitimately holds the lock this long (the slowest, a first `up`, waits at most
 * about 4 minutes); a holder past it is stuck (e.g. a test process whose event loop is starved).
 */
const STALE_AFTER_MS = 10 * 60_000;

/** Try to take the lock once: true if taken, false if someone else holds it (a dead or stuck holder's lock is removed). */
function tryLock(lockDir: string, ownerFile: string, operation: string): boolean {
  try {
    mkdirSync(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = readPidFile(ownerFile);
    const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    // No owner file means the holder is between mkdir and write, or died right there.
    const orphaned = owner === null && age > 5_000;
    if ((owner !== null && !isAlive(owner)) || orphaned || age > STALE_AFTER_MS) {
      if (age > STALE_AFTER_MS && owner !== null && isAlive(owner)) {
        console.warn(`Taking over the lab lock ${lockDir}: its holder (${readTextOr(ownerFile, '?').trim()}) has held it for ${Math.round(age / 60_000)} min`);
      }
      rmSync(lockDir, { recursive: true, force: true });
    }
    return false;
  }
  writeFileSync(ownerFile, `${process.pid} ${operation} since ${new Date().toISOString()}\n`);
  return true;
}

/**
 * Run `fn` holding the state directory's lock, so two processes (two test runs, the CLI and a
 * test) never change the lab at the same time. `mkdir` is the atomic step; a lock whose holder
 * died is taken over.
 */
export async function withLabLock<T>(lockDir: string, operation: string, fn: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  const ownerFile = join(lockDir, 'owner');
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(lockDir, ownerFile, operation)) {
    if (Date.now() >= deadline) {
      const holder = readTextOr(ownerFile, 'an unknown process\n').trim();
      throw new Error(`Could not ${operation} the lab within ${timeoutMs / 1000} s: its lock ${lockDir} is held by pid ${holder}`);
    }
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    // Only our own lock: if it was taken over as stale, it belongs to someone else now.
    if (readPidFile(ownerFile) === process.pid) rmSync(lockDir, { recursive: true, force: true });
  }
}
