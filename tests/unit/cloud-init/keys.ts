// OpenSSH public key lines made in-process (unit tests start no ssh-keygen).
import { createHash, generateKeyPairSync } from 'node:crypto';

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A fresh ed25519 public key as an authorized_keys line, with its OpenSSH SHA256 fingerprint. */
export function ed25519KeyLine(comment = 'user@example'): { line: string; base64: string; fingerprint: string } {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(raw)]);
  const base64 = blob.toString('base64');
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { line: comment === '' ? `ssh-ed25519 ${base64}` : `ssh-ed25519 ${base64} ${comment}`, base64, fingerprint };
}

/** A blob claiming `type` with arbitrary key bytes (the parser checks the type, not the maths). */
export function blobLine(outerType: string, innerType: string): string {
  return `${outerType} ${Buffer.concat([sshString(Buffer.from(innerType)), sshString(Buffer.alloc(32, 7))]).toString('base64')} c`;
}
