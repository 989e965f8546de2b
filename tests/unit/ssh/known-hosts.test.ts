import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkHostKey,
  hostKeyNames,
  HostKeyMismatchError,
  HostKeyRevokedError,
  HostKeyVerifier,
  keyTypeOfBlob,
  knownHostsName,
  parseKnownHosts,
  PromptDeclinedError,
  resolveSshTarget,
  sha256Fingerprint,
  UnknownHostKeyError,
} from '../../../main/ssh';

/** A fresh public key: [type, base64 blob]. */
function newKey(type: 'ed25519' | 'ecdsa' | 'ecdsa384' = 'ed25519'): [string, string] {
  const { public: line } =
    type === 'ed25519' ? utils.generateKeyPairSync('ed25519') : utils.generateKeyPairSync('ecdsa', { bits: type === 'ecdsa' ? 256 : 384 });
  const [t, b64] = line.split(' ');
  return [t!, b64!];
}
const blob = (b64: string) => Buffer.from(b64, 'base64');
/** A `|1|salt|hash` host field, computed the way OpenSSH does (HMAC-SHA1 keyed by the salt). */
function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const dir = mkdtempSync(join(tmpdir(), 'vd-known-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** An ssh_config giving `lab1` a HostName and a HostKeyAlias. */
const aliasConfig = join(dir, 'ssh_config');
writeFileSync(aliasConfig, 'Host lab1\n  HostName 127.0.0.1\n  HostKeyAlias lab-one\n');
const aliasEnv = { sshConfigFile: aliasConfig, homeDir: dir, localUser: 'me', agentSocket: null };

describe('key types', () => {
  it('are read from the key blob; garbage has none', () => {
    const [, b64] = newKey();
    expect(keyTypeOfBlob(blob(b64))).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(Buffer.from([0, 0]))).toBeNull();
    expect(keyTypeOfBlob(Buffer.from([0xff, 0xff, 0xff, 0xff, 1]))).toBeNull();
  });
});

describe('known_hosts matching', () => {
  const [edType, ed] = newKey();
  const [ecType, ec] = newKey('ecdsa');
  const [, other] = newKey();

  it('uses [host]:port for non-22 ports', () => {
    expect(knownHostsName('h', 22)).toBe('h');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('finds plain, comma-listed, wildcard and bracketed entries', () => {
    const entries = parseKnownHosts(
      [`alpha,beta.example ${edType} ${ed}`, `*.lab ${ecType} ${ec}`, `[127.0.0.1]:2222 ${edType} ${ed}`].join('\n'),
      'kh',
    );
    expect(checkHostKey(entries, 'beta.example', blob(ed)).status).toBe('known');
    expect(checkHostKey(entries, 'BETA.example', blob(ed)).status).toBe('known');
    expect(checkHostKey(entries, 'node1.lab', blob(ec)).status).toBe('known');
    expect(checkHostKey(entries, '[127.0.0.1]:2222', blob(ed)).status).toBe('known');
    // Port 22's plain entry is not the port-2222 entry and vice versa.
    expect(checkHostKey(entries, '127.0.0.1', blob(ed)).status).toBe('unknown');
  });

  it('matches hashed entries generated with HMAC-SHA1', () => {
    const entries = parseKnownHosts(`${hashed('[10.0.0.5]:2222')} ${edType} ${ed}\n${hashed('gamma')} ${edType} ${ed}`, 'kh');
    expect(entries).toHaveLength(2);
    expect(checkHostKey(entries, '[10.0.0.5]:2222', blob(ed)).status).toBe('known');
    expect(checkHostKey(entries, 'gamma', blob(ed)).status).toBe('known');
    expect(checkHostKey(entries, '10.0.0.5', blob(ed)).status).toBe('unknown');
  });

  it('reports a different key of the same type as a mismatch naming file:line', () => {
    const entries = parseKnownHosts(`# comment\n\nalpha ${edType} ${other}\n`, '/x/known_hosts');
    const r = checkHostKey(entries, 'alpha', blob(ed));
    expect(r.status).toBe('mismatch');
    expect(r.status === 'mismatch' && r.entry.source).toBe('/x/known_hosts:3');
  });

  it('reports a key of another type than the one recorded as changed, as OpenSSH does', () => {
    // ed25519 presented, nistp256 on file: OpenSSH says HOST_CHANGED and refuses even under accept-new.
    const entries = parseKnownHosts(`alpha ${ecType} ${ec}`, 'kh');
    const r = checkHostKey(entries, 'alpha', blob(ed));
    expect(r.status).toBe('mismatch');
    expect(r.status === 'mismatch' && r.entry.keyType).toBe('ecdsa-sha2-nistp256');
    // nistp384 presented, nistp256 on file: another curve is another key.
    const [, ec384] = newKey('ecdsa384');
    expect(checkHostKey(entries, 'alpha', blob(ec384)).status).toBe('mismatch');
  });

  it('names the recorded key of the presented type when several are on file', () => {
    const entries = parseKnownHosts(`alpha ${ecType} ${ec}\nalpha ${edType} ${other}`, 'kh');
    const r = checkHostKey(entries, 'alpha', blob(ed));
    expect(r.status === 'mismatch' && r.entry.source).toBe('kh:2');
  });

  it('falls back to the bare host on another port only for the very key presented', () => {
    const entries = parseKnownHosts(`lab1 ${edType} ${ed}`, 'kh');
    const names = hostKeyNames('lab1', 2222);
    expect(names).toEqual({ primary: '[lab1]:2222', bareFallback: 'lab1' });
    expect(checkHostKey(entries, names, blob(ed)).status).toBe('known');
    // A different key under the bare name proves nothing either way: unknown, not changed.
    expect(checkHostKey(entries, names, blob(other)).status).toBe('unknown');
    // The [host]:port entry decides when there is one.
    const both = parseKnownHosts(`lab1 ${edType} ${ed}\n[lab1]:2222 ${edType} ${other}`, 'kh');
    expect(checkHostKey(both, names, blob(ed)).status).toBe('mismatch');
    expect(hostKeyNames('lab1', 22)).toEqual({ primary: 'lab1', bareFallback: null });
  });

  it('looks a HostKeyAlias (port 22 in the target) up as written, without port and without fallback', () => {
    const target = resolveSshTarget({ host: 'lab1', port: 2222 }, aliasEnv);
    expect(target).toMatchObject({ host: '127.0.0.1', port: 2222, hostKeyHost: 'lab-one', hostKeyPort: 22 });
    const names = hostKeyNames(target.hostKeyHost, target.hostKeyPort);
    expect(names).toEqual({ primary: 'lab-one', bareFallback: null });
    expect(checkHostKey(parseKnownHosts(`lab-one ${edType} ${ed}`, 'kh'), names, blob(ed)).status).toBe('known');
    expect(checkHostKey(parseKnownHosts(`[lab-one]:2222 ${edType} ${ed}`, 'kh'), names, blob(ed)).status).toBe('unknown');
    expect(checkHostKey(parseKnownHosts(`127.0.0.1 ${edType} ${ed}`, 'kh'), names, blob(ed)).status).toBe('unknown');
  });

  it('compares plain patterns in lower case, and hashes the name as given (ssh-keygen -F does the same)', () => {
    expect(checkHostKey(parseKnownHosts(`Lab1.Example ${edType} ${ed}`, 'kh'), hostKeyNames('lab1.EXAMPLE', 22), blob(ed)).status).toBe('known');
    expect(checkHostKey(parseKnownHosts(`${hashed('lab1.example')} ${edType} ${ed}`, 'kh'), hostKeyNames('lab1.example', 22), blob(ed)).status).toBe('known');
    expect(checkHostKey(parseKnownHosts(`${hashed('lab1.example')} ${edType} ${ed}`, 'kh'), hostKeyNames('LAB1.example', 22), blob(ed)).status).toBe('unknown');
  });

  it('honours negated patterns', () => {
    const entries = parseKnownHosts(`*.lab,!bad.lab ${edType} ${ed}`, 'kh');
    expect(checkHostKey(entries, 'good.lab', blob(ed)).status).toBe('known');
    expect(checkHostKey(entries, 'bad.lab', blob(ed)).status).toBe('unknown');
  });

  it('lets @revoked win, for every host whatever its pattern (stricter than OpenSSH)', () => {
    const entries = parseKnownHosts(`@revoked * ${edType} ${ed}\nalpha ${edType} ${ed}`, 'kh');
    expect(checkHostKey(entries, 'alpha', blob(ed)).status).toBe('revoked');
    const elsewhere = parseKnownHosts(`@revoked other.example ${edType} ${ed}\nalpha ${edType} ${ed}`, 'kh');
    expect(checkHostKey(elsewhere, 'alpha', blob(ed)).status).toBe('revoked');
  });

  it('never lets a @cert-authority line vouch for a plain key, and says it covers the host', () => {
    const entries = parseKnownHosts(`@cert-authority *.lab ${ecType} ${ec}`, 'kh');
    expect(checkHostKey(entries, 'node.lab', blob(ec))).toMatchObject({ status: 'unknown', certificateAuthority: { source: 'kh:1' } });
    expect(checkHostKey(entries, 'node.other', blob(ec))).toEqual({ status: 'unknown', certificateAuthority: null });
  });

  it('skips malformed lines instead of throwing', () => {
    const text = ['garbage', 'host ssh-ed25519', 'host ssh-ed25519 !!!notbase64', '|1|bad|hash ssh-ed25519 AAAA', '@weird h ssh-ed25519 AAAA', `ok ${edType} ${ed}`].join('\n');
    const entries = parseKnownHosts(text, 'kh');
    expect(entries.map((e) => e.source)).toEqual(['kh:6']);
  });
});

describe('HostKeyVerifier', () => {
  const [edType, ed] = newKey();
  const [, other] = newKey();

  it('accepts a recorded key and prefers its algorithm', async () => {
    const file = join(dir, 'kh-ok');
    writeFileSync(file, `[h]:2222 ${edType} ${ed}\n`);
    const v = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [join(dir, 'missing'), file] }, 'h', 2222);
    await v.load();
    expect(v.preferredAlgorithms()).toEqual(['ssh-ed25519']);
    await expect(v.verify(blob(ed))).resolves.toBeUndefined();
  });

  it('raises UnknownHostKeyError with an OpenSSH fingerprint for an unknown host', async () => {
    const v = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [join(dir, 'none')] }, 'h', 2222);
    await v.load();
    const err = await v.verify(blob(ed)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownHostKeyError);
    const u = err as UnknownHostKeyError;
    expect(u.hostKey).toMatchObject({ hostEntry: '[h]:2222', keyType: 'ssh-ed25519', fingerprint: sha256Fingerprint(blob(ed)), publicKeyBase64: ed });
    expect(u.message).toContain(u.hostKey.fingerprint);
  });

  it('raises HostKeyMismatchError for a changed key, even in accept-new mode', async () => {
    const file = join(dir, 'kh-mismatch');
    writeFileSync(file, `h ${edType} ${other}\n`);
    const v = new HostKeyVerifier({ mode: 'accept-new', knownHostsFiles: [file] }, 'h', 22);
    await v.load();
    const err = await v.verify(blob(ed)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    expect((err as Error).message).toMatch(/HAS CHANGED.*kh-mismatch:1/s);
  });

  it('raises HostKeyRevokedError for a revoked key', async () => {
    const file = join(dir, 'kh-revoked');
    writeFileSync(file, `@revoked * ${edType} ${ed}\nh ${edType} ${ed}\n`);
    const v = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [file] }, 'h', 22);
    await v.load();
    await expect(v.verify(blob(ed))).rejects.toBeInstanceOf(HostKeyRevokedError);
  });

  it('records a key the user accepts as OpenSSH does (plain [host]:port line), and accept-new records silently', async () => {
    const file = join(dir, 'sub', 'deeper', 'kh-new');
    const contexts: unknown[] = [];
    const v = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [file] }, 'h', 2222, async (_info, context) => (contexts.push(context), true));
    await v.load();
    await v.verify(blob(ed));
    expect(contexts).toEqual([{ knownHostsFile: file, hashed: false, certificateAuthorityAt: null }]);
    expect(readFileSync(file, 'utf8')).toBe(`[h]:2222 ssh-ed25519 ${ed}\n`);
    // Created private, in folders only its owner may enter.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'sub', 'deeper')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'sub')).mode & 0o777).toBe(0o700);

    const file2 = join(dir, 'kh-accept-new');
    const v2 = new HostKeyVerifier({ mode: 'accept-new', knownHostsFiles: [file2] }, 'other', 22);
    await v2.load();
    await v2.verify(blob(ed));
    expect(checkHostKey(parseKnownHosts(readFileSync(file2, 'utf8'), file2), 'other', blob(ed)).status).toBe('known');
  });

  it('hashes the recorded name with HashKnownHosts yes, and appends after a last line without a newline', async () => {
    const file = join(dir, 'kh-hashed');
    writeFileSync(file, `# mine\nsomewhere ${edType} ${other}`, { mode: 0o644 });
    const v = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [file], hashNames: true }, 'h', 2222, async (_info, context) => context.hashed);
    await v.load();
    await v.verify(blob(ed));
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.slice(0, 2)).toEqual(['# mine', `somewhere ${edType} ${other}`]);
    expect(lines[2]).toMatch(new RegExp(`^\\|1\\|[A-Za-z0-9+/=]{28}\\|[A-Za-z0-9+/=]{28} ssh-ed25519 ${ed.replace(/[+/]/g, '\\$&')}$`));
    expect(lines[3]).toBe('');
    const recorded = parseKnownHosts(readFileSync(file, 'utf8'), file);
    expect(recorded[1]?.hashed).not.toBeNull();
    expect(checkHostKey(recorded, '[h]:2222', blob(ed)).status).toBe('known');
    // An existing file keeps its mode: it is the operator's.
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('records in the policy\'s own file, and refuses without asking when there is none (UserKnownHostsFile none)', async () => {
    const searched = join(dir, 'kh-global');
    const mine = join(dir, 'kh-mine');
    const v = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [searched], recordIn: mine }, 'h', 22, async () => true);
    await v.load();
    await v.verify(blob(ed));
    expect(readFileSync(mine, 'utf8')).toBe(`h ssh-ed25519 ${ed}\n`);
    expect(() => readFileSync(searched)).toThrow(/ENOENT/);

    let asked = 0;
    const nowhere = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [searched], recordIn: null }, 'h', 22, async () => (asked++, true));
    await nowhere.load();
    const err = await nowhere.verify(blob(ed)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownHostKeyError);
    expect((err as Error).message).toContain('no UserKnownHostsFile to record it in');
    expect(asked).toBe(0);
  });

  it('says why an unknown key was not accepted, and how to trust it', async () => {
    const file = join(dir, 'kh-declined');
    const declined = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [file] }, 'h', 2222, async () => {
      throw new PromptDeclinedError('no window is open to ask');
    });
    await declined.load();
    const err = await declined.verify(blob(ed)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownHostKeyError);
    expect((err as UnknownHostKeyError).declined).toBe('no window is open to ask');
    expect((err as Error).message).toBe(
      `Unknown host key ${sha256Fingerprint(blob(ed))} (ssh-ed25519) for [h]:2222 (no window is open to ask) — accept it in the app or add it to ${file}. Searched: ${file}`,
    );
    const refused = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [file] }, 'h', 22, async () => false);
    await refused.load();
    await expect(refused.verify(blob(ed))).rejects.toThrow(/for h \(refused\) — accept it in the app/);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });

  it('refuses a key of another type than the recorded one in every mode, without asking', async () => {
    const [ecType, ec] = newKey('ecdsa');
    const file = join(dir, 'kh-other-type');
    writeFileSync(file, `h ${ecType} ${ec}\n`);
    for (const mode of ['strict', 'accept-new', 'insecureAcceptUnknown'] as const) {
      let asked = 0;
      const v = new HostKeyVerifier({ mode, knownHostsFiles: [file] }, 'h', 22, async () => (asked++, true));
      await v.load();
      const err = await v.verify(blob(ed)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostKeyMismatchError);
      expect((err as Error).message).toContain(`records ecdsa-sha2-nistp256 ${sha256Fingerprint(blob(ec))}`);
      expect(asked).toBe(0);
    }
    expect(readFileSync(file, 'utf8')).toBe(`h ${ecType} ${ec}\n`);
  });

  it('with insecureAcceptUnknown (no_verify=1) accepts an unknown host without recording it, but refuses a changed or revoked key', async () => {
    const file = join(dir, 'kh-no-verify');
    const policy = { mode: 'insecureAcceptUnknown', knownHostsFiles: [file] } as const;
    const unknown = new HostKeyVerifier(policy, 'fresh', 22);
    await unknown.load();
    await expect(unknown.verify(blob(ed))).resolves.toBeUndefined();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);

    writeFileSync(file, `h ${edType} ${other}\n@revoked * ${edType} ${ed}\n`);
    const changed = new HostKeyVerifier(policy, 'h', 22);
    await changed.load();
    await expect(changed.verify(blob(other))).resolves.toBeUndefined();
    const [, third] = newKey();
    await expect(changed.verify(blob(third))).rejects.toBeInstanceOf(HostKeyMismatchError);
    await expect(changed.verify(blob(ed))).rejects.toBeInstanceOf(HostKeyRevokedError);
  });

  it('never accepts a host under a @cert-authority line by itself, in any mode; a person may', async () => {
    const [ecType, ec] = newKey('ecdsa');
    const file = join(dir, 'kh-ca');
    writeFileSync(file, `@cert-authority h ${ecType} ${ec}\n`);
    for (const mode of ['accept-new', 'insecureAcceptUnknown', 'strict'] as const) {
      const v = new HostKeyVerifier({ mode, knownHostsFiles: [file] }, 'h', 22);
      await v.load();
      const err = await v.verify(blob(ed)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnknownHostKeyError);
      expect((err as UnknownHostKeyError).certificateAuthorityAt).toBe(`${file}:1`);
      expect((err as Error).message).toMatch(/certificate authority.*cannot be checked/);
    }
    const asked = new HostKeyVerifier({ mode: 'strict', knownHostsFiles: [file] }, 'h', 22, async () => true);
    await asked.load();
    await expect(asked.verify(blob(ed))).resolves.toBeUndefined();
  });

  it('records an accepted key under the HostKeyAlias, without port', async () => {
    const file = join(dir, 'kh-alias');
    const target = resolveSshTarget({ host: 'lab1', port: 2222 }, aliasEnv);
    const v = new HostKeyVerifier({ mode: 'accept-new', knownHostsFiles: [file] }, target.hostKeyHost, target.hostKeyPort);
    await v.load();
    await v.verify(blob(ed));
    expect(checkHostKey(parseKnownHosts(readFileSync(file, 'utf8'), file), 'lab-one', blob(ed)).status).toBe('known');
  });
});

