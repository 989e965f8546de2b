import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityRegistry } from '../../../main/activity';
import { importImage, importImageFile, imageVirtualSize, removeInterruptedImports } from '../../../main/images';
import { ImageSourceError, UnsupportedImageError } from '../../../main/images/errors';
import { AlreadyExistsError, InvalidInputError } from '../../../main/inventory/errors';
import { openSqliteStore, type SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { qcow2Image } from './qcow2-fixture';

const dirs: string[] = [];
const stores: SqliteInventoryStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'vd-images-'));
  dirs.push(dataDir);
  const store = openSqliteStore({ file: join(dataDir, 'inventory.sqlite3') });
  stores.push(store);
  return { dataDir, store };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const cacheFiles = (dataDir: string) => readdirSync(join(dataDir, 'images')).sort();

describe('importImage', () => {
  it('copies a qcow2 into the cache (0600, via rename), records checksum, size and min_disk from the virtual size', async () => {
    const deps = setup();
    const bytes = qcow2Image({ virtualSize: 3n * 1024n ** 3n + 1n, fileSize: 300_000 });
    const registry = new ActivityRegistry();
    const progress: number[] = [];
    const result = await importImage(
      deps,
      { source: Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]), sizeHint: bytes.length, name: 'cirros', osType: 'linux', minRamMiB: 64, properties: { hw_disk_bus: 'virtio' } },
      { activity: registry, onProgress: (p) => progress.push(p.bytes) },
    );
    expect(result.image).toMatchObject({
      name: 'cirros',
      status: 'active',
      diskFormat: 'qcow2',
      sizeBytes: 300_000,
      checksumSha256: sha256(bytes),
      minDiskGiB: 4,
      minRamMiB: 64,
      properties: { os_type: 'linux', hw_disk_bus: 'virtio' },
    });
    expect(result.virtualSizeBytes).toBe(3 * 1024 ** 3 + 1);
    expect(progress.at(-1)).toBe(300_000);
    const file = join(deps.dataDir, 'images', `${result.image.id}.qcow2`);
    expect(cacheFiles(deps.dataDir)).toEqual([`${result.image.id}.qcow2`]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(deps.dataDir, 'images')).mode & 0o777).toBe(0o700);
    expect(await imageVirtualSize(deps.dataDir, result.image)).toBe(3 * 1024 ** 3 + 1);
    expect(registry.list()).toMatchObject([{ kind: 'import', state: 'succeeded', title: 'Import image cirros' }]);
  });

  it('imports a raw disk; an explicit min_disk below the virtual size is raised, with a note', async () => {
    const deps = setup();
    const bytes = Buffer.alloc(2 * 1024 * 1024, 1);
    const result = await importImage(deps, { source: Readable.from([bytes]), name: 'raw', minDiskGiB: 0 });
    expect(result.image).toMatchObject({ diskFormat: 'raw', sizeBytes: bytes.length, minDiskGiB: 1 });
    expect(result.notes).toEqual([expect.stringMatching(/min_disk raised from 0 to 1 GiB/)]);
    expect(await imageVirtualSize(deps.dataDir, result.image)).toBe(bytes.length);
  });

  it.each([
    ['an ISO', () => { const b = Buffer.alloc(64 * 1024); b.write('CD001', 0x8001, 'latin1'); return b; }, /ISO 9660/],
    ['a qcow2 with a backing file', () => qcow2Image({ backingFile: '/images/base.qcow2' }), /backing file/],
    ['an empty file', () => Buffer.alloc(0), /empty/],
    ['an unaligned raw file', () => Buffer.alloc(1000), /multiple of 512/],
  ])('refuses %s and leaves no row and no file', async (_what, bytes, message) => {
    const deps = setup();
    const registry = new ActivityRegistry();
    const error = await importImage(deps, { source: Readable.from([bytes()]), name: 'bad' }, { activity: registry }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedImageError);
    expect((error as Error).message).toMatch(message);
    expect(deps.store.images.list({ includeDeleted: true })).toEqual([]);
    expect(cacheFiles(deps.dataDir)).toEqual([]);
    expect(registry.list()).toMatchObject([{ state: 'failed', message: expect.stringMatching(message) }]);
  });

  it('refuses a source shorter than announced', async () => {
    const deps = setup();
    const error = await importImage(deps, { source: Readable.from([Buffer.alloc(1024)]), sizeHint: 4096, name: 'short', sourceLabel: 'upload: x.raw' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageSourceError);
    expect((error as Error).message).toMatch(/upload: x.raw delivered 1024 bytes, not the 4096 announced/);
    expect(deps.store.images.list({ includeDeleted: true })).toEqual([]);
    expect(cacheFiles(deps.dataDir)).toEqual([]);
  });

  it('cancels on abort mid-stream: the row and the part file go', async () => {
    const deps = setup();
    const source = new PassThrough();
    const controller = new AbortController();
    const done = importImage(deps, { source, name: 'slow' }, { signal: controller.signal }).catch((e: unknown) => e);
    source.write(Buffer.alloc(70_000));
    await new Promise((resolve) => setImmediate(resolve));
    expect(deps.store.images.list()).toMatchObject([{ name: 'slow', status: 'queued' }]);
    controller.abort();
    const error = await done;
    expect(error).toBeInstanceOf(ImageSourceError);
    expect((error as Error).message).toMatch(/cancelled/);
    expect(deps.store.images.list({ includeDeleted: true })).toEqual([]);
    expect(cacheFiles(deps.dataDir)).toEqual([]);
  });

  it('refuses a name taken by a live image, and bad fields before reading a byte', async () => {
    const deps = setup();
    await importImage(deps, { source: Readable.from([Buffer.alloc(512)]), name: 'dup' });
    await expect(importImage(deps, { source: Readable.from([Buffer.alloc(512)]), name: 'dup' })).rejects.toBeInstanceOf(AlreadyExistsError);
    const untouched = new PassThrough();
    await expect(importImage(deps, { source: untouched, name: ' padded' })).rejects.toThrow(/must not start or end with whitespace/);
    await expect(importImage(deps, { source: untouched, name: 'x\x1b[31m' })).rejects.toThrow(/control characters/);
    await expect(importImage(deps, { source: untouched, name: 'x', osType: 'beos' })).rejects.toThrow(/os_type must be one of linux, windows/);
    await expect(importImage(deps, { source: untouched, name: 'x', minRamMiB: -1 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(importImage(deps, { source: untouched, name: 'x', properties: { size: '1' } })).rejects.toThrow(/size is an attribute of the image/);
    expect(untouched.readableLength).toBe(0);
    expect(cacheFiles(deps.dataDir)).toHaveLength(1);
  });
});

describe('importImageFile', () => {
  it('imports a regular file and labels the source with its path', async () => {
    const deps = setup();
    const path = join(deps.dataDir, 'disk.qcow2');
    writeFileSync(path, qcow2Image());
    const result = await importImageFile(deps, { path, name: 'from-file' });
    expect(result.image).toMatchObject({ source: path, diskFormat: 'qcow2' });
  });

  it('refuses a directory, a missing file and a FIFO-like non-file', async () => {
    const deps = setup();
    const dir = join(deps.dataDir, 'a-dir');
    mkdirSync(dir);
    await expect(importImageFile(deps, { path: dir, name: 'x' })).rejects.toThrow(/it is a directory, not a regular file/);
    await expect(importImageFile(deps, { path: join(deps.dataDir, 'missing'), name: 'x' })).rejects.toThrow(/Cannot read image file .*missing/);
    await expect(importImageFile(deps, { path: '/dev/null', name: 'x' })).rejects.toThrow(/character device/);
  });
});

describe('removeInterruptedImports', () => {
  it('removes part files of dead owners and queued rows with no heartbeat, keeps live ones', () => {
    const deps = setup();
    const dir = join(deps.dataDir, 'images');
    mkdirSync(dir, { recursive: true });
    // pid 2^22+1 is above Linux's pid_max: it never runs.
    writeFileSync(join(dir, 'dead-image.4194305-12345.part'), 'x');
    const live = `live-image.${process.pid}-${'-'}.part`;
    writeFileSync(join(dir, live), 'x');
    const stale = deps.store.images.insert({ name: 'stale', diskFormat: 'raw', status: 'queued' });
    writeFileSync(join(dir, `${stale.id}.raw`), 'x');
    const fresh = deps.store.images.insert({ name: 'fresh', diskFormat: 'raw', status: 'queued' });
    const active = deps.store.images.insert({ name: 'active', diskFormat: 'raw', status: 'active' });
    const later = Date.parse(fresh.updatedAt) + 30_000;
    expect(removeInterruptedImports(deps.store, deps.dataDir, later)).toEqual({ partFiles: ['dead-image.4194305-12345.part'], images: [] });
    const result = removeInterruptedImports(deps.store, deps.dataDir, Date.parse(fresh.updatedAt) + 61_000);
    expect([...result.images].sort()).toEqual([stale.id, fresh.id].sort());
    expect(deps.store.images.list().map((i) => i.id)).toEqual([active.id]);
    expect(cacheFiles(deps.dataDir)).toEqual([live]);
  });
});
