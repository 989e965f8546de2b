import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, keyPairService } from '../../../main/keypairs';
import { AlreadyExistsError, InvalidInputError, NotFoundError } from '../../../main/inventory/errors';
import { useTempStore } from '../inventory/helpers';

const openStore = useTempStore();

describe('keyPairService', () => {
  it('adds a given public key, lists, shows and deletes it', () => {
    const service = keyPairService(openStore());
    const key = generateEd25519KeyPair('alice@laptop');
    const added = service.add({ name: 'alice', publicKey: key.publicKey });
    expect(added).toEqual({ keyPair: expect.objectContaining({ name: 'alice', type: 'ssh-ed25519', publicKey: key.publicKey, fingerprint: key.fingerprint, comment: 'alice@laptop' }), privateKey: null });
    expect(service.list().map((k) => k.name)).toEqual(['alice']);
    expect(service.show('alice').fingerprint).toBe(key.fingerprint);
    expect(service.delete('alice').name).toBe('alice');
    expect(() => service.show('alice')).toThrow(NotFoundError);
    expect(() => service.delete('alice')).toThrow(NotFoundError);
  });

  it('generates an ed25519 key pair when no key is given and returns the private key once', () => {
    const service = keyPairService(openStore());
    const added = service.add({ name: 'gen' });
    expect(added.privateKey).toMatch(/BEGIN OPENSSH PRIVATE KEY/);
    expect(added.keyPair).toMatchObject({ type: 'ssh-ed25519', comment: 'gen' });
    expect(JSON.stringify(service.show('gen'))).not.toMatch(/PRIVATE/);
  });

  it('refuses taken and bad names, and bad keys', () => {
    const service = keyPairService(openStore());
    service.add({ name: 'taken' });
    expect(() => service.add({ name: 'taken' })).toThrow(AlreadyExistsError);
    expect(() => service.add({ name: 'taken', publicKey: generateEd25519KeyPair('').publicKey })).toThrow(AlreadyExistsError);
    expect(() => service.add({ name: 'bad\u001b[2J' })).toThrow(/key pair name must not contain control characters/);
    expect(() => service.add({ name: '' })).toThrow(InvalidInputError);
    expect(() => service.add({ name: 'x', publicKey: 'ssh-rsa AAAA' })).toThrow(/Invalid public key/);
  });
});
