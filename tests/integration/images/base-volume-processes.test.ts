// Base volumes across processes, for real: child processes (as the app and CLI commands would be) share one
// inventory and one host. Two at once upload once; an uploader SIGKILLed mid-stream is taken over by the next caller,
// which replaces the partial volume.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OneShotHostConnections } from '../../../main/compute/host-access';
import { ensureBaseVolumeOn, importImageFile } from '../../../main/images';
import { ownerLiveness } from '../../../main/compute/process-owner';
import { addLabHost, usePrivatePool, useDataDir, volumeNames } from './helpers';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const { lab, pool, conn } = usePrivatePool();
const dataDir = useDataDir();

interface ChildEvent {
  readonly event: 'progress' | 'done' | 'error' | 'log';
  readonly bytes?: number;
  readonly uploads?: number;
  readonly base?: { readonly path: string; readonly name: string };
  readonly message?: string;
}

/** Start an ensure-child; `onEvent` sees each line; resolves with every event once it exits (or is killed). */
function startChild(args: readonly string[], onEvent: (event: ChildEvent, child: ChildProcess) => void = () => undefined) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'ensure-child.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: ChildEvent[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as ChildEvent;
    events.push(event);
    onEvent(event, child);
  });
  const exited = new Promise<{ events: ChildEvent[]; signal: NodeJS.Signals | null; stderr: string }>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('close', (_code, signal) => resolveExit({ events, signal, stderr }));
  });
  return { child, exited };
}

describe('base volumes across processes', () => {
  it('two processes asking at once upload the image once and get the same volume', async () => {
    const env = dataDir();
    const image = (await importImageFile(env, { path: lab().bootImage.path, name: 'boot' })).image;
    const host = addLabHost(env.store, lab(), 'qemu', 'unix', pool());
    const args = [join(env.dataDir, 'inventory.sqlite3'), env.dataDir, host.id, image.id, '500'];
    const [a, b] = await Promise.all([startChild(args).exited, startChild(args).exited]);
    const doneA = a.events.find((e) => e.event === 'done');
    const doneB = b.events.find((e) => e.event === 'done');
    expect(doneA, a.stderr + JSON.stringify(a.events)).toBeDefined();
    expect(doneB, b.stderr + JSON.stringify(b.events)).toBeDefined();
    expect((doneA?.uploads ?? 0) + (doneB?.uploads ?? 0)).toBe(1);
    expect(doneA?.base?.path).toBe(doneB?.base?.path);
    expect(await volumeNames(conn(), pool())).toEqual([doneA?.base?.name]);
    expect(env.store.imageHostCache.get(image.id, host.id)).toMatchObject({ status: 'ready', sha256: lab().bootImage.sha256 });
  });

  it('an uploader killed mid-stream is taken over by the next caller: the partial volume is replaced and verified', async () => {
    const env = dataDir();
    // 256 MiB, random at both ends and sparse between: long enough to be killed mid-stream, cheap to make.
    const file = join(env.dataDir, 'large.raw');
    const size = 256 * 1024 * 1024;
    const fd = openSync(file, 'w');
    ftruncateSync(fd, size);
    writeSync(fd, randomBytes(1 << 20), 0, 1 << 20, 0);
    writeSync(fd, randomBytes(1 << 20), 0, 1 << 20, size - (1 << 20));
    closeSync(fd);
    const image = (await importImageFile(env, { path: file, name: 'large' })).image;
    const host = addLabHost(env.store, lab(), 'qemu', 'unix', pool());

    let killedAt = -1;
    const { exited } = startChild([join(env.dataDir, 'inventory.sqlite3'), env.dataDir, host.id, image.id, '500'], (event, child) => {
      if (event.event === 'progress' && killedAt < 0) {
        killedAt = event.bytes ?? 0;
        child.kill('SIGKILL');
      }
    });
    const killed = await exited;
    expect(killed.signal, killed.stderr + JSON.stringify(killed.events)).toBe('SIGKILL');
    expect(killedAt).toBeLessThan(size);
    const left = env.store.imageHostCache.get(image.id, host.id);
    expect(left).toMatchObject({ status: 'uploading' });
    expect(ownerLiveness(left?.owner ?? '')).toBe('dead');
    expect(await volumeNames(conn(), pool())).toEqual([left?.volumeName]);

    const hosts = new OneShotHostConnections(env.store);
    const logged: string[] = [];
    try {
      const base = await ensureBaseVolumeOn(hosts, host.id, image, { ...env, log: (m) => logged.push(m) });
      expect(base).toMatchObject({ uploaded: true, sha256: image.checksumSha256, name: left?.volumeName });
      expect(logged[0]).toMatch(/taking over the upload of image large to host qemu-unix from \d+:\S+ \(its owner is no longer running\); its partial volume is replaced/);
      expect(await volumeNames(conn(), pool())).toEqual([base.name]);
      expect(env.store.imageHostCache.get(image.id, host.id)).toMatchObject({ status: 'ready', owner: null });
    } finally {
      await hosts.close();
    }
  });
});
