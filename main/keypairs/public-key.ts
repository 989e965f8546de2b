// OpenSSH public keys for key pairs: the line is taken apart by the cloud-init layer's parser (the same rules the
// seed applies), then the key blob itself is decoded and handed to node:crypto, so a blob that merely *looks* right
// (a point off the curve, a short RSA modulus, trailing junk) is refused when it is added, not at first boot.
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { CloudInitInputError } from '../cloud-init/errors';
import { parseSshPublicKey } from '../cloud-init/ssh-public-key';
import { InvalidInputError } from '../inventory/errors';
import { SshWireReader } from './ssh-wire';

/** Key types a key pair may hold (DSA and security-key types are refused). */
export const KEY_PAIR_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'] as const;

/** Smallest RSA modulus accepted (OpenSSH's RequiredRSASize default). */
export const MIN_RSA_BITS = 2048;

/** A public key ready to store. */
export interface ParsedPublicKey {
  readonly type: (typeof KEY_PAIR_TYPES)[number];
  /** `type base64[ comment]`. */
  readonly line: string;
  readonly comment: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
  /** Key size in bits (256 for ed25519, the curve size for ECDSA, the modulus for RSA). */
  readonly bits: number;
}

const CURVES: Readonly<Record<string, { readonly curve: string; readonly jwk: string; readonly coordinate: number; readonly bits: number }>> = {
  'ecdsa-sha2-nistp256': { curve: 'nistp256', jwk: 'P-256', coordinate: 32, bits: 256 },
  'ecdsa-sha2-nistp384': { curve: 'nistp384', jwk: 'P-384', coordinate: 48, bits: 384 },
  'ecdsa-sha2-nistp521': { curve: 'nistp521', jwk: 'P-521', coordinate: 66, bits: 521 },
};

const fail = (why: string): never => {
  throw new InvalidInputError(`Invalid public key: ${why}`);
};

const b64url = (bytes: Buffer): string => bytes.toString('base64url');

/** An mpint as unsigned big-endian bytes (its sign byte dropped); null when negative. */
function unsignedMpint(bytes: Buffer): Buffer | null {
  if (bytes.length > 0 && (bytes[0] as number) & 0x80) return null;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/** Decode the blob and check it with node:crypto; returns the key size in bits. */
function checkBlob(type: string, blob: Buffer): number {
  const reader = new SshWireReader(blob);
  reader.text();
  let jwk: JsonWebKey;
  let bits: number;
  if (type === 'ssh-ed25519') {
    const key = reader.field();
    if (key === null || key.length !== 32) return fail('an ssh-ed25519 key must hold 32 bytes');
    jwk = { kty: 'OKP', crv: 'Ed25519', x: b64url(key) };
    bits = 256;
  } else if (type === 'ssh-rsa') {
    const e = reader.field();
    const n = reader.field();
    const exponent = e === null ? null : unsignedMpint(e);
    const modulus = n === null ? null : unsignedMpint(n);
    if (exponent === null || modulus === null) return fail('the ssh-rsa key data is malformed');
    bits = modulus.length * 8 - Math.clz32(modulus[0] as number) + 24;
    if (bits < MIN_RSA_BITS) fail(`the RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required`);
    jwk = { kty: 'RSA', n: b64url(modulus), e: b64url(exponent) };
  } else {
    const spec = CURVES[type] ?? fail(`unsupported key type ${type}`);
    const curve = reader.text();
    if (curve !== spec.curve) return fail(`the ${type} key names curve ${JSON.stringify(curve)}, not ${spec.curve}`);
    const point = reader.field();
    if (point === null || point.length !== 1 + 2 * spec.coordinate || point[0] !== 0x04) return fail(`the ${type} key's point is malformed (an uncompressed point is expected)`);
    jwk = { kty: 'EC', crv: spec.jwk, x: b64url(point.subarray(1, 1 + spec.coordinate)), y: b64url(point.subarray(1 + spec.coordinate)) };
    bits = spec.bits;
  }
  if (!reader.done) fail('the key data has trailing bytes');
  try {
    createPublicKey({ key: jwk, format: 'jwk' });
  } catch (error) {
    fail(`the ${type} key is not a valid key (${error instanceof Error ? error.message : String(error)})`);
  }
  return bits;
}

/**
 * Parse one OpenSSH public key (a `.pub` file's line) for a key pair: one of {@link KEY_PAIR_TYPES}, RSA of at least
 * {@link MIN_RSA_BITS} bits, a blob node:crypto accepts; refused otherwise with the reason (InvalidInputError).
 */
export function parsePublicKey(text: string): ParsedPublicKey {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) fail('it is empty');
  if (lines.length > 1) fail(`it holds ${lines.length} lines; a key pair holds one key`);
  let parsed;
  try {
    parsed = parseSshPublicKey(lines[0] as string, 'public key');
  } catch (error) {
    if (error instanceof CloudInitInputError) fail(error.message.replace(/^public key: /, ''));
    throw error;
  }
  if (!(KEY_PAIR_TYPES as readonly string[]).includes(parsed.type)) {
    fail(`key type ${parsed.type} is not accepted for key pairs (accepted: ${KEY_PAIR_TYPES.join(', ')})`);
  }
  const bits = checkBlob(parsed.type, Buffer.from(parsed.base64, 'base64'));
  return { type: parsed.type as ParsedPublicKey['type'], line: parsed.line, comment: parsed.comment, fingerprint: parsed.fingerprint, bits };
}
