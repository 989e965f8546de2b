// A new ed25519 key pair made with node:crypto, the private half written in OpenSSH's own format
// (PROTOCOL.key: "openssh-key-v1", unencrypted), which ssh, ssh-keygen and ssh-add read as any key they made.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { sha256Fingerprint } from '../ssh/fingerprint';
import { SshWireWriter } from './ssh-wire';

/** A generated key pair. */
export interface GeneratedKeyPair {
  /** `ssh-ed25519 AAAA… comment`. */
  readonly publicKey: string;
  /** `-----BEGIN OPENSSH PRIVATE KEY-----…`, unencrypted: shown once, never stored. */
  readonly privateKey: string;
  readonly fingerprint: string;
}

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
/** Cipher "none" pads the private section to 8 bytes. */
const BLOCK = 8;

function wrap(base64: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += width) lines.push(base64.slice(i, i + width));
  return lines.join('\n');
}

/** Generate an ed25519 key pair; `comment` ends up in both halves, as ssh-keygen -C does. */
export function generateEd25519KeyPair(comment: string): GeneratedKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  if (pub.length !== 32 || seed.length !== 32) throw new Error('node:crypto returned an ed25519 key of an unexpected size');

  const blob = new SshWireWriter().string('ssh-ed25519').string(pub).toBuffer();
  // Two equal random words let the reader check a decryption; OpenSSH writes them for unencrypted keys too.
  const check = randomBytes(4).readUInt32BE(0);
  const section = new SshWireWriter()
    .uint32(check)
    .uint32(check)
    .string('ssh-ed25519')
    .string(pub)
    .string(Buffer.concat([seed, pub]))
    .string(comment)
    .toBuffer();
  const padding = Buffer.from(Array.from({ length: (BLOCK - (section.length % BLOCK)) % BLOCK }, (_, i) => i + 1));
  const body = new SshWireWriter()
    .raw(MAGIC)
    .string('none')
    .string('none')
    .string('')
    .uint32(1)
    .string(blob)
    .string(Buffer.concat([section, padding]))
    .toBuffer();
  const line = `ssh-ed25519 ${blob.toString('base64')}${comment === '' ? '' : ` ${comment}`}`;
  return {
    publicKey: line,
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrap(body.toString('base64'), 70)}\n-----END OPENSSH PRIVATE KEY-----\n`,
    fingerprint: sha256Fingerprint(blob),
  };
}
