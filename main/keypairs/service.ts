// Key pairs as Nova keeps them: a name and a public key instances may be given at boot. Adding one without a public
// key generates it here (ed25519) and hands the private key back once — it is never stored.
import { AlreadyExistsError, InvalidInputError, NotFoundError } from '../inventory/errors';
import type { KeyPairRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { validateName } from '../quota/validation';
import { generateEd25519KeyPair } from './generate';
import { parsePublicKey } from './public-key';

/** What adding a key pair takes. */
export interface AddKeyPairInput {
  readonly name: string;
  /** An OpenSSH public key line; absent: generate an ed25519 key pair. */
  readonly publicKey?: string;
}

/** A key pair just added; `privateKey` only when it was generated here (show it once, it is not kept). */
export interface AddedKeyPair {
  readonly keyPair: KeyPairRecord;
  readonly privateKey: string | null;
}

/** Key pair management. */
export interface KeyPairService {
  list(): KeyPairRecord[];
  show(name: string): KeyPairRecord;
  add(input: AddKeyPairInput): AddedKeyPair;
  /** Returns what was deleted. Instances built with it keep their key (it is in their seed). */
  delete(name: string): KeyPairRecord;
}

/** Check a key pair name: the rules of every other name (no control characters, no surrounding whitespace, ≤ 255). */
export function checkKeyPairName(name: unknown): string {
  const checked = validateName('key pair name', name);
  if (!checked.ok) throw new InvalidInputError(checked.message);
  return checked.value;
}

/** Key pairs over a store. */
export function keyPairService(store: InventoryStore): KeyPairService {
  const show = (name: string): KeyPairRecord => {
    const keyPair = store.keyPairs.get(name);
    if (keyPair === undefined) throw new NotFoundError('Key pair', name);
    return keyPair;
  };
  return {
    list: () => store.keyPairs.list(),
    show,
    add(input) {
      const name = checkKeyPairName(input.name);
      if (input.publicKey !== undefined) {
        const key = parsePublicKey(input.publicKey);
        const keyPair = store.write((repos) => repos.keyPairs.insert({ name, type: key.type, publicKey: key.line, fingerprint: key.fingerprint, comment: key.comment }));
        return { keyPair, privateKey: null };
      }
      // The name is checked against the inventory before a key is made, so a taken name costs nothing.
      if (store.keyPairs.get(name) !== undefined) throw new AlreadyExistsError('Key pair', name);
      const generated = generateEd25519KeyPair(name);
      const keyPair = store.write((repos) =>
        repos.keyPairs.insert({ name, type: 'ssh-ed25519', publicKey: generated.publicKey, fingerprint: generated.fingerprint, comment: name }),
      );
      return { keyPair, privateKey: generated.privateKey };
    },
    delete(name) {
      return store.write((repos) => {
        const keyPair = repos.keyPairs.get(name);
        if (keyPair === undefined) throw new NotFoundError('Key pair', name);
        repos.keyPairs.delete(name);
        return keyPair;
      });
    },
  };
}
