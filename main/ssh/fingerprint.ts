import { createHash } from 'node:crypto';

/** OpenSSH-style fingerprint of a public key blob: `SHA256:` + base64 of the digest without padding. */
export function sha256Fingerprint(keyBlob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Key type named inside a public key blob (its first SSH string), e.g. `ssh-ed25519`. Returns null
 * for a blob too short to hold one, so a malformed key is reported rather than crashing.
 */
export function keyTypeOfBlob(keyBlob: Uint8Array): string | null {
  if (keyBlob.length < 4) return null;
  const len = ((keyBlob[0]! << 24) | (keyBlob[1]! << 16) | (keyBlob[2]! << 8) | keyBlob[3]!) >>> 0;
  if (len === 0 || len > 64 || 4 + len > keyBlob.length) return null;
  const type = Buffer.from(keyBlob.subarray(4, 4 + len)).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : null;
}
