import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSshConfig, resolveSshTarget, SshConfigError, type SshConfigSource } from '../../../main/ssh';
import { matchPattern, matchPatternList } from '../../../main/ssh/patterns';
import { splitDirective } from '../../../main/ssh/ssh-config';

/** An in-memory file system for the resolver. */
function memory(files: Record<string, string>): SshConfigSource {
  return {
    homeDir: '/home/me',
    baseDir: '/home/me/.ssh',
    readFile: (p) => files[p] ?? null,
    listDir: (d) => Object.keys(files).filter((p) => p.startsWith(`${d}/`) && !p.slice(d.length + 1).includes('/')).map((p) => p.slice(d.length + 1)),
  };
}

describe('patterns', () => {
  it('match * and ? case-insensitively', () => {
    expect(matchPattern('web1.lab', '*.lab')).toBe(true);
    expect(matchPattern('WEB1.LAB', 'web?.lab')).toBe(true);
    expect(matchPattern('web10.lab', 'web?.lab')).toBe(false);
    expect(matchPattern('anything', '*')).toBe(true);
    expect(matchPattern('a', '')).toBe(false);
    expect(matchPattern('abcabd', '*ab?')).toBe(true);
  });
  it('negation vetoes the list', () => {
    expect(matchPatternList('db.lab', '*.lab !db.lab')).toBe(false);
    expect(matchPatternList('web.lab', '*.lab,!db.lab')).toBe(true);
    expect(matchPatternList('other', '*.lab')).toBeNull();
  });
});

describe('splitDirective', () => {
  it('handles "=", quotes, comments and blanks', () => {
    expect(splitDirective('  HostName=example.com')).toEqual(['hostname', ['example.com']]);
    expect(splitDirective('IdentityFile "~/my keys/id"')).toEqual(['identityfile', ['~/my keys/id']]);
    expect(splitDirective('# comment')).toBeNull();
    expect(splitDirective('   ')).toBeNull();
  });
});

describe('resolveSshConfig', () => {
  const config = `
# global defaults come first
ServerAliveInterval 10

Host lab1 lab1.example
  HostName 10.1.1.1
  Port 2200
  User admin
  IdentityFile ~/.ssh/lab_key
  IdentityFile %d/.ssh/second_%r
  IdentitiesOnly yes

Host *.lab !secret.lab
  User labuser
  StrictHostKeyChecking accept-new
  UserKnownHostsFile ~/.ssh/lab_known_hosts /etc/lab_hosts

Host jump-*
  ProxyJump bastion

Match exec "true"
  User never

Host *
  User fallback
  Port 22022
  IdentityFile ~/.ssh/id_all

Include config.d/*
`;
  const files = {
    '/home/me/.ssh/config': config,
    '/home/me/.ssh/config.d/10-extra': 'Host extra\n  HostName extra.example\n',
  };
  const src = memory(files);

  it('takes the first value of each setting and accumulates IdentityFile', () => {
    const c = resolveSshConfig('lab1', '/home/me/.ssh/config', src);
    expect(c).toMatchObject({ hostName: '10.1.1.1', port: 2200, user: 'admin', identitiesOnly: true, serverAliveIntervalSeconds: 10 });
    expect(c.identityFiles).toEqual(['~/.ssh/lab_key', '%d/.ssh/second_%r', '~/.ssh/id_all']);
  });

  it('applies wildcard blocks with negation, and the catch-all', () => {
    expect(resolveSshConfig('web.lab', '/home/me/.ssh/config', src)).toMatchObject({
      user: 'labuser',
      port: 22022,
      strictHostKeyChecking: 'accept-new',
      userKnownHostsFiles: ['~/.ssh/lab_known_hosts', '/etc/lab_hosts'],
    });
    expect(resolveSshConfig('secret.lab', '/home/me/.ssh/config', src).user).toBe('fallback');
  });

  it('ignores unsupported Match criteria with a warning, and follows Include globs', () => {
    const c = resolveSshConfig('extra', '/home/me/.ssh/config', src);
    expect(c.user).toBe('fallback');
    expect(c.hostName).toBe('extra.example');
    expect(c.warnings.join()).toMatch(/Match exec is not supported/);
  });

  it('returns empty settings for a missing file', () => {
    expect(resolveSshConfig('x', '/nope', src)).toEqual({ identityFiles: [], warnings: [] });
  });
});

describe('resolveSshTarget', () => {
  const home = mkdtempSync(join(tmpdir(), 'vd-ssh-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, '.ssh'));
  writeFileSync(
    join(home, '.ssh', 'config'),
    `Host lab1\n  HostName 127.0.0.9\n  Port 2200\n  User admin\n  IdentityFile ~/.ssh/lab_%r\n  HostKeyAlias lab-one\n  ConnectTimeout 7\n` +
      `Host jump\n  ProxyJump bastion\nHost cmd\n  ProxyCommand nc %h %p\nHost agentless\n  IdentityAgent none\n`,
  );
  const env = { homeDir: home, localUser: 'me', agentSocket: '/run/agent.sock' };

  it('combines ssh_config with the endpoint; the URI wins', () => {
    const t = resolveSshTarget({ host: 'lab1' }, env);
    expect(t).toMatchObject({ host: '127.0.0.9', port: 2200, user: 'admin', hostKeyHost: 'lab-one', connectTimeoutMs: 7000, agentSocket: '/run/agent.sock' });
    expect(t.identityFiles).toEqual([`${home}/.ssh/lab_admin`]);
    expect(t.defaultIdentityFiles).toEqual([]);
    expect(t.hostKeyPolicy).toEqual({ mode: 'strict', knownHostsFiles: [`${home}/.ssh/known_hosts`, `${home}/.ssh/known_hosts2`, '/etc/ssh/ssh_known_hosts'] });

    const u = resolveSshTarget({ host: 'lab1', port: 22, user: 'root', keyFile: '~/k', knownHostsFile: '/tmp/kh' }, env);
    expect(u).toMatchObject({ port: 22, user: 'root' });
    expect(u.identityFiles).toEqual([`${home}/k`, `${home}/.ssh/lab_root`]);
    expect(u.hostKeyPolicy).toEqual({ mode: 'strict', knownHostsFiles: ['/tmp/kh'] });
  });

  it('falls back to the local user and default identities', () => {
    const t = resolveSshTarget({ host: 'plain' }, env);
    expect(t).toMatchObject({ host: 'plain', port: 22, user: 'me', hostKeyHost: 'plain' });
    expect(t.defaultIdentityFiles).toEqual(['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => `${home}/.ssh/${n}`));
  });

  it('names no_verify loudly and disables the agent when told', () => {
    expect(resolveSshTarget({ host: 'plain', insecureAcceptUnknownHostKeys: true }, env).hostKeyPolicy.mode).toBe('insecureAcceptUnknown');
    expect(resolveSshTarget({ host: 'agentless' }, env).agentSocket).toBeNull();
    expect(resolveSshTarget({ host: 'plain' }, { ...env, agentSocket: null }).agentSocket).toBeNull();
  });

  it('rejects ProxyJump and ProxyCommand clearly', () => {
    expect(() => resolveSshTarget({ host: 'jump' }, env)).toThrow(SshConfigError);
    expect(() => resolveSshTarget({ host: 'jump' }, env)).toThrow(/ProxyJump bastion .* not supported yet/);
    expect(() => resolveSshTarget({ host: 'cmd' }, env)).toThrow(/ProxyCommand .* not supported yet/);
  });

  it('ignores ssh_config entirely when told to', () => {
    expect(resolveSshTarget({ host: 'lab1' }, { ...env, sshConfigFile: null })).toMatchObject({ host: 'lab1', port: 22, user: 'me' });
  });
});
