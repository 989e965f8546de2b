import { keyTypeOfBlob, sha256Fingerprint } from '../ssh/fingerprint';
import { CloudInitInputError } from './errors';

/** Key types OpenSSH accepts in authorized_keys today (DSA was removed in OpenSSH 9.8). */
export const SSH_KEY_TYPES: ReadonlySet<string> = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/** Longest key line accepted: a 16384-bit RSA key is about 2.8 KB, so this leaves room for a long comment. */
export const MAX_KEY_LINE_BYTES = 8 * 1024;
/** Longest comment accepted. */
export const MAX_KEY_COMMENT_LENGTH = 1024;

/** An OpenSSH public key line, checked and taken apart. */
export interface SshPublicKey {
  /** e.g. `ssh-ed25519`. */
  readonly type: string;
  /** The base64 key blob as written. */
  readonly base64: string;
  /** Free text after the blob ('' if none). */
  readonly comment: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
  /** The line normalised to `type base64[ comment]`. */
  readonly line: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Whether `text` holds a control character or a Unicode line separator (YAML would break the line there). */
function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

/**
 * Parse one OpenSSH public key line (`ssh-ed25519 AAAA… comment`, as in a `.pub` file). Refuses
 * authorized_keys options, unknown or mismatched key types, broken base64, control characters and
 * oversized input, naming `field` in the error.
 */
export function parseSshPublicKey(text: string, field: string): SshPublicKey {
  const fail = (why: string): never => {
    throw new CloudInitInputError(field, `${field}: ${why}`);
  };
  const line = text.trim();
  if (Buffer.byteLength(line, 'utf8') > MAX_KEY_LINE_BYTES) fail(`the key line is longer than ${MAX_KEY_LINE_BYTES} bytes`);
  if (hasControlCharacter(line)) fail('the key must be one line without control characters');
  const match = /^(\S+)\s+(\S+)(?:\s+(.*))?$/.exec(line);
  if (match === null) fail('expected "<type> <base64 key> [comment]", e.g. "ssh-ed25519 AAAAC3Nz… user@host"');
  const [, type = '', base64 = '', rest = ''] = match ?? [];
  if (!SSH_KEY_TYPES.has(type)) {
    fail(`unsupported key type ${JSON.stringify(type.slice(0, 40))} (accepted: ${[...SSH_KEY_TYPES].join(', ')}; authorized_keys options are not accepted)`);
  }
  if (!BASE64.test(base64) || base64.length % 4 !== 0) fail('the key data is not valid base64');
  const blob = Buffer.from(base64, 'base64');
  if (blob.toString('base64') !== base64) fail('the key data is not valid base64');
  const inner = keyTypeOfBlob(blob);
  if (inner !== type) fail(`the key data is a ${inner === null ? 'malformed key' : JSON.stringify(inner)} key, not ${JSON.stringify(type)}`);
  const comment = rest.trim();
  if (comment.length > MAX_KEY_COMMENT_LENGTH) fail(`the comment is longer than ${MAX_KEY_COMMENT_LENGTH} characters`);
  return { type, base64, comment, fingerprint: sha256Fingerprint(blob), line: comment === '' ? `${type} ${base64}` : `${type} ${base64} ${comment}` };
}
