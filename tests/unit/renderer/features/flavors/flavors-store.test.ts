import { beforeEach, describe, expect, it } from 'vitest';
import { createFlavor, deleteFlavor, flavorArgs, useFlavorActions, useFlavorsStore, type FlavorFields } from '../../../../../renderer/features/flavors/flavors-store';
import { resetStore, useMainBackend } from '../../main-backend';

// The Flavors screen's store against main's real flavor service.
const start = useMainBackend();
const fields: FlavorFields = { name: ' vd.small ', vcpus: '2', ramMiB: '2048', diskGiB: '20', ephemeralGiB: '', swapMiB: '512', isPublic: true, description: '' };

describe('flavors store', () => {
  beforeEach(() => {
    resetStore(useFlavorsStore);
    resetStore(useFlavorActions);
  });

  it('turns the form into arguments, naming each wrong field', () => {
    expect(flavorArgs(fields)).toEqual({ ok: true, args: { name: 'vd.small', vcpus: 2, ramMiB: 2048, diskGiB: 20, swapMiB: 512, isPublic: true } });
    expect(flavorArgs({ ...fields, name: ' ', vcpus: '0', ramMiB: 'lots', ephemeralGiB: '-1' })).toEqual({
      ok: false,
      problems: { name: 'A name, such as m1.small', vcpus: 'A whole number ≥ 1', ramMiB: 'A whole number ≥ 1', ephemeralGiB: 'A whole number ≥ 0' },
    });
  });

  it('creates a flavor and deletes it; a duplicate keeps main\'s reason', async () => {
    start();
    const args = flavorArgs(fields);
    if (!args.ok) throw new Error('fields refused');
    const created = await createFlavor(args.args);
    expect(created).toMatchObject({ name: 'vd.small', vcpus: 2, swapMiB: 512 });
    expect(useFlavorsStore.getState().rows?.some((f) => f.name === 'vd.small')).toBe(true);
    expect(await createFlavor(args.args)).toBeNull();
    expect(useFlavorActions.getState().errors.get('create')).toMatch(/already exists/);
    expect(await deleteFlavor(created?.id ?? '')).toBe(true);
    expect(useFlavorsStore.getState().rows?.some((f) => f.name === 'vd.small')).toBe(false);
  });
});
