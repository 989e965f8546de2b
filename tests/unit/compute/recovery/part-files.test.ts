import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDeadPartFiles } from '../../../../main/compute/recovery/part-files';
import { useTempDirs } from '../../inventory/helpers';

const tempDir = useTempDirs();

describe('dead imports\' .part files', () => {
  it('removes those of owners that are gone, keeps live ones, finished files and anything else', () => {
    const dataDir = tempDir();
    const images = join(dataDir, 'images');
    mkdirSync(images);
    const names = ['a.111-222.part', 'b.333-444.part', 'c.555--.part', 'd.qcow2', 'notes.txt', 'e.part', 'f.part'];
    for (const name of names) writeFileSync(join(images, name), 'x');
    // e.part names no owner and nobody touched it for an hour; f.part was written just now.
    const now = Date.now();
    utimesSync(join(images, 'e.part'), new Date(now - 3_600_000), new Date(now - 3_600_000));
    const asked: string[] = [];
    const removed = removeDeadPartFiles(dataDir, {
      isOwnerAlive: (owner) => {
        asked.push(owner);
        return owner.startsWith('333:');
      },
      nowMs: now,
    });
    expect(removed.sort()).toEqual(['a.111-222.part', 'c.555--.part', 'e.part']);
    expect(asked.every((owner) => /^\d+:(\d+|-)@.+$/.test(owner))).toBe(true);
    for (const kept of ['b.333-444.part', 'd.qcow2', 'notes.txt', 'f.part']) expect(existsSync(join(images, kept)), kept).toBe(true);
  });

  it('has nothing to do without an images folder', () => {
    expect(removeDeadPartFiles(tempDir(), { isOwnerAlive: () => false })).toEqual([]);
  });
});
