// Our fingerprints and hashed known_hosts entries against OpenSSH's own tools (ssh-keygen): these start a process,
// so they live with the integration tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHostKey, parseKnownHosts, sha256Fingerprint } from '../../../main/ssh';

function newKey(): [string, string] {
  const [t, b64] = utils.generateKeyPairSync('ed25519').public.split(' ');
  return [t!, b64!];
}
const blob = (b64: string) => Buffer.from(b64, 'base64');
const dir = mkdtempSync(join(tmpdir(), 'vd-known-hosts-keygen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fingerprints', () => {
  it('match ssh-keygen -lf (SHA256, unpadded base64)', () => {
    const [type, b64] = newKey();
    const file = join(dir, 'fp.pub');
    writeFileSync(file, `${type} ${b64} test\n`);
    const keygen = execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' }).split(' ')[1];
    expect(sha256Fingerprint(blob(b64))).toBe(keygen);
  });
});

describe('known_hosts hashed by OpenSSH', () => {
  const [edType, ed] = newKey();

  it('are matched (ssh-keygen -H)', () => {
    const file = join(dir, 'to-hash');
    writeFileSync(file, `[delta]:2200 ${edType} ${ed}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('|1|')).toBe(true);
    expect(checkHostKey(parseKnownHosts(text, file), '[delta]:2200', blob(ed)).status).toBe('known');
  });

});
