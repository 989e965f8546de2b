import { describe, expect, it } from 'vitest';
import { CloudInitInputError } from '../../../main/cloud-init/errors';
import { parseSshPublicKey } from '../../../main/cloud-init/ssh-public-key';
import { blobLine, ed25519KeyLine } from './keys';

describe('parseSshPublicKey', () => {
  it('takes apart a .pub line and computes the OpenSSH fingerprint', () => {
    const key = ed25519KeyLine('alice@laptop  with spaces');
    expect(parseSshPublicKey(`  ${key.line}\n`, 'k')).toEqual({
      type: 'ssh-ed25519',
      base64: key.base64,
      comment: 'alice@laptop  with spaces',
      fingerprint: key.fingerprint,
      line: key.line,
    });
  });

  it('accepts a key without a comment', () => {
    const key = ed25519KeyLine('');
    expect(parseSshPublicKey(key.line, 'k')).toMatchObject({ comment: '', line: key.line });
  });

  it('accepts the other OpenSSH key types when the blob matches', () => {
    for (const type of ['ssh-rsa', 'ecdsa-sha2-nistp256', 'sk-ssh-ed25519@openssh.com']) expect(parseSshPublicKey(blobLine(type, type), 'k').type).toBe(type);
  });

  it('refuses what cloud-init or sshd would choke on, naming the field', () => {
    const good = ed25519KeyLine().line;
    const cases: [string, RegExp][] = [
      ['', /expected "<type> <base64 key> \[comment\]"/],
      ['ssh-ed25519', /expected/],
      [`ssh-dss ${good.split(' ')[1] ?? ''}`, /unsupported key type "ssh-dss"/],
      [`command="x" ${good}`, /unsupported key type .*options are not accepted/],
      ['ssh-ed25519 AAAA$$$$ c', /not valid base64/],
      ['ssh-ed25519 AAAAC3Nza c', /not valid base64/],
      [blobLine('ssh-ed25519', 'ssh-rsa'), /is a "ssh-rsa" key, not "ssh-ed25519"/],
      ['ssh-ed25519 AAAA c', /malformed key/],
      [`${good}\nssh-ed25519 AAAA`, /one line without control characters/],
      [`${good} \u2028evil`, /control characters/],
      [`${good} ${'c'.repeat(1100)}`, /comment is longer than 1024/],
      [`ssh-ed25519 ${'A'.repeat(9000)}`, /longer than 8192 bytes/],
    ];
    for (const [line, message] of cases) {
      let caught: unknown;
      try {
        parseSshPublicKey(line, 'sshAuthorizedKeys[3]');
      } catch (error) {
        caught = error;
      }
      expect(caught, line).toBeInstanceOf(CloudInitInputError);
      expect((caught as CloudInitInputError).field).toBe('sshAuthorizedKeys[3]');
      expect((caught as Error).message).toMatch(/^sshAuthorizedKeys\[3\]: /);
      expect((caught as Error).message, line).toMatch(message);
    }
  });
});
