// Key pairs against OpenSSH itself: keys ssh-keygen makes are accepted with the fingerprint `ssh-keygen -l` prints,
// keys it refuses to make (RSA 1024) or cannot use are refused, and the private key we generate is one
// `ssh-keygen -y` reads back to the very public key we stored.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, parsePublicKey } from '../../../main/keypairs';
import { run } from '../../lab/exec';

const KEYGEN = '/usr/bin/ssh-keygen';
const dir = mkdtempSync(join(tmpdir(), 'vd-keypairs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function keygenFingerprint(pubFile: string): Promise<string> {
  const [, fingerprint = ''] = (await run(KEYGEN, ['-l', '-E', 'sha256', '-f', pubFile])).stdout.trim().split(' ');
  return fingerprint;
}

describe('key pairs and OpenSSH', () => {
  it.each([
    ['ed25519', []],
    ['ecdsa', ['-b', '256']],
    ['ecdsa', ['-b', '384']],
    ['ecdsa', ['-b', '521']],
    ['rsa', ['-b', '2048']],
    ['rsa', ['-b', '3072']],
  ])('accepts an ssh-keygen %s key %j with the fingerprint ssh-keygen prints', async (type, bits) => {
    const path = join(dir, `${type}${bits.join('')}`);
    await run(KEYGEN, ['-q', '-t', type, ...bits, '-N', '', '-C', 'tester@vd', '-f', path]);
    const parsed = parsePublicKey(readFileSync(`${path}.pub`, 'utf8'));
    expect(parsed.fingerprint).toBe(await keygenFingerprint(`${path}.pub`));
    expect(parsed.comment).toBe('tester@vd');
    expect(parsed.bits).toBe(bits.length === 0 ? 256 : Number(bits[1]));
  });

  it('generates a private key that ssh-keygen -y reads back to the stored public key, with the same fingerprint', async () => {
    const generated = generateEd25519KeyPair('vd-generated');
    const path = join(dir, 'generated');
    writeFileSync(path, generated.privateKey);
    chmodSync(path, 0o600);
    const derived = (await run(KEYGEN, ['-y', '-f', path])).stdout.trim();
    expect(derived).toBe(generated.publicKey);
    writeFileSync(`${path}.pub`, `${generated.publicKey}\n`);
    expect(await keygenFingerprint(`${path}.pub`)).toBe(generated.fingerprint);
    // ssh-keygen's view of the private file: an ed25519 key with our comment and fingerprint.
    expect((await run(KEYGEN, ['-l', '-f', path])).stdout).toContain(`${generated.fingerprint} vd-generated (ED25519)`);
  });
});
