import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, parsePublicKey } from '../../../main/keypairs';
import { SshWireWriter } from '../../../main/keypairs/ssh-wire';

/** An OpenSSH public key line for a node:crypto key. */
function line(type: string, blob: Buffer, comment = 'me@test'): string {
  return `${type} ${blob.toString('base64')} ${comment}`;
}

function rsaLine(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = publicKey.export({ format: 'jwk' });
  const mpint = (b64: string) => {
    const bytes = Buffer.from(b64, 'base64url');
    return (bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  };
  return line('ssh-rsa', new SshWireWriter().string('ssh-rsa').string(mpint(jwk.e ?? '')).string(mpint(jwk.n ?? '')).toBuffer());
}

function ecdsaBlob(size: 256 | 384 | 521, mutate?: (point: Buffer) => void): Buffer {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: `P-${size}` });
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
  mutate?.(point);
  return new SshWireWriter().string(`ecdsa-sha2-nistp${size}`).string(`nistp${size}`).string(point).toBuffer();
}

describe('parsePublicKey', () => {
  it('accepts ed25519, ECDSA on the three NIST curves and RSA ≥ 2048 bits, with their sizes', () => {
    expect(parsePublicKey(generateEd25519KeyPair('a@b').publicKey)).toMatchObject({ type: 'ssh-ed25519', bits: 256, comment: 'a@b' });
    for (const size of [256, 384, 521] as const) {
      expect(parsePublicKey(line(`ecdsa-sha2-nistp${size}`, ecdsaBlob(size)))).toMatchObject({ type: `ecdsa-sha2-nistp${size}`, bits: size });
    }
    expect(parsePublicKey(`${rsaLine(2048)}\n`)).toMatchObject({ type: 'ssh-rsa', bits: 2048, comment: 'me@test' });
  });

  it('gives the fingerprint ssh-keygen prints and a normalised line', () => {
    const generated = generateEd25519KeyPair('');
    const parsed = parsePublicKey(`  ${generated.publicKey}  `);
    expect(parsed.fingerprint).toBe(generated.fingerprint);
    expect(parsed.line).toBe(generated.publicKey);
  });

  it.each([
    ['', /it is empty/],
    ['ssh-ed25519 AAAA\nssh-ed25519 BBBB', /holds 2 lines; a key pair holds one key/],
    ['garbage', /expected "<type> <base64 key> \[comment\]"/],
    ['ssh-dss AAAAB3NzaC1kc3MAAACBAP', /unsupported key type "ssh-dss"/],
    ['ssh-ed25519 !!!!', /not valid base64/],
    ['from="10.0.0.1" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA', /unsupported key type/],
  ])('refuses %j', (text, message) => {
    expect(() => parsePublicKey(text)).toThrow(message);
  });

  it('refuses a short RSA key, a security key, a point off the curve, a wrong curve name, trailing bytes', () => {
    expect(() => parsePublicKey(rsaLine(1024))).toThrow(/the RSA key has 1024 bits; at least 2048 are required/);
    const sk = new SshWireWriter().string('sk-ssh-ed25519@openssh.com').string(Buffer.alloc(32, 1)).string('ssh:').toBuffer();
    expect(() => parsePublicKey(line('sk-ssh-ed25519@openssh.com', sk))).toThrow(/not accepted for key pairs/);
    const offCurve = ecdsaBlob(256, (point) => (point[40] = (point[40] as number) ^ 1));
    expect(() => parsePublicKey(line('ecdsa-sha2-nistp256', offCurve))).toThrow(/is not a valid key/);
    const wrongCurve = new SshWireWriter().string('ecdsa-sha2-nistp256').string('nistp384').string(Buffer.alloc(65, 4)).toBuffer();
    expect(() => parsePublicKey(line('ecdsa-sha2-nistp256', wrongCurve))).toThrow(/names curve "nistp384", not nistp256/);
    const ed = new SshWireWriter().string('ssh-ed25519').string(Buffer.alloc(32, 9)).string('x').toBuffer();
    expect(() => parsePublicKey(line('ssh-ed25519', ed))).toThrow(/trailing bytes/);
    const short = new SshWireWriter().string('ssh-ed25519').string(Buffer.alloc(16)).toBuffer();
    expect(() => parsePublicKey(line('ssh-ed25519', short))).toThrow(/must hold 32 bytes/);
  });
});

describe('generateEd25519KeyPair', () => {
  it('writes an unencrypted OpenSSH private key holding the same public key', () => {
    const generated = generateEd25519KeyPair('vd@test');
    expect(generated.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,70}\n)+-----END OPENSSH PRIVATE KEY-----\n$/);
    const body = Buffer.from(generated.privateKey.split('\n').slice(1, -2).join(''), 'base64');
    expect(body.subarray(0, 15).toString('latin1')).toBe('openssh-key-v1\0');
    const blob = Buffer.from(generated.publicKey.split(' ')[1] ?? '', 'base64');
    expect(body.includes(blob)).toBe(true);
    expect(generated.publicKey.endsWith(' vd@test')).toBe(true);
  });
});
