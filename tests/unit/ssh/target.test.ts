import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSshTarget, SshConfigError } from '../../../main/ssh';

describe('resolveSshTarget', () => {
  const home = mkdtempSync(join(tmpdir(), 'vd-ssh-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, '.ssh'));
  const config = join(home, '.ssh', 'config');
  writeFileSync(
    config,
    'Host lab1\n  HostName 127.0.0.9\n  Port 2200\n  User admin\n  IdentityFile ~/.ssh/lab_%r\n  HostKeyAlias Lab-One\n  ConnectTimeout 7\n' +
      'Host jump\n  ProxyJump bastion\nHost cmd\n  ProxyCommand nc %h %p\nHost agentless\n  IdentityAgent none\nHost only\n  IdentitiesOnly yes\n' +
      'Host strict\n  StrictHostKeyChecking yes\nHost lax\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\nHost warned\n  CheckHostIP yes\n' +
      'Host agentpath\n  IdentityAgent ~/agent-%r.sock\nHost nokeys\n  IdentityFile none\n' +
      'Host hashing\n  HashKnownHosts yes\nHost nowhere\n  UserKnownHostsFile none\n',
  );
  const env = { homeDir: home, localUser: 'me', agentSocket: '/run/agent.sock', sshConfigFile: config };

  it('combines ssh_config with the endpoint; the URI wins', () => {
    const t = resolveSshTarget({ host: 'lab1' }, env);
    expect(t).toMatchObject({ host: '127.0.0.9', port: 2200, user: 'admin', hostKeyHost: 'lab-one', hostKeyPort: 22, connectTimeoutMs: 7000, agentSocket: '/run/agent.sock', askUnknownHostKey: true });
    expect(t.identityFiles).toEqual([`${home}/.ssh/lab_admin`]);
    expect(t.defaultIdentityFiles).toEqual([]);
    expect(t.hostKeyPolicy).toEqual({
      mode: 'strict',
      knownHostsFiles: [`${home}/.ssh/known_hosts`, `${home}/.ssh/known_hosts2`, '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
      recordIn: `${home}/.ssh/known_hosts`,
      hashNames: false,
    });

    const u = resolveSshTarget({ host: 'lab1', port: 22, user: 'root', keyFile: '~/k', knownHostsFile: '/tmp/kh' }, env);
    expect(u).toMatchObject({ port: 22, user: 'root' });
    expect(u.identityFiles).toEqual([`${home}/k`, `${home}/.ssh/lab_root`]);
    expect(u.hostKeyPolicy).toEqual({ mode: 'strict', knownHostsFiles: ['/tmp/kh'], recordIn: '/tmp/kh', hashNames: false });
  });

  it('falls back to the local user and OpenSSH\'s default keys, in its order', () => {
    const t = resolveSshTarget({ host: 'Plain' }, env);
    expect(t).toMatchObject({ host: 'plain', port: 22, user: 'me', hostKeyHost: 'plain', hostKeyPort: 22 });
    expect(t.defaultIdentityFiles).toEqual(['id_rsa', 'id_ecdsa', 'id_ed25519'].map((n) => `${home}/.ssh/${n}`));
    expect(resolveSshTarget({ host: 'plain', keyFile: '/k' }, env).defaultIdentityFiles).toEqual([]);
    expect(resolveSshTarget({ host: 'nokeys' }, env)).toMatchObject({ identityFiles: [], defaultIdentityFiles: [] });
  });

  it('keeps the port in the known_hosts name without an alias', () => {
    expect(resolveSshTarget({ host: 'plain', port: 2222 }, env)).toMatchObject({ hostKeyHost: 'plain', hostKeyPort: 2222 });
  });

  it('names no_verify loudly; agent: none, IdentitiesOnly, a path with tokens', () => {
    expect(resolveSshTarget({ host: 'plain', insecureAcceptUnknownHostKeys: true }, env).hostKeyPolicy.mode).toBe('insecureAcceptUnknown');
    expect(resolveSshTarget({ host: 'agentless' }, env).agentSocket).toBeNull();
    expect(resolveSshTarget({ host: 'only' }, env).agentSocket).toBeNull();
    expect(resolveSshTarget({ host: 'plain' }, { ...env, agentSocket: null }).agentSocket).toBeNull();
    expect(resolveSshTarget({ host: 'agentpath', user: 'u' }, env).agentSocket).toBe(`${home}/agent-u.sock`);
  });

  it('StrictHostKeyChecking: yes never asks mid-connect; no means accept-new (changed keys are still refused)', () => {
    expect(resolveSshTarget({ host: 'strict' }, env)).toMatchObject({ askUnknownHostKey: false, hostKeyPolicy: { mode: 'strict' } });
    expect(resolveSshTarget({ host: 'lax' }, env).hostKeyPolicy).toEqual({
      mode: 'accept-new',
      knownHostsFiles: ['/dev/null', '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
      recordIn: '/dev/null',
      hashNames: false,
    });
  });

  it('records trusted keys where OpenSSH does: the first user file (never a global one), hashed with HashKnownHosts yes', () => {
    expect(resolveSshTarget({ host: 'hashing' }, env).hostKeyPolicy).toMatchObject({ recordIn: `${home}/.ssh/known_hosts`, hashNames: true });
    // UserKnownHostsFile none: the global files are still searched, but nothing is ever written to them.
    expect(resolveSshTarget({ host: 'nowhere' }, env).hostKeyPolicy).toEqual({
      mode: 'strict',
      knownHostsFiles: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
      recordIn: null,
      hashNames: false,
    });
    // The URI's known_hosts= is the only file searched, and where keys go, whatever ssh_config says.
    expect(resolveSshTarget({ host: 'nowhere', knownHostsFile: '~/kh' }, env).hostKeyPolicy).toMatchObject({ knownHostsFiles: [`${home}/kh`], recordIn: `${home}/kh` });
  });

  it('rejects ProxyJump and ProxyCommand clearly', () => {
    expect(() => resolveSshTarget({ host: 'jump' }, env)).toThrow(SshConfigError);
    expect(() => resolveSshTarget({ host: 'jump' }, env)).toThrow(/ProxyJump bastion .* not supported yet/);
    expect(() => resolveSshTarget({ host: 'cmd' }, env)).toThrow(/ProxyCommand .* not supported yet/);
  });

  it('carries warnings about ignored settings', () => {
    expect(resolveSshTarget({ host: 'warned' }, env).warnings).toEqual([`${config} line 22: checkhostip ignored: the host key is checked under the host name only, not also under its address`]);
  });

  it('ignores ssh_config entirely when told to', () => {
    expect(resolveSshTarget({ host: 'lab1' }, { ...env, sshConfigFile: null })).toMatchObject({ host: 'lab1', port: 22, user: 'me' });
  });
});
