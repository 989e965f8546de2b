import { describe, expect, it } from 'vitest';
import type { SshConfigFileRef } from '../../../../main/ssh/config/reader';
import { resolveEffectiveConfig, SshConfigRefusal, type EffectiveSshConfig, type SshConfigRequest } from '../../../../main/ssh/config/resolve';
import { memorySystem } from './memory-system';

const USER_FILE: SshConfigFileRef = { path: '/home/me/.ssh/config', userConfig: true, required: false, checkPermissions: true };
const SYSTEM_FILE: SshConfigFileRef = { path: '/etc/ssh/ssh_config', userConfig: false, required: false, checkPermissions: false };

function resolve(config: string, request: Partial<SshConfigRequest> & { host: string }, extra: Record<string, string> = {}, unsafe: string[] = []): EffectiveSshConfig {
  const sys = memorySystem({ '/home/me/.ssh/config': config, ...extra }, { unsafe });
  return resolveEffectiveConfig({ files: [USER_FILE, SYSTEM_FILE], ...request }, sys);
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SshConfigRefusal) return error.message;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('security: what used to loosen host-key checking', () => {
  it('a trailing comment on a Host line adds no patterns', () => {
    const c = resolve('Host lab-* # not db\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n', { host: 'db' });
    expect(c.strictHostKeyChecking).toBe('ask');
    expect(c.userKnownHostsFiles).toEqual(['/home/me/.ssh/known_hosts', '/home/me/.ssh/known_hosts2']);
  });
  it('Match user sees the URI user (the command-line user wins over config User)', () => {
    const config = 'Host *\n  User admin\nMatch user root\n  StrictHostKeyChecking yes\nHost *\n  StrictHostKeyChecking no\n';
    expect(resolve(config, { host: 'h', user: 'root' })).toMatchObject({ user: 'root', strictHostKeyChecking: 'yes' });
    expect(resolve(config, { host: 'h' })).toMatchObject({ user: 'admin', strictHostKeyChecking: 'off' });
  });
  it('Match user falls back to the local user', () => {
    expect(resolve('Match user me\n  Port 2201\n', { host: 'h' }).port).toBe(2201);
  });
  it('Host a,b is one pattern containing a comma', () => {
    expect(resolve('Host a,b\n  StrictHostKeyChecking no\n', { host: 'a' }).strictHostKeyChecking).toBe('ask');
  });
  it('a bare Match is a config error, not "every host"', () => {
    expect(refusal(() => resolve('Match\n  StrictHostKeyChecking no\n', { host: 'h' }))).toMatch(/config line 1: no argument after keyword "match"/);
  });
});

describe('Match exec: never run', () => {
  it('is not run, and is accepted with a note when either answer gives the same settings', () => {
    const c = resolve('Match host h exec "gpg-connect-agent updatestartuptty /bye"\n  ForwardAgent yes\nHost h\n  Port 2200\n', { host: 'h' });
    expect(c.port).toBe(2200);
    expect(c.execNotRun.map((s) => s.where)).toEqual(['/home/me/.ssh/config line 1']);
  });
  it('is refused when its answer would decide trust settings', () => {
    expect(refusal(() => resolve('Match exec "on-vpn"\n  StrictHostKeyChecking yes\nHost *\n  StrictHostKeyChecking no\n', { host: 'h' }))).toMatch(
      /config line 1: Match exec "on-vpn": decides settings for h, and Virt Deck never runs ssh_config commands/,
    );
    expect(refusal(() => resolve('Match !exec "test -f /x"\n  UserKnownHostsFile /dev/null\n', { host: 'h' }))).toMatch(/never runs/);
  });
  it('is skipped when an earlier criterion on its line failed (as OpenSSH skips running it)', () => {
    const c = resolve('Match host other exec "anything"\n  StrictHostKeyChecking no\n', { host: 'h' });
    expect(c.execNotRun).toEqual([]);
    expect(c.strictHostKeyChecking).toBe('ask');
  });
  it('with a bad token is fatal even when skipped, as in OpenSSH', () => {
    expect(refusal(() => resolve('Match host other exec "x %z"\n  Port 1\n', { host: 'h' }))).toMatch(/unknown key %z/);
  });
  it('gives up beyond 16 combinations', () => {
    const many = Array.from({ length: 6 }, (_, i) => `Match exec "c${i}"\n  SendEnv X${i}\n`).join('');
    expect(refusal(() => resolve(many, { host: 'h' }))).toMatch(/too many Match exec lines/);
  });
});

describe('refuse what OpenSSH refuses, with file and line', () => {
  it.each([
    ['StrictHostKeyChecking maybe', 'Host *\n  StrictHostKeyChecking maybe\nHost *\n  StrictHostKeyChecking no\n', /line 2: unsupported option "maybe"/],
    ['Port abc', 'Host h\n  Port abc\n', /line 2: Bad port 'abc'/],
    ['an unknown keyword', 'Host h\n  Frobnicate yes\n', /line 2: Bad configuration option: frobnicate/],
    ['a missing argument', 'Host h\n  User\n', /line 2: no argument after keyword "user"/],
    ['an unterminated quote', 'Host h\n  IdentityFile "~/.ssh/id\n', /line 2: invalid quotes/],
    ['an empty Host', 'Host ""\n', /line 1: keyword host empty argument/],
    ['Match all host x', 'Match all host x\n', /line 1: 'all' cannot be combined with other Match attributes/],
    ['an unknown Match attribute', 'Match color blue\n', /Unsupported Match attribute color/],
    ['extra arguments', 'Port 22 23\n', /keyword port extra arguments at end of line/],
    ['a bad value in a block for another host', 'Host other\n  ConnectTimeout soon\n', /line 2: invalid time value/],
  ])('%s', (_name, config, message) => {
    expect(refusal(() => resolve(config, { host: 'h' }))).toMatch(message);
  });
  it('IgnoreUnknown lets named unknown keywords pass', () => {
    expect(resolve('IgnoreUnknown UseKeychain,AddKeys*\nUseKeychain yes\nPort 2300\n', { host: 'h' }).port).toBe(2300);
  });
  it('an Include of a file others may write is refused; so is ~/.ssh/config itself', () => {
    expect(refusal(() => resolve('Include /home/me/inc\n', { host: 'h' }, { '/home/me/inc': 'Port 1\n' }, ['/home/me/inc']))).toMatch(/Bad owner or permissions on \/home\/me\/inc/);
    expect(refusal(() => resolve('Port 1\n', { host: 'h' }, {}, ['/home/me/.ssh/config']))).toMatch(/Bad owner or permissions/);
  });
  it('Include nested deeper than 16 is refused', () => {
    expect(refusal(() => resolve('Include /loop\n', { host: 'h' }, { '/loop': 'Include /loop\n' }))).toMatch(/Too many recursive configuration includes/);
  });
});

describe('surprising, now as OpenSSH', () => {
  it('Host patterns are case-sensitive against the name as typed; Match host is not', () => {
    expect(resolve('Host LAB1\n  Port 2201\n', { host: 'lab1' }).port).toBe(22);
    expect(resolve('Match host LAB*\n  Port 2202\n', { host: 'lab1' }).port).toBe(2202);
  });
  it('HostName is lowercased, %h expanded, and a later Match host sees the expanded name', () => {
    const c = resolve('Host lab*\n  HostName %h.Example.ORG\nMatch host lab7.example.org\n  Port 2203\n', { host: 'lab7' });
    expect(c).toMatchObject({ hostName: 'lab7.example.org', port: 2203 });
  });
  it('Include relative paths start from ~/.ssh (user file) or /etc/ssh (system file), with globs', () => {
    const c = resolve('Include conf.d/[ab]*\n', { host: 'h' }, { '/home/me/.ssh/conf.d/a1': 'Port 2204\n', '/home/me/.ssh/conf.d/c1': 'User wrong\n', '/etc/ssh/ssh_config': 'Include sys.d/*\n', '/etc/ssh/sys.d/x': 'User sysuser\n' });
    expect(c).toMatchObject({ port: 2204, user: 'sysuser' });
  });
  it('~ in an Include of the system file is refused', () => {
    expect(refusal(() => resolve('', { host: 'h' }, { '/etc/ssh/ssh_config': 'Include ~/x\n' }))).toMatch(/bad include path ~\/x/);
  });
  it('tokens and ~user in paths', () => {
    const c = resolve('Host h\n  HostName real\n  UserKnownHostsFile ~alice/kh-%h-%p-%r-%u-%n-%d-%k-%L-%i ${LAB}/x\n  IdentityFile ~/.ssh/%r\n', { host: 'h', user: 'ru' });
    expect(c.userKnownHostsFiles).toEqual(['/home/alice/kh-real-22-ru-me-h-/home/me-h-desk-1000', 'lab-env/x']);
    expect(c.identityFiles).toEqual(['~/.ssh/%r']);
    expect(c.identityFilesExpanded).toEqual(['/home/me/.ssh/ru']);
  });
  it('time units, ServerAliveInterval 0, Port ssh', () => {
    expect(resolve('ConnectTimeout 1m\nServerAliveInterval 0\nPort ssh\n', { host: 'h' })).toMatchObject({ connectTimeout: 60, serverAliveInterval: 0, port: 22 });
  });
  it('duplicate IdentityFile lines count once; the default list is OpenSSH\'s', () => {
    expect(resolve('IdentityFile ~/.ssh/a\nIdentityFile ~/.ssh/a\n', { host: 'h' }).identityFiles).toEqual(['~/.ssh/a']);
    const d = resolve('', { host: 'h' });
    expect(d.identityFilesDefault).toBe(true);
    expect(d.identityFiles[0]).toBe('~/.ssh/id_rsa');
  });
  it('ProxyCommand none, HostKeyAlias lowercased with its port, GlobalKnownHostsFile', () => {
    const c = resolve('Host h\n  ProxyCommand none\n  HostKeyAlias Lab1:2222\n  GlobalKnownHostsFile /etc/vd/known\nHost *\n  ProxyCommand nc %h %p\n', { host: 'h' });
    expect(c).toMatchObject({ proxyCommand: null, hostKeyAlias: 'lab1:2222', globalKnownHostsFiles: ['/etc/vd/known'] });
  });
  it('CanonicalizeHostname without domains re-reads the files with the final name', () => {
    const c = resolve('Host lab\n  HostName Target\n  CanonicalizeHostname yes\nHost target\n  User canon\n', { host: 'lab' });
    expect(c).toMatchObject({ hostName: 'target', user: 'canon', canonicalizeHostname: 'yes' });
  });
  it('CanonicalizeHostname that would need DNS is refused', () => {
    expect(refusal(() => resolve('CanonicalizeHostname yes\nCanonicalDomains example.org\n', { host: 'lab' }))).toMatch(/CanonicalizeHostname yes would look "lab" up in DNS/);
    expect(refusal(() => resolve('CanonicalizeHostname always\nCanonicalizePermittedCNAMEs *.a:*.b\n', { host: 'lab' }))).toMatch(/DNS aliases/);
  });
});
