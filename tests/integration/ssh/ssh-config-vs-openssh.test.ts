// Differential tests: the same ssh_config files through OpenSSH's own `ssh -G` (which prints the effective
// configuration and never connects) and through Virt Deck's resolver must give the same answer for every
// option Virt Deck honours — or both refuse the configuration. No case may contain `Match exec`: OpenSSH
// would run it (those cases live in the unit tests, where only Virt Deck reads them).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSshConfigSystem, resolveSshConfig, SshConfigError, type EffectiveSshConfig } from '../../../main/ssh';

const root = mkdtempSync(join(tmpdir(), 'vd-sshcfg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const home = userInfo().homedir;

/** One differential case: files (`config` is the one passed with -F; `@DIR@` is the case's folder). */
interface Case {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly host: string;
  readonly user?: string;
  readonly port?: number;
  /** Symlinks to create: name → target (relative to the case folder). */
  readonly links?: Readonly<Record<string, string>>;
  /** File modes to set (OpenSSH refuses to Include files others may write). */
  readonly modes?: Readonly<Record<string, number>>;
}

let counter = 0;
function materialize(c: Case): string {
  const dir = join(root, `case-${++counter}`);
  for (const [name, text] of Object.entries(c.files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    if (/match\s.*\bexec\b/i.test(text)) throw new Error(`case "${c.name}" would make OpenSSH run a command`);
    writeFileSync(path, text.replaceAll('@DIR@', dir), { mode: 0o644 });
  }
  for (const [name, target] of Object.entries(c.links ?? {})) symlinkSync(target, join(dir, name));
  for (const [name, mode] of Object.entries(c.modes ?? {})) chmodSync(join(dir, name), mode);
  return dir;
}

/** `ssh -G` output as keyword → values (several for identityfile). */
function openssh(dir: string, c: Case): Map<string, string[]> | { readonly refused: string } {
  const args = ['-G', '-F', join(dir, 'config'), ...(c.user ? ['-l', c.user] : []), ...(c.port ? ['-p', String(c.port)] : []), c.host];
  const run = spawnSync('ssh', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SSH_AUTH_SOCK: '/run/vd-test-agent.sock' } });
  if (run.status !== 0) return { refused: run.stderr.trim() };
  const out = new Map<string, string[]>();
  for (const line of run.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const key = line.slice(0, space);
    out.set(key, [...(out.get(key) ?? []), line.slice(space + 1)]);
  }
  return out;
}

function virtDeck(dir: string, c: Case): EffectiveSshConfig | { readonly refused: string } {
  try {
    return resolveSshConfig(
      {
        host: c.host,
        ...(c.user ? { user: c.user } : {}),
        ...(c.port ? { port: c.port } : {}),
        files: [{ path: join(dir, 'config'), userConfig: true, required: true, checkPermissions: false }],
      },
      nodeSshConfigSystem(),
    );
  } catch (error) {
    if (error instanceof SshConfigError) return { refused: error.message };
    throw error;
  }
}

const STRICT: Record<string, string> = { true: 'yes', false: 'off', ask: 'ask', 'accept-new': 'accept-new' };
const CANON: Record<string, string> = { true: 'yes', false: 'no', always: 'always' };

/** The options Virt Deck honours, in ssh -G's words, from Virt Deck's result. */
function asOpenSsh(v: EffectiveSshConfig): Record<string, string[]> {
  return {
    host: [v.host],
    user: [v.user],
    hostname: [v.hostName],
    port: [String(v.port)],
    identityfile: [...v.identityFiles],
    userknownhostsfile: [v.userKnownHostsFiles.length ? v.userKnownHostsFiles.join(' ') : 'none'],
    globalknownhostsfile: [v.globalKnownHostsFiles.length ? v.globalKnownHostsFiles.join(' ') : 'none'],
    stricthostkeychecking: [v.strictHostKeyChecking],
    hostkeyalias: v.hostKeyAlias === null ? [] : [v.hostKeyAlias],
    connecttimeout: [v.connectTimeout === null ? 'none' : String(v.connectTimeout)],
    serveraliveinterval: [String(v.serverAliveInterval)],
    serveralivecountmax: [String(v.serverAliveCountMax)],
    identitiesonly: [v.identitiesOnly ? 'yes' : 'no'],
    identityagent: v.identityAgent === null ? [] : [v.identityAgent],
    proxycommand: v.proxyCommand === null ? [] : [v.proxyCommand],
    proxyjump: v.proxyJump === null ? [] : [v.proxyJump],
    canonicalizehostname: [v.canonicalizeHostname],
  };
}

function fromOpenSsh(o: Map<string, string[]>): Record<string, string[]> {
  const get = (k: string) => o.get(k) ?? [];
  return {
    host: get('host'),
    user: get('user'),
    hostname: get('hostname'),
    port: get('port'),
    identityfile: get('identityfile'),
    userknownhostsfile: get('userknownhostsfile'),
    globalknownhostsfile: get('globalknownhostsfile'),
    stricthostkeychecking: get('stricthostkeychecking').map((s) => STRICT[s] ?? s),
    hostkeyalias: get('hostkeyalias'),
    connecttimeout: get('connecttimeout'),
    serveraliveinterval: get('serveraliveinterval'),
    serveralivecountmax: get('serveralivecountmax'),
    identitiesonly: get('identitiesonly'),
    identityagent: get('identityagent'),
    proxycommand: get('proxycommand'),
    proxyjump: get('proxyjump'),
    canonicalizehostname: get('canonicalizehostname').map((s) => CANON[s] ?? s),
  };
}

const one = (config: string, host: string, extra: Partial<Case> = {}): Omit<Case, 'name'> => ({ files: { config }, host, ...extra });

/** The cases: the findings first, then the nasty ones. */
const CASES: Record<string, Omit<Case, 'name'>> = {
  // --- security: what used to loosen host-key checking ---
  'trailing comment on a Host line is not more patterns': one('Host lab-* # not db\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n', 'db'),
  'trailing comment on a Host line, matching host': one('Host lab-* # not db\n  StrictHostKeyChecking no\n', 'lab-1'),
  'Match user sees the URI user': one('Match user root\n  StrictHostKeyChecking yes\nHost *\n  StrictHostKeyChecking no\n', 'h', { user: 'root' }),
  'Match user sees the local user when nothing else sets one': one(`Match user ${userInfo().username}\n  Port 2201\n`, 'h'),
  'Match user sees an earlier config User': one('Host h\n  User admin\nMatch user admin\n  Port 2202\n', 'h'),
  'URI user beats config User for Match user': one('Host h\n  User admin\nMatch user admin\n  Port 2202\n', 'h', { user: 'root' }),
  'Match user is case-sensitive': one('Match user Root\n  Port 2203\n', 'h', { user: 'root' }),
  'Host a,b is one pattern with a comma': one('Host a,b\n  StrictHostKeyChecking no\n', 'a'),
  'Match host a,b is a list': one('Match host a,b\n  Port 2205\n', 'b'),
  'a bare Match is an error': one('Match\n  StrictHostKeyChecking no\n', 'h'),
  'Match all host x is an error': one('Match all host x\n  Port 2206\n', 'x'),
  'Match host x all is accepted': one('Match host x all\n  Port 2207\n', 'x'),
  'Match host a user b all is an error': one('Match host a user b all\n  Port 2207\n', 'a'),
  'Match all with a comment': one('Match all # everything\n  Port 2208\n', 'x'),
  'Match !all never matches': one('Match !all\n  Port 2209\n', 'x'),
  'Match with a missing criterion argument': one('Match host\n  Port 2210\n', 'x'),
  'Match with a commented-out argument': one('Match host #x\n  Port 2210\n', 'x'),
  'Match with an unknown attribute': one('Match color blue\n  Port 2211\n', 'x'),
  'negated Match host': one('Match !host db\n  StrictHostKeyChecking no\n', 'db'),
  'Match originalhost and host after HostName': one('Host lab\n  HostName lab.example.org\nMatch originalhost lab host *.example.org\n  Port 2212\n', 'lab'),
  'Match localuser': one(`Match localuser ${userInfo().username}\n  User viaLocal\n`, 'h'),
  // --- refuse what OpenSSH refuses ---
  'StrictHostKeyChecking maybe is refused': one('Host *\n  StrictHostKeyChecking maybe\nHost *\n  StrictHostKeyChecking no\n', 'h'),
  'Port abc is refused': one('Host h\n  Port abc\n', 'h'),
  'Port 0 is refused': one('Host h\n  Port 0\n', 'h'),
  'Port 65536 is refused': one('Host h\n  Port 65536\n', 'h'),
  'a bad value in a block for another host still refuses': one('Host other\n  Port abc\n', 'h'),
  'an unknown keyword is refused': one('Host h\n  Frobnicate yes\n', 'h'),
  'IgnoreUnknown lets an unknown keyword pass': one('IgnoreUnknown Frob*,UseKeychain\nHost h\n  UseKeychain yes\n  FrobNicate 1\n  Port 2213\n', 'h'),
  'IgnoreUnknown after the keyword is too late': one('Host h\n  UseKeychain yes\nIgnoreUnknown UseKeychain\n', 'h'),
  'a keyword without its argument is refused': one('Host h\n  User\n', 'h'),
  'an argument that is only a comment is missing': one('Host h\n  User # nobody\n', 'h'),
  'an unterminated quote is refused': one('Host h\n  IdentityFile "~/.ssh/id\n', 'h'),
  'an unterminated single quote is refused': one("Host h\n  User 'adm\n", 'h'),
  'an empty Host argument is refused': one('Host ""\n  Port 2214\n', 'h'),
  'Host without patterns is refused': one('Host\n  Port 2214\n', 'h'),
  'Host with only a comment matches nothing': one('Host # nothing\n  Port 2215\n', 'h'),
  'extra arguments are refused': one('Host h\n  Port 22 23\n', 'h'),
  'extra words after User are refused': one('Host h\n  User a b\n', 'h'),
  'UserKnownHostsFile none must be alone': one('Host h\n  UserKnownHostsFile none /tmp/x\n', 'h'),
  'ConnectTimeout with a bad unit is refused': one('Host h\n  ConnectTimeout 5x\n', 'h'),
  'ConnectTimeout negative is refused': one('Host h\n  ConnectTimeout -5\n', 'h'),
  'ServerAliveCountMax must be a number': one('Host h\n  ServerAliveCountMax lots\n', 'h'),
  'IdentitiesOnly maybe is refused': one('Host h\n  IdentitiesOnly maybe\n', 'h'),
  'Compression true is refused (yes/no only)': one('Host h\n  Compression true\n', 'h'),
  'a bad cipher is refused': one('Host h\n  Ciphers aes128-ctr,rot13\n', 'h'),
  'a removed cipher list is not checked': one('Host h\n  Ciphers -rot13\n  Port 2216\n', 'h'),
  'a bad host key algorithm is refused': one('Host h\n  HostKeyAlgorithms ssh-foo\n', 'h'),
  'a wildcard host key algorithm is accepted': one('Host h\n  HostKeyAlgorithms +ssh-ed25519*\n  Port 2217\n', 'h'),
  'a bad ProxyJump is refused': one('Host h\n  ProxyJump user@\n', 'h'),
  'a bad LogLevel is refused': one('LogLevel LOUD\n', 'h'),
  'a bad forward is refused': one('Host h\n  LocalForward 8080\n', 'h'),
  'SendEnv with = is refused': one('Host h\n  SendEnv A=B\n', 'h'),
  'SetEnv without = is refused': one('Host h\n  SetEnv A\n', 'h'),
  'bad EscapeChar is refused': one('EscapeChar abc\n', 'h'),
  'bad IPQoS is refused': one('IPQoS af99\n', 'h'),
  'deprecated and unsupported keywords pass': one('Protocol 2\nCipher blowfish\nCompressionLevel 9\nUseRoaming no\nPort 2218\n', 'h'),
  'Debian GSSAPI keywords pass': one('GSSAPIAuthentication yes\nGSSAPIKeyExchange no\nGSSAPITrustDNS no\nPort 2219\n', 'h'),
  'Debian compatibility aliases': one('ProtocolKeepAlives 7\nSetupTimeOut 9\n', 'h'),
  'keyword= form and quoted keyword': one('Port=2220\n"User" quoted\nHostName = Example.ORG\n', 'h'),
  'Include inside a block for another host still checks its file': { files: { config: 'Host other\n  Include @DIR@/bad\n', bad: 'Port nope\n' }, host: 'h' },
  // --- surprising ---
  'Host patterns are case-sensitive': one('Host LAB1\n  Port 2221\n', 'lab1'),
  'Host patterns match the name as typed': one('Host LAB1\n  Port 2221\n', 'LAB1'),
  'Match host is case-insensitive': one('Match host LAB*\n  Port 2222\n', 'lab1'),
  'HostName is lowercased': one('Host h\n  HostName Lab.Example.ORG\n', 'h'),
  'the typed host is lowercased when no HostName': one('Port 2223\n', 'MixedCase'),
  '%h in HostName': one('Host lab*\n  HostName %h.example.org\n', 'lab7'),
  '%% in HostName': one('Host h\n  HostName a%%b\n', 'h'),
  'an unknown token in HostName is refused': one('Host h\n  HostName %p.example.org\n', 'h'),
  'Match host sees HostName with %h expanded': one('Host lab*\n  HostName %h.example.org\nMatch host lab7.example.org\n  Port 2224\n', 'lab7'),
  'Match host sees the first HostName only': one('Host h\n  HostName first.example\nHost *\n  HostName second.example\nMatch host second.example\n  Port 2225\n', 'h'),
  'numeric addresses are canonical': one('Host h\n  HostName 127.1\n', 'h'),
  'hex IPv4 address': one('Host h\n  HostName 0x7f.0.0.2\n', 'h'),
  'IPv6 address in canonical form': one('Host h\n  HostName FE80:0:0:0:0:0:0:1\n', 'h'),
  'IPv4-mapped IPv6 address': one('Host h\n  HostName ::FFFF:10.0.0.1\n', 'h'),
  'single quotes and backslash escapes': one("Host h\n  User 'my user'\n  IdentityFile ~/.ssh/with\\ space\n  IdentityFile \"~/.ssh/quote\\\"d\"\n  IdentityFile it\\'s\n", 'h'),
  'quotes joining a word': one('Host h\n  IdentityFile a"b c"d\n', 'h'),
  'a # inside a word is not a comment': one('Host h\n  IdentityFile ~/.ssh/key#1\n  Port 2226 # comment\n', 'h'),
  'an unknown backslash escape stays': one('Host h\n  IdentityFile ~/.ssh/a\\b\n', 'h'),
  'Include with a glob in the folder name and brackets': {
    files: { config: 'Include @DIR@/conf.d*/[ab]*.conf\n', 'conf.d1/a.conf': 'Host h\n  Port 2227\n', 'conf.d2/b.conf': 'Host h\n  User fromB\n', 'conf.d1/c.conf': 'Host h\n  User fromC\n', 'conf.d1/.a.conf': 'Host h\n  HostName hidden\n' },
    host: 'h',
  },
  'Include results are sorted': { files: { config: 'Include @DIR@/inc/*\n', 'inc/b': 'Host *\n  User b\n', 'inc/a': 'Host *\n  User a\n', 'inc/B': 'Host *\n  User capital\n' }, host: 'h' },
  'Include of nothing is fine': one('Include @DIR@/none/*\nPort 2228\n', 'h'),
  // A relative Include starts from ~/.ssh even with -F (the "..": only when ~/.ssh exists, for both).
  'Include relative to ~/.ssh': { files: { config: `Include ${'../'.repeat(home.split('/').filter(Boolean).length + 1)}@DIR@/inc\n`, inc: 'Host h\n  User relative\n' }, host: 'h' },
  'Match in an included file does not leak out': { files: { config: 'Host h\n  Include @DIR@/inc\n  Port 2229\n', inc: 'Match host nothing\n  User x\n' }, host: 'h' },
  'Include inside an inactive block does not apply': { files: { config: 'Host other\n  Include @DIR@/inc\n', inc: 'Port 2230\n' }, host: 'h' },
  'Include of a world-writable file is refused': { files: { config: 'Include @DIR@/inc\n', inc: 'Port 2231\n' }, host: 'h', modes: { inc: 0o666 } },
  'Include of a file writable by the user\'s own group is accepted (Debian)': { files: { config: 'Include @DIR@/inc\n', inc: 'Port 2231\n' }, host: 'h', modes: { inc: 0o664 } },
  'Include of a dangling symlink is ignored': { files: { config: 'Include @DIR@/link\nPort 2232\n' }, host: 'h', links: { link: 'nowhere' } },
  'Include of a folder reads nothing': { files: { config: 'Include @DIR@/folder\nPort 2233\n', 'folder/x': '' }, host: 'h' },
  'tokens in UserKnownHostsFile': one('Host h\n  HostName real.example\n  User ruser\n  Port 2234\n  UserKnownHostsFile ~/kh-%h-%p-%r-%u-%n-%d-%% /tmp/%C /tmp/%i/%L/%l /tmp/%k\n', 'h'),
  '%k with HostKeyAlias': one('Host h\n  HostKeyAlias Alias.Example:2222\n  UserKnownHostsFile /tmp/%k\n', 'h'),
  '${ENV} in UserKnownHostsFile': one('Host h\n  UserKnownHostsFile ${HOME}/kh\n', 'h'),
  'an undefined ${ENV} is refused': one('Host h\n  UserKnownHostsFile ${VD_NOT_SET_ANYWHERE}/kh\n', 'h'),
  '~user in UserKnownHostsFile': one('Host h\n  UserKnownHostsFile ~root/kh ~/x\n', 'h'),
  'an unknown token in IdentityAgent is refused': one('Host h\n  IdentityAgent /tmp/%z\n', 'h'),
  'IdentityAgent with tokens and SSH_AUTH_SOCK': one('Host a\n  IdentityAgent ~/agent-%r.sock\nHost b\n  IdentityAgent SSH_AUTH_SOCK\n', 'a', { user: 'someone' }),
  'IdentityAgent none': one('IdentityAgent none\n', 'h'),
  'time units': one('ConnectTimeout 1m\nServerAliveInterval 1h30m\nServerAliveCountMax 0\n', 'h'),
  'ServerAliveInterval 0': one('ServerAliveInterval 0\n', 'h'),
  'ConnectTimeout none lets a later line set it': one('Host h\n  ConnectTimeout none\nHost *\n  ConnectTimeout 5\n', 'h'),
  'Port ssh (service names)': one('Host h\n  Port ssh\n', 'h'),
  'Port with a sign': one('Host h\n  Port +2235\n', 'h'),
  'URI port beats Port': one('Host h\n  Port 2236\n', 'h', { port: 2299 }),
  'duplicate IdentityFile': one('Host h\n  IdentityFile ~/.ssh/a\n  IdentityFile ~/.ssh/b\nHost *\n  IdentityFile ~/.ssh/a\n', 'h'),
  'the default identity list': one('Port 2237\n', 'h'),
  'IdentityFile none': one('IdentityFile none\n', 'h'),
  'ProxyCommand none': one('Host h\n  ProxyCommand none\nHost *\n  ProxyCommand nc %h %p\n', 'h'),
  'ProxyCommand none blocks a later ProxyJump': one('ProxyCommand none\nProxyJump bastion\n', 'h'),
  'ProxyJump none blocks a later ProxyCommand': one('ProxyJump none\nProxyCommand nc %h %p\n', 'h'),
  'ProxyCommand takes the raw rest of the line': one('ProxyCommand=nc  -X 5 %h %p # not a comment\n', 'h'),
  'ProxyJump': one('Host h\n  ProxyJump admin@bastion:2200,second\n', 'h'),
  'HostKeyAlias is lowercased and kept with its port': one('Host h\n  HostKeyAlias Lab1:2222\n', 'h'),
  'GlobalKnownHostsFile': one('Host h\n  GlobalKnownHostsFile /etc/vd/known ~/global\n', 'h'),
  'GlobalKnownHostsFile none': one('GlobalKnownHostsFile none\nUserKnownHostsFile none\n', 'h'),
  'first UserKnownHostsFile line wins whole': one('Host h\n  UserKnownHostsFile /a /b\nHost *\n  UserKnownHostsFile /c\n', 'h'),
  'StrictHostKeyChecking words': one('Host a\n  StrictHostKeyChecking off\nHost b\n  StrictHostKeyChecking TRUE\nHost c\n  StrictHostKeyChecking Accept-New\n', 'b'),
  'StrictHostKeyChecking off': one('StrictHostKeyChecking off\n', 'a'),
  'first value wins over later Host *': one('Host h\n  User first\nHost *\n  User second\n  StrictHostKeyChecking no\n', 'h'),
  'negation vetoes the Host line': one('Host *.lab !db.lab\n  StrictHostKeyChecking no\n', 'db.lab'),
  'negation before the positive pattern': one('Host !db.lab *.lab\n  User labuser\n', 'web.lab'),
  'a lone ! pattern': one('Host ! *\n  User x\n', 'h'),
  'CanonicalizeHostname without domains re-reads the files': one('Host lab\n  HostName Target.Example\n  CanonicalizeHostname yes\nHost target.example\n  User canon\n  Port 2238\n', 'lab'),
  'Match canonical and final': one('CanonicalizeHostname yes\nMatch canonical\n  User canonical\nMatch final\n  Port 2239\n', 'h'),
  'Match final alone asks for the final pass': one('Match final host target\n  Port 2240\nHost h\n  HostName target\n', 'h'),
  'CanonicalizeHostname with too many dots does nothing': one('CanonicalizeHostname yes\nCanonicalDomains example.org\nCanonicalizeMaxDots 0\n', 'a.b'),
  'CanonicalizeHostname yes and fallback off without domains': one('CanonicalizeHostname yes\nCanonicalizeFallbackLocal no\n', 'h'),
  'CanonicalizeHostname on an address': one('CanonicalizeHostname yes\nCanonicalDomains example.org\n', '127.0.0.1'),
  'CanonicalizeHostname with a proxy is not direct': one('CanonicalizeHostname yes\nCanonicalDomains example.org\nProxyCommand nc %h %p\n', 'h'),
  'form feed and CRLF line ends': one('Host h\r\n  Port 2241\f\r\n', 'h'),
  'tabs and = with spaces': one('Host\th\n\tUser\t=\ttabbed\n', 'h'),
  'NoHostAuthenticationForLocalhost is parsed': one('NoHostAuthenticationForLocalhost yes\nPort 2242\n', 'h'),
  'an Include loop is refused': { files: { config: 'Include @DIR@/config\n' }, host: 'h' },
  'Match host with a quoted pattern and a comma list': one('Match host "x,h"\n  Port 2244\n', 'h'),
  'Match !user with a list': one('Match !user alice,bob\n  Port 2245\n', 'h', { user: 'carol' }),
  'Host with only a negation matches nothing': one('Host !a\n  Port 2246\n', 'h'),
  'User "" is a missing argument': one('Host h\n  User ""\n', 'h'),
  '%h keeps the typed case until lowercasing': one('Host LAB\n  HostName %h.Example\n', 'LAB'),
  'quoted UserKnownHostsFile with spaces': one('UserKnownHostsFile "/tmp/with space/kh" /tmp/b\n', 'h'),
  'keyword=value and an uppercase keyword': one('StrictHostKeyChecking=accept-new\nHOSTNAME Upper.Example\n', 'h'),
  'an Include with ~ that matches nothing': one('Include ~/.ssh/vd-nothing-here-*\nPort 2247\n', 'h'),
  'IgnoreUnknown in an inactive block does not apply': one('Host other\n  IgnoreUnknown Frob\nHost h\n  Frob 1\n', 'h'),
  'ServerAliveCountMax in hex is refused': one('ServerAliveCountMax 0x10\n', 'h'),
  'ConnectTimeout that overflows is refused': one('ConnectTimeout 9999999999\n', 'h'),
  'ConnectTimeout at the int limit': one('ConnectTimeout 2147483647\n', 'h'),
  'Port with a leading zero': one('Port 022\n', 'h'),
  'HostKeyAlias on a non-22 port': one('Host h\n  HostKeyAlias shared-key\n  Port 2200\n', 'h', { port: 2201 }),
  'first Host block wins even when later blocks are more specific': one('Host *\n  Port 2248\nHost h\n  Port 2249\n', 'h'),
  'settings before any Host apply to all hosts': one('User global\nHost h\n  User specific\n', 'h'),
  'Match final without canonicalization re-reads with the final name': one('Host h\n  HostName Final.Example\nMatch final host final.example\n  User finaluser\n', 'h'),
  'an Include in the final pass is read again': { files: { config: 'Host h\n  HostName target\n  CanonicalizeHostname yes\nInclude @DIR@/inc\n', inc: 'Host target\n  IdentityFile ~/.ssh/final\n' }, host: 'h' },
  'a long pattern list entry': one(`Match host ${'a'.repeat(1100)},h\n  Port 2243\n`, 'h'),
};

describe('ssh_config: Virt Deck reads it as OpenSSH 9.2 does (ssh -G)', () => {
  const cases = Object.entries(CASES).map(([name, c]) => ({ ...c, name }));
  it.each(cases)('$name', (c) => {
    const dir = materialize(c);
    const expected = openssh(dir, c);
    const actual = virtDeck(dir, c);
    if ('refused' in expected) {
      expect('refused' in actual ? 'refused' : asOpenSsh(actual), `OpenSSH refused: ${expected.refused}`).toBe('refused');
      return;
    }
    if ('refused' in actual) throw new Error(`Virt Deck refused what OpenSSH accepts: ${actual.refused}`);
    expect(asOpenSsh(actual)).toEqual(fromOpenSsh(expected));
  });

  it('uses the real ssh -G (a sanity check on the harness)', () => {
    expect(execFileSync('ssh', ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).length + 1).toBeGreaterThan(0);
    expect(home).toBeTruthy();
  });
});
