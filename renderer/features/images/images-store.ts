import type { ArgsOf, ResultOf } from '../../../common/contract/channels';
import { backend } from '../../shared/backend/current-backend';
import { createActionStore } from '../../shared/stores/action-store';
import { createListStore } from '../../shared/stores/list-store';

/** The images (`images.list`). */
export const useImagesStore = createListStore('images.list');

/** Importing and deleting images. */
export const useImageActions = createActionStore();

/** What the import form sends. */
export type ImportImageInput = ArgsOf<'images.import'>;

/** Import a file on the machine main runs on; the list is reloaded after. Resolves to main's notes, or null on failure. */
export async function importImage(input: ImportImageInput): Promise<ResultOf<'images.import'> | null> {
  const imported = await useImageActions.getState().run('import', () => backend().call('images.import', input));
  if (imported !== null) await useImagesStore.getState().load();
  return imported;
}

/** Delete an image by id; the list is reloaded after. Resolves to what main did (base volumes removed or kept), or null. */
export async function deleteImage(id: string): Promise<ResultOf<'images.delete'> | null> {
  const deleted = await useImageActions.getState().run(`delete:${id}`, () => backend().call('images.delete', { ref: id }));
  if (deleted !== null) await useImagesStore.getState().load();
  return deleted;
}
