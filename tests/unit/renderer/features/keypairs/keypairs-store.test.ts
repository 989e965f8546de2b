import { beforeEach, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '../../../../../main/keypairs';
import { addKeyPair, deleteKeyPair, useKeyPairActions, useKeyPairsStore } from '../../../../../renderer/features/keypairs/keypairs-store';
import { resetStore, useMainBackend } from '../../main-backend';

// The Key pairs screen's store against main's real key pair service.
const start = useMainBackend();

describe('key pairs store', () => {
  beforeEach(() => {
    resetStore(useKeyPairsStore);
    resetStore(useKeyPairActions);
  });

  it('imports a public key, generates another (private key returned once), lists and deletes them', async () => {
    start();
    const key = generateEd25519KeyPair('ops@laptop');
    expect(await addKeyPair('vd-mine', `  ${key.publicKey}\n`)).toMatchObject({ keyPair: { name: 'vd-mine', fingerprint: key.fingerprint }, privateKey: null });
    const generated = await addKeyPair('vd-fresh', '');
    expect(generated?.privateKey).toMatch(/BEGIN OPENSSH PRIVATE KEY/);
    expect(useKeyPairsStore.getState().rows?.map((k) => k.name)).toEqual(['vd-fresh', 'vd-mine']);
    expect(await deleteKeyPair('vd-mine')).toBe(true);
    expect(useKeyPairsStore.getState().rows?.map((k) => k.name)).toEqual(['vd-fresh']);
  });

  it('keeps main\'s reason for a bad key or a taken name', async () => {
    start();
    expect(await addKeyPair('vd-bad', 'ssh-dss AAAA')).toBeNull();
    expect(useKeyPairActions.getState().errors.has('add')).toBe(true);
    await addKeyPair('vd-taken', '');
    expect(await addKeyPair('vd-taken', '')).toBeNull();
    expect(useKeyPairActions.getState().errors.get('add')).toMatch(/already exists/);
    expect(await deleteKeyPair('vd-none')).toBe(false);
    expect(useKeyPairActions.getState().errors.has('delete:vd-none')).toBe(true);
  });
});
