// Key pairs: OpenSSH public keys by name (Nova's key pairs), checked on the way in, or generated here (ed25519).
export { generateEd25519KeyPair, type GeneratedKeyPair } from './generate';
export { KEY_PAIR_TYPES, MIN_RSA_BITS, parsePublicKey, type ParsedPublicKey } from './public-key';
export { checkKeyPairName, keyPairService, type AddedKeyPair, type AddKeyPairInput, type KeyPairService } from './service';
