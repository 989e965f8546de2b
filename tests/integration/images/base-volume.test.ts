// Base volumes on the lab's real hosts: the boot image uploaded through our libvirt stream over the unix socket and
// over SSH, checked on the host and by downloading it back; reuse; concurrent callers; a volume removed by hand; a
// corrupted cache file; a pool too small; the test driver's empty base.
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ActivityRegistry } from '../../../main/activity';
import { OneShotHostConnections } from '../../../main/compute/host-access';
import { baseVolumeName, ChecksumMismatchError, ensureBaseVolumeOn, imageFilePath, importImageFile, PoolTooSmallError, removeAbandonedUploads } from '../../../main/images';
import { connectLibvirt } from '../../../main/libvirt';
import { buildVolumeXml, VolumeXml } from '../../../main/xml';
import { run } from '../../lab/exec';
import { labHost, uniqueName } from '../../lab';
import { addLabHost, usePrivatePool, useDataDir, volumeNames } from './helpers';

const { lab, pool, conn } = usePrivatePool();
const dataDir = useDataDir();

async function downloadSha256(poolName: string, volume: string): Promise<string> {
  const hash = createHash('sha256');
  const vol = await conn().storage.lookupVolByName(await conn().storage.lookupPoolByName(poolName), volume);
  await conn().storage.downloadFromVolume(
    vol,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done();
      },
    }),
  );
  return hash.digest('hex');
}

async function importBootImage(env: ReturnType<typeof dataDir>) {
  return (await importImageFile(env, { path: lab().bootImage.path, name: 'boot', osType: 'linux' })).image;
}

describe.each(['unix', 'ssh'] as const)('base volume of the boot image over %s', (transport) => {
  it('is uploaded, verified on the host, matches when downloaded back, and is reused', async () => {
    const env = dataDir();
    const image = await importBootImage(env);
    expect(image.checksumSha256).toBe(lab().bootImage.sha256);
    const host = addLabHost(env.store, lab(), 'qemu', transport, pool());
    const hosts = new OneShotHostConnections(env.store);
    const activity = new ActivityRegistry();
    const progress: number[] = [];
    try {
      const base = await ensureBaseVolumeOn(hosts, host.id, image, { ...env, activity, onProgress: (p) => progress.push(p.bytes) });
      expect(base).toMatchObject({ pool: pool(), format: 'qcow2', sha256: lab().bootImage.sha256, uploaded: true });
      expect(base.name).toMatch(/^_base_[0-9a-f]{40}$/);
      expect(base.path.endsWith(`/${base.name}`)).toBe(true);
      expect(progress.at(-1)).toBe(lab().bootImage.sizeBytes);
      const method = transport === 'ssh' ? 'ssh-sha256sum' : 'local-file';
      expect(activity.list()).toMatchObject([{ kind: 'upload', state: 'succeeded', message: `verified on the host (${method})`, refs: { imageId: image.id, hostId: host.id } }]);
      expect(await downloadSha256(pool(), base.name)).toBe(lab().bootImage.sha256);
      // libvirt probes the bytes: the base is a qcow2 image of the boot image's virtual size.
      const poolRef = await conn().storage.lookupPoolByName(pool());
      await conn().storage.refreshPool(poolRef);
      const vol = await conn().storage.lookupVolByName(poolRef, base.name);
      const xml = VolumeXml.parse(await conn().storage.getVolXmlDesc(vol));
      expect(xml.targetFormat).toBe('qcow2');
      expect(Number(xml.capacity)).toBe(lab().bootImage.virtualSizeBytes);
      expect(env.store.imageHostCache.get(image.id, host.id)).toMatchObject({ status: 'ready', owner: null, sha256: lab().bootImage.sha256, path: base.path });

      const again = await ensureBaseVolumeOn(hosts, host.id, image, { ...env, activity });
      expect(again).toEqual({ ...base, uploaded: false });
      expect(activity.list()).toHaveLength(1);
    } finally {
      await hosts.close();
    }
  });
});

describe('base volumes on the QEMU host', () => {
  it('uploads once for concurrent callers in one process, and a caller that gives up does not stop the others', async () => {
    const env = dataDir();
    const image = await importBootImage(env);
    const host = addLabHost(env.store, lab(), 'qemu', 'unix', pool());
    const hosts = new OneShotHostConnections(env.store);
    const activity = new ActivityRegistry();
    try {
      const quitter = new AbortController();
      const calls = [0, 1, 2].map((i) => ensureBaseVolumeOn(hosts, host.id, image, { ...env, activity, ...(i === 2 ? { signal: quitter.signal } : {}) }));
      quitter.abort();
      const [a, b, c] = await Promise.allSettled(calls);
      expect(c).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/was cancelled/) } });
      expect(a).toMatchObject({ status: 'fulfilled', value: { uploaded: true } });
      expect(b).toEqual(a);
      expect(activity.list().filter((x) => x.kind === 'upload')).toHaveLength(1);
      expect(await volumeNames(conn(), pool())).toHaveLength(1);
    } finally {
      await hosts.close();
    }
  });

  it('uploads again when the volume was removed by hand', async () => {
    const env = dataDir();
    const image = await importBootImage(env);
    const host = addLabHost(env.store, lab(), 'qemu', 'unix', pool());
    const hosts = new OneShotHostConnections(env.store);
    const logged: string[] = [];
    try {
      const base = await ensureBaseVolumeOn(hosts, host.id, image, env);
      await conn().storage.deleteVol(await conn().storage.lookupVolByName(await conn().storage.lookupPoolByName(pool()), base.name));
      const again = await ensureBaseVolumeOn(hosts, host.id, image, { ...env, log: (m) => logged.push(m) });
      expect(again.uploaded).toBe(true);
      expect(logged[0]).toMatch(/is gone from pool .* uploading it again/);
      expect(await downloadSha256(pool(), base.name)).toBe(lab().bootImage.sha256);
    } finally {
      await hosts.close();
    }
  });

  it('removes the volume when the bytes on the host do not match the image, naming both sums', async () => {
    const env = dataDir();
    const image = await importBootImage(env);
    // The cached copy went bad on disk after the import: what reaches the host is not what was imported.
    const cached = imageFilePath(env.dataDir, image);
    const bytes = readFileSync(cached);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(cached, bytes);
    const tampered = createHash('sha256').update(bytes).digest('hex');
    const host = addLabHost(env.store, lab(), 'qemu', 'unix', pool());
    const hosts = new OneShotHostConnections(env.store);
    try {
      const error = await ensureBaseVolumeOn(hosts, host.id, image, env).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChecksumMismatchError);
      expect(error).toMatchObject({ expected: lab().bootImage.sha256, actual: tampered });
      expect((error as Error).message).toMatch(new RegExp(`sha256 ${tampered} on the host \\(download\\), ${lab().bootImage.sha256} imported; it was removed`));
      expect(await volumeNames(conn(), pool())).toEqual([]);
      expect(env.store.imageHostCache.list()).toEqual([]);
    } finally {
      await hosts.close();
    }
  });

  it('refuses a pool too small for the image with a clean error, leaving no volume and no row', async () => {
    const env = dataDir();
    const big = join(env.dataDir, 'big.raw');
    writeFileSync(big, Buffer.alloc(24 * 1024 * 1024, 7));
    const image = (await importImageFile(env, { path: big, name: 'big' })).image;
    // A real small filesystem: a 16 MiB tmpfs under a dir pool.
    const mount = mkdtempSync(join(tmpdir(), 'vd-lab-small-'));
    chmodSync(mount, 0o755);
    await run('/bin/mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0755', 'tmpfs', mount]);
    const name = uniqueName('small-pool');
    const small = await conn().storage.createPoolXml(`<pool type='dir'><name>${name}</name><target><path>${mount}</path></target></pool>`);
    const host = addLabHost(env.store, lab(), 'qemu', 'unix', name);
    const hosts = new OneShotHostConnections(env.store);
    try {
      const error = await ensureBaseVolumeOn(hosts, host.id, image, env).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PoolTooSmallError);
      expect((error as Error).message).toMatch(new RegExp(`Storage pool ${name} on host qemu-unix has 1[56](\\.\\d)? MiB free; image big needs 24 MiB`));
      expect(await volumeNames(conn(), name)).toEqual([]);
      expect(env.store.imageHostCache.list()).toEqual([]);
    } finally {
      await hosts.close();
      await conn().storage.destroyPool(small).catch(() => undefined);
      await run('/bin/umount', [mount]).catch(() => undefined);
      rmSync(mount, { recursive: true, force: true });
    }
  });
});

describe('abandoned uploads', () => {
  it('removes the partial volume and the row of a dead uploader, and leaves a live one alone', async () => {
    const env = dataDir();
    const image = await importBootImage(env);
    const other = (await importImageFile(env, { path: lab().bootImage.path, name: 'other' })).image;
    const host = addLabHost(env.store, lab(), 'qemu', 'unix', pool());
    // What a SIGKILLed uploader leaves (base-volume-processes.test.ts makes one for real): a row in its name and a
    // partial volume. pid 2^22+1 is above Linux's pid_max, so it never runs.
    const dead = `4194305:1@${hostname()}`;
    const live = `${process.ppid}:-@${hostname()}`;
    const poolRef = await conn().storage.lookupPoolByName(pool());
    for (const [record, owner] of [[image, dead], [other, live]] as const) {
      const volumeName = baseVolumeName(record.id);
      env.store.imageHostCache.claim({ imageId: record.id, hostId: host.id, pool: pool(), volumeName, format: 'qcow2', sizeBytes: record.sizeBytes, owner });
      await conn().storage.createVolXml(poolRef, buildVolumeXml({ name: volumeName, capacityBytes: 1 << 20, format: 'raw' }));
    }
    const hosts = new OneShotHostConnections(env.store);
    try {
      expect(await removeAbandonedUploads(hosts, env.store)).toEqual([
        { imageId: image.id, hostId: host.id, volume: baseVolumeName(image.id), reason: 'its owner is no longer running', result: 'removed' },
      ]);
    } finally {
      await hosts.close();
    }
    expect(await volumeNames(conn(), pool())).toEqual([baseVolumeName(other.id)]);
    expect(env.store.imageHostCache.list().map((row) => [row.imageId, row.owner])).toEqual([[other.id, live]]);
  });
});

describe('base volumes on the test driver', () => {
  it('are created empty at the virtual size, with no checksum (there is no upload)', async () => {
    const env = dataDir();
    const image = await importBootImage(env);
    const host = addLabHost(env.store, lab(), 'test-default', 'unix');
    const hosts = new OneShotHostConnections(env.store);
    const logged: string[] = [];
    const testConn = await connectLibvirt(labHost(lab(), 'test-default').unixUri);
    try {
      const base = await ensureBaseVolumeOn(hosts, host.id, image, { ...env, log: (m) => logged.push(m) });
      expect(base).toMatchObject({ pool: 'default-pool', format: 'qcow2', sha256: null, uploaded: true });
      expect(logged.join('\n')).toMatch(/test driver, which cannot upload: base volume .* created empty \(12582912 bytes\), sha256 not recorded/);
      expect(env.store.imageHostCache.get(image.id, host.id)).toMatchObject({ status: 'ready', sha256: null });
      const vol = await testConn.storage.lookupVolByName(await testConn.storage.lookupPoolByName('default-pool'), base.name);
      expect((await testConn.storage.getVolInfo(vol)).capacity).toBe(12_582_912n);
      await testConn.storage.deleteVol(vol);
    } finally {
      await hosts.close();
      await testConn.close();
    }
  });
});
