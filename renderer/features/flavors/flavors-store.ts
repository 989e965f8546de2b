import type { CreateFlavorArgs } from '../../../common/contract/admin-schemas';
import type { ResultOf } from '../../../common/contract/channels';
import { backend } from '../../shared/backend/current-backend';
import { createActionStore } from '../../shared/stores/action-store';
import { createListStore } from '../../shared/stores/list-store';

/** The flavors (`flavors.list`). */
export const useFlavorsStore = createListStore('flavors.list');

/** Creating and deleting flavors. */
export const useFlavorActions = createActionStore();

/** The create form's fields, as typed. */
export interface FlavorFields {
  readonly name: string;
  readonly vcpus: string;
  readonly ramMiB: string;
  readonly diskGiB: string;
  readonly ephemeralGiB: string;
  readonly swapMiB: string;
  readonly isPublic: boolean;
  readonly description: string;
}

/** The form's fields → `flavors.create` arguments, or the problem of each field that is wrong (Nova's bounds). */
export function flavorArgs(fields: FlavorFields): { readonly ok: true; readonly args: CreateFlavorArgs } | { readonly ok: false; readonly problems: Partial<Record<keyof FlavorFields, string>> } {
  const problems: Partial<Record<keyof FlavorFields, string>> = {};
  const whole = (key: 'vcpus' | 'ramMiB' | 'diskGiB' | 'ephemeralGiB' | 'swapMiB', min: number, optional: boolean): number | undefined => {
    const text = fields[key].trim();
    if (text === '' && optional) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > 2_147_483_647) {
      problems[key] = `A whole number ≥ ${min}`;
      return undefined;
    }
    return Number(text);
  };
  const name = fields.name.trim();
  if (name === '') problems.name = 'A name, such as m1.small';
  const vcpus = whole('vcpus', 1, false);
  const ramMiB = whole('ramMiB', 1, false);
  const diskGiB = whole('diskGiB', 0, false);
  const ephemeralGiB = whole('ephemeralGiB', 0, true);
  const swapMiB = whole('swapMiB', 0, true);
  if (Object.keys(problems).length > 0 || vcpus === undefined || ramMiB === undefined || diskGiB === undefined) return { ok: false, problems };
  return {
    ok: true,
    args: {
      name,
      vcpus,
      ramMiB,
      diskGiB,
      ...(ephemeralGiB === undefined ? {} : { ephemeralGiB }),
      ...(swapMiB === undefined ? {} : { swapMiB }),
      isPublic: fields.isPublic,
      ...(fields.description.trim() === '' ? {} : { description: fields.description.trim() }),
    },
  };
}

/** Create a flavor; the list is reloaded after. */
export async function createFlavor(args: CreateFlavorArgs): Promise<ResultOf<'flavors.create'> | null> {
  const created = await useFlavorActions.getState().run('create', () => backend().call('flavors.create', args));
  if (created !== null) await useFlavorsStore.getState().load();
  return created;
}

/** Delete a flavor by id (instances built from it keep their copy, as in Nova); the list is reloaded after. */
export async function deleteFlavor(id: string): Promise<boolean> {
  const deleted = await useFlavorActions.getState().run(`delete:${id}`, () => backend().call('flavors.delete', { ref: id }));
  if (deleted !== null) await useFlavorsStore.getState().load();
  return deleted !== null;
}
