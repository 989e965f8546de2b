import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteImage, importImage, useImageActions, useImagesStore } from '../../../../../renderer/features/images/images-store';
import { resetStore, useMainBackend } from '../../main-backend';

// The Images screen's store against main's real image service (a temporary data directory, in process).
const start = useMainBackend();

describe('images store', () => {
  beforeEach(() => {
    resetStore(useImagesStore);
    resetStore(useImageActions);
  });

  it('imports a file from the machine main runs on, lists it, and deletes it', async () => {
    const fx = start();
    const path = join(fx.inventory.dataDir, 'disk.raw');
    writeFileSync(path, Buffer.alloc(1024 * 1024, 1));
    const imported = await importImage({ path, name: 'vd-disk', osType: 'linux' });
    expect(imported).toMatchObject({ image: { name: 'vd-disk', diskFormat: 'raw', sizeBytes: 1024 * 1024, properties: { os_type: 'linux' } } });
    expect(useImagesStore.getState().rows?.map((i) => i.name)).toEqual(['vd-disk']);
    expect(useImageActions.getState().busy.size).toBe(0);
    expect(useImageActions.getState().errors.size).toBe(0);

    const id = imported?.image.id ?? '';
    expect(await deleteImage(id)).toMatchObject({ name: 'vd-disk', instances: 0 });
    expect(useImagesStore.getState().rows).toEqual([]);
  });

  it('keeps main\'s reason when an import is refused, keyed to the import, and lists nothing new', async () => {
    const fx = start();
    expect(await importImage({ path: join(fx.inventory.dataDir, 'missing.qcow2'), name: 'nope' })).toBeNull();
    expect(useImageActions.getState().errors.get('import')).toMatch(/Cannot read image file/);
    expect(useImagesStore.getState().rows).toBeNull();
    expect(await deleteImage('no-such-image')).toBeNull();
    expect(useImageActions.getState().errors.has('delete:no-such-image')).toBe(true);
  });
});
