import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, NotFoundError } from '../../../main/inventory/errors';
import { addHost, useTempStore } from './helpers';

const openStore = useTempStore();

describe('images repository', () => {
  it('inserts queued, updates to active, lists live ones by name, soft-deletes (freeing the name) and removes', () => {
    const store = openStore();
    const b = store.images.insert({ name: 'b', diskFormat: 'raw' });
    expect(b).toMatchObject({ status: 'queued', visibility: 'public', properties: {}, deletedAt: null, sizeBytes: null });
    const a = store.images.update(store.images.insert({ name: 'a', diskFormat: 'raw' }).id, {
      status: 'active',
      diskFormat: 'qcow2',
      sizeBytes: 10,
      checksumSha256: 'ab',
      minDiskGiB: 1,
      properties: { os_type: 'linux' },
    });
    expect(a).toMatchObject({ status: 'active', diskFormat: 'qcow2', sizeBytes: 10, checksumSha256: 'ab', minDiskGiB: 1, properties: { os_type: 'linux' } });
    expect(store.images.list().map((i) => i.name)).toEqual(['a', 'b']);
    expect(store.images.list({ status: 'queued' }).map((i) => i.name)).toEqual(['b']);
    expect(() => store.images.insert({ name: 'a', diskFormat: 'raw' })).toThrow(AlreadyExistsError);
    store.images.softDelete(a.id);
    expect(store.images.get(a.id)).toMatchObject({ status: 'deleted', deletedAt: expect.any(String) });
    expect(store.images.getByName('a')).toBeUndefined();
    expect(() => store.images.update(a.id, { minRamMiB: 1 })).toThrow(NotFoundError);
    expect(store.images.insert({ name: 'a', diskFormat: 'raw' }).name).toBe('a');
    expect(store.images.list({ includeDeleted: true })).toHaveLength(3);
    store.images.remove(b.id);
    expect(store.images.get(b.id)).toBeUndefined();
  });
});

describe('image host cache repository', () => {
  it('claims once, heartbeats and hands over only by compare-and-swap on the owner, then goes ready', () => {
    const store = openStore();
    const host = addHost(store, 'h1');
    const image = store.images.insert({ name: 'img', diskFormat: 'qcow2', status: 'active' });
    const base = { imageId: image.id, hostId: host.id, pool: 'default', volumeName: '_base_x', format: 'qcow2' as const, sizeBytes: 5 };
    expect(store.imageHostCache.claim({ ...base, owner: 'p1' })).toMatchObject({ status: 'uploading', owner: 'p1', heartbeatAt: expect.any(String) });
    expect(() => store.imageHostCache.claim({ ...base, owner: 'p2' })).toThrow(AlreadyExistsError);
    expect(store.imageHostCache.heartbeat(image.id, host.id, 'p2')).toBe(false);
    expect(store.imageHostCache.heartbeat(image.id, host.id, 'p1')).toBe(true);
    expect(store.imageHostCache.takeOver(image.id, host.id, 'someone', 'p2')).toBe(false);
    expect(store.imageHostCache.takeOver(image.id, host.id, 'p1', 'p2', { pool: 'other' })).toBe(true);
    expect(store.imageHostCache.get(image.id, host.id)).toMatchObject({ owner: 'p2', pool: 'other', volumeName: '_base_x' });
    expect(store.imageHostCache.markReady(image.id, host.id, 'p1', { sha256: 's', path: '/p', sizeBytes: 5 })).toBe(false);
    expect(store.imageHostCache.markReady(image.id, host.id, 'p2', { sha256: 's', path: '/p', sizeBytes: 5 })).toBe(true);
    expect(store.imageHostCache.get(image.id, host.id)).toMatchObject({ status: 'ready', owner: null, heartbeatAt: null, sha256: 's', path: '/p' });
    expect(store.imageHostCache.takeOver(image.id, host.id, null, 'p3')).toBe(false);
    expect(store.imageHostCache.list({ hostId: host.id }).map((r) => r.status)).toEqual(['ready']);
    expect(store.imageHostCache.list({ status: 'uploading' })).toEqual([]);
    expect(store.imageHostCache.delete(image.id, host.id, 'p2')).toBe(false);
    expect(store.imageHostCache.delete(image.id, host.id)).toBe(true);
  });

  it('goes with its image when the row is removed', () => {
    const store = openStore();
    const host = addHost(store, 'h1');
    const image = store.images.insert({ name: 'img', diskFormat: 'raw' });
    store.imageHostCache.claim({ imageId: image.id, hostId: host.id, pool: 'p', volumeName: 'v', format: 'raw', sizeBytes: null, owner: 'o' });
    store.images.remove(image.id);
    expect(store.imageHostCache.list()).toEqual([]);
  });
});

describe('key pairs repository', () => {
  it('inserts, refuses a taken name, lists by name and deletes', () => {
    const store = openStore();
    const key = { type: 'ssh-ed25519', publicKey: 'ssh-ed25519 AAAA', fingerprint: 'SHA256:x', comment: '' };
    store.keyPairs.insert({ name: 'b', ...key });
    expect(store.keyPairs.insert({ name: 'a', ...key })).toMatchObject({ name: 'a', createdAt: expect.any(String) });
    expect(() => store.keyPairs.insert({ name: 'a', ...key })).toThrow(/Key pair a already exists/);
    expect(store.keyPairs.list().map((k) => k.name)).toEqual(['a', 'b']);
    expect(store.keyPairs.delete('a')).toBe(true);
    expect(store.keyPairs.delete('a')).toBe(false);
    expect(store.keyPairs.get('b')?.publicKey).toBe('ssh-ed25519 AAAA');
  });
});
