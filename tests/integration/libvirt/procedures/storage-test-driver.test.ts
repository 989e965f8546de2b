import { describe, expect, it } from 'vitest';
import { ErrorCode, StoragePoolState, StorageVolType, isLibvirtError, isNoSupport } from '../../../../main/libvirt';
import { buildVolumeXml } from '../../../../main/xml';
import { TRANSPORTS, bestEffort, freshName, useConnection } from './helpers';

describe.each(TRANSPORTS)('storage on test:///default over %s', (transport) => {
  const { conn } = useConnection('test-default', transport);

  it('lists pools and reads the built-in pool', async () => {
    const s = conn().storage;
    const pools = await s.listPools();
    expect(pools.map((p) => p.name)).toContain('default-pool');
    const pool = await s.lookupPoolByName('default-pool');
    expect(pools).toContainEqual(pool);
    const info = await s.getPoolInfo(pool);
    expect(info.state).toBe(StoragePoolState.RUNNING);
    expect(info.capacity).toBeGreaterThan(0n);
    expect(await s.getPoolXmlDesc(pool)).toContain('<name>default-pool</name>');
    await s.refreshPool(pool);
  });

  it('defines, starts, stops and undefines a pool', async () => {
    const s = conn().storage;
    const name = freshName('pool');
    const pool = await s.definePool(`<pool type='dir'><name>${name}</name><target><path>/${name}</path></target></pool>`);
    try {
      expect((await s.getPoolInfo(pool)).state).toBe(StoragePoolState.INACTIVE);
      await s.createPool(pool);
      expect((await s.getPoolInfo(pool)).state).toBe(StoragePoolState.RUNNING);
      await s.destroyPool(pool);
      expect((await s.getPoolInfo(pool)).state).toBe(StoragePoolState.INACTIVE);
    } finally {
      await bestEffort(
        () => s.destroyPool(pool),
        () => s.undefinePool(pool),
      );
    }
    const gone = await s.lookupPoolByName(name).catch((e: unknown) => e);
    expect(isLibvirtError(gone, ErrorCode.NO_STORAGE_POOL)).toBe(true);
  });

  it('creates, inspects, resizes and deletes a volume; upload is NO_SUPPORT here', async () => {
    const s = conn().storage;
    const pool = await s.lookupPoolByName('default-pool');
    const name = `${freshName('vol')}.img`;
    const vol = await s.createVolXml(pool, buildVolumeXml({ name, capacityBytes: 1n << 20n, format: 'raw' }));
    try {
      expect(vol).toMatchObject({ pool: 'default-pool', name });
      expect(await s.lookupVolByName(pool, name)).toEqual(vol);
      expect((await s.listVolumes(pool)).map((v) => v.name)).toContain(name);
      const info = await s.getVolInfo(vol);
      expect(info).toMatchObject({ type: StorageVolType.FILE, capacity: 1n << 20n });
      expect(await s.getVolXmlDesc(vol)).toContain(`<name>${name}</name>`);
      expect(await s.getVolPath(vol)).toContain(name);
      const resized = await s.resizeVol(vol, 2n << 20n).catch((e: unknown) => e);
      if (resized === undefined) expect((await s.getVolInfo(vol)).capacity).toBe(2n << 20n);
      else expect(isNoSupport(resized)).toBe(true);
      expect(isNoSupport(await s.uploadVol(vol).catch((e: unknown) => e))).toBe(true);
    } finally {
      await bestEffort(() => s.deleteVol(vol));
    }
    expect((await s.listVolumes(pool)).map((v) => v.name)).not.toContain(name);
  });

  it('clones a volume from another and finds a volume by its path', async () => {
    const s = conn().storage;
    const pool = await s.lookupPoolByName('default-pool');
    const name = `${freshName('src')}.qcow2`;
    const source = await s.createVolXml(pool, buildVolumeXml({ name, capacityBytes: 1n << 20n }));
    const cloneName = `${freshName('clone')}.qcow2`;
    try {
      const clone = await s.createVolXmlFrom(pool, buildVolumeXml({ name: cloneName, capacityBytes: 1n << 20n }), source);
      expect(clone).toMatchObject({ pool: 'default-pool', name: cloneName });
      expect((await s.getVolInfo(clone)).capacity).toBe(1n << 20n);
      expect(await s.lookupVolByPath(await s.getVolPath(source))).toEqual(source);
      const missing = await s.lookupVolByPath('/default-pool/no-such-volume').catch((e: unknown) => e);
      expect(isLibvirtError(missing, ErrorCode.NO_STORAGE_VOL)).toBe(true);
    } finally {
      await bestEffort(
        async () => s.deleteVol(await s.lookupVolByName(pool, cloneName)),
        () => s.deleteVol(source),
      );
    }
  });
});
