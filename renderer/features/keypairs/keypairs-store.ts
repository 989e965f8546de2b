import type { ResultOf } from '../../../common/contract/channels';
import { backend } from '../../shared/backend/current-backend';
import { createActionStore } from '../../shared/stores/action-store';
import { createListStore } from '../../shared/stores/list-store';

/** The key pairs (`keypairs.list`). */
export const useKeyPairsStore = createListStore('keypairs.list');

/** Adding and deleting key pairs. */
export const useKeyPairActions = createActionStore();

/**
 * Add a key pair: import an OpenSSH public key, or (no key given) have main generate one, whose private key comes back
 * once and is kept nowhere. The list is reloaded after. Resolves to main's answer, or null on failure.
 */
export async function addKeyPair(name: string, publicKey: string): Promise<ResultOf<'keypairs.add'> | null> {
  const args = publicKey.trim() === '' ? { name } : { name, publicKey: publicKey.trim() };
  const added = await useKeyPairActions.getState().run('add', () => backend().call('keypairs.add', args));
  if (added !== null) await useKeyPairsStore.getState().load();
  return added;
}

/** Delete a key pair by name; the list is reloaded after. */
export async function deleteKeyPair(name: string): Promise<boolean> {
  const deleted = await useKeyPairActions.getState().run(`delete:${name}`, () => backend().call('keypairs.delete', { name }));
  if (deleted !== null) await useKeyPairsStore.getState().load();
  return deleted !== null;
}
