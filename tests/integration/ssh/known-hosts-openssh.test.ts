// known_hosts must mean what OpenSSH means (issue 10). Differential tests with OpenSSH as the oracle:
// `ssh-keygen -F` for which lines name a host, and the real `ssh` client deciding on a host key
// presented by private sshds (key types we choose) — compared with our own client on the same files.
// Where we deliberately differ, we are stricter, and the test names each such case.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHostKey,
  entryMatchesHost,
  HostKeyMismatchError,
  HostKeyRevokedError,
  hostKeyNames,
  parseKnownHosts,
  resolveSshTarget,
  SshConnection,
  UnknownHostKeyError,
  type HostKeyPolicy,
} from '../../../main/ssh';
import { generateKey, startOwnSshd, type HostKeyKind, type KeyPair, type OwnSshd } from './own-sshd';

let dir: string;
let files = 0;
const sshds: OwnSshd[] = [];
afterAll(async () => {
  await Promise.all(sshds.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-kh-openssh-'));
});

function file(text: string): string {
  const path = join(dir, `kh-${files++}`);
  writeFileSync(path, text);
  return path;
}

/** Line numbers `ssh-keygen -F name -f path` reports ("# Host name found: line N …"). */
function keygenLines(name: string, path: string): number[] {
  const out = spawnSync('ssh-keygen', ['-F', name, '-f', path], { encoding: 'utf8' }).stdout;
  return [...out.matchAll(/^# Host .* found: line (\d+)/gm)].map((m) => Number(m[1]));
}

/** Line numbers of the entries we say name `name`, every marker included (as ssh-keygen -F). */
function ourLines(name: string, path: string): number[] {
  return parseKnownHosts(readFileSync(path, 'utf8'), path)
    .filter((e) => entryMatchesHost(e, name))
    .map((e) => Number(e.source.slice(e.source.lastIndexOf(':') + 1)));
}

describe('which lines name a host: ssh-keygen -F is the oracle', () => {
  let ed: string;
  let ec: string;
  beforeAll(() => {
    ed = generateKey('ssh-ed25519', join(dir, 'f-ed')).publicLine;
    ec = generateKey('ecdsa-sha2-nistp256', join(dir, 'f-ec')).publicLine;
  });

  const names = [
    'alpha', 'ALPHA', 'Beta', 'gamma', 'good.lab', 'bad.lab', 'deep.sub.lab', 'lab', 'ab', 'a1', 'abc',
    '[127.0.0.1]:2222', '[127.0.0.1]:22', '127.0.0.1', '[127.0.0.2]:2222', '[::1]:2222', '::1',
    'lab-one', '[lab-one]:2222', 'x.example.com', 'example.com', 'nowhere',
  ];

  it('agrees on plain names, comma lists, wildcards, negation, case, ports and markers', () => {
    const path = file(
      [
        '# comment',
        `alpha,beta ${ed}`,
        `*.lab,!bad.lab ${ed}`,
        `@revoked * ${ec}`,
        `@cert-authority *.lab ${ec}`,
        `[127.0.0.1]:2222 ${ed}`,
        `127.0.0.1 ${ec}`,
        `Alpha ${ec}`,
        `@bogus alpha ${ed}`,
        'alpha',
        `a? ${ed}`,
        `[127.0.0.*]:2222,!*.lab ${ec}`,
        `*.example.com ${ed}`,
        `[::1]:2222 ${ed}`,
        `!nowhere ${ed}`,
        `lab-one ${ed}`,
        '',
        `gamma ${ed} trailing comment`,
      ].join('\n'),
    );
    for (const name of names) expect([name, ourLines(name, path)]).toEqual([name, keygenLines(name, path)]);
  });

  it('agrees on entries hashed by ssh-keygen -H', () => {
    const path = file([`alpha ${ed}`, `[127.0.0.1]:2222 ${ec}`, `127.0.0.1 ${ed}`, `lab-one ${ec}`, `Beta ${ed}`].join('\n') + '\n');
    execFileSync('ssh-keygen', ['-H', '-f', path], { stdio: 'ignore' });
    expect(readFileSync(path, 'utf8').split('\n')[0]).toMatch(/^\|1\|/);
    for (const name of names) expect([name, ourLines(name, path)]).toEqual([name, keygenLines(name, path)]);
  });
});

type Outcome = 'accepted' | 'unknown' | 'changed' | 'revoked' | `error: ${string}`;
type SshMode = 'yes' | 'accept-new' | 'no';
const OUR_MODE: Record<SshMode, HostKeyPolicy['mode']> = { yes: 'strict', 'accept-new': 'accept-new', no: 'insecureAcceptUnknown' };

interface Server {
  readonly port: number;
  readonly key: KeyPair;
}

describe('whether a host key is accepted: the real ssh client is the oracle', () => {
  const keys = {} as Record<'ed' | 'rsa' | 'ec256' | 'ec384' | 'edOther' | 'ec256Other' | 'ca' | 'client', KeyPair>;
  const servers = {} as Record<'ed' | 'rsa' | 'ec384', Server>;

  beforeAll(async () => {
    const make = (name: keyof typeof keys, kind: HostKeyKind) => (keys[name] = generateKey(kind, join(dir, `key-${name}`)));
    make('ed', 'ssh-ed25519');
    make('rsa', 'ssh-rsa');
    make('ec256', 'ecdsa-sha2-nistp256');
    make('ec384', 'ecdsa-sha2-nistp384');
    make('edOther', 'ssh-ed25519');
    make('ec256Other', 'ecdsa-sha2-nistp256');
    make('ca', 'ssh-ed25519');
    make('client', 'ssh-ed25519');
    // One sshd per presented key type, each holding a single host key: what it shows is what we chose.
    for (const [name, key] of [['ed', keys.ed], ['rsa', keys.rsa], ['ec384', keys.ec384]] as const) {
      const sshd = await startOwnSshd({ dir: join(dir, `sshd-${name}`), hostKeys: [key], authorizedKeys: [keys.client.publicLine] });
      sshds.push(sshd);
      servers[name] = { port: sshd.port, key };
    }
  });

  /** What OpenSSH's ssh decides for this server, known_hosts file and mode (its own copy of the file). */
  async function openssh(server: Server, knownHosts: string, mode: SshMode, alias: string | null): Promise<Outcome> {
    const copy = `${knownHosts}.ssh-${mode}`;
    copyFileSync(knownHosts, copy);
    const args = [
      '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', `StrictHostKeyChecking=${mode}`, '-o', `UserKnownHostsFile=${copy}`,
      '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', `IdentityFile=${keys.client.privatePath}`,
      '-o', 'UpdateHostKeys=no', '-o', 'CheckHostIP=no', '-o', 'ConnectTimeout=10', '-o', 'PasswordAuthentication=no',
      ...(alias ? ['-o', `HostKeyAlias=${alias}`] : []),
      '-p', String(server.port), 'root@127.0.0.1', 'true',
    ];
    const run = await new Promise<{ ok: boolean; stderr: string }>((resolve) => {
      execFile('ssh', args, { encoding: 'utf8', timeout: 20_000 }, (error, _stdout, stderr) => resolve({ ok: error === null, stderr }));
    });
    if (run.ok) return 'accepted';
    const err = run.stderr;
    if (/REVOKED HOST KEY/.test(err)) return 'revoked';
    if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(err)) return 'changed';
    if (/host key is known for|Host key verification failed/.test(err)) return 'unknown';
    return `error: ${err.trim()}`;
  }

  /** What our client decides, on its own copy of the file. */
  async function ours(server: Server, knownHosts: string, mode: SshMode, alias: string | null): Promise<Outcome> {
    const copy = `${knownHosts}.ours-${mode}`;
    copyFileSync(knownHosts, copy);
    const resolved = resolveSshTarget(
      { host: '127.0.0.1', port: server.port, user: 'root', keyFile: keys.client.privatePath },
      { sshConfigFile: null, homeDir: dir, localUser: 'root', agentSocket: null },
    );
    // A HostKeyAlias as the target carries it (what ssh_config's HostKeyAlias resolves to): the alias, on port 22.
    const checkedAs = alias === null ? {} : { hostKeyHost: alias, hostKeyPort: 22 };
    const target = { ...resolved, ...checkedAs, hostKeyPolicy: { mode: OUR_MODE[mode], knownHostsFiles: [copy] } };
    try {
      await (await SshConnection.connect(target, { connectTimeoutMs: 10_000 })).close();
      return 'accepted';
    } catch (err) {
      if (err instanceof HostKeyRevokedError) return 'revoked';
      if (err instanceof HostKeyMismatchError) return 'changed';
      if (err instanceof UnknownHostKeyError) return 'unknown';
      return `error: ${(err as Error).message}`;
    }
  }

  interface Case {
    readonly name: string;
    readonly server: keyof typeof servers;
    /** known_hosts lines, given the server's port. */
    readonly lines: (port: number) => string[];
    readonly alias?: string;
    /** Modes where we refuse and OpenSSH accepts, on purpose (see docs/transports.md). */
    readonly stricter?: readonly SshMode[];
    /** Also run with the lines hashed by `ssh-keygen -H` (names only; markers and wildcards stay plain). */
    readonly hashed?: true;
  }

  const at = (port: number) => `[127.0.0.1]:${port}`;
  const cases: Case[] = [
    { name: 'the key on record', hashed: true, server: 'ed', lines: (p) => [`${at(p)} ${keys.ed.publicLine}`] },
    { name: 'nothing on record', server: 'ed', lines: () => [] },
    { name: 'another key of the same type', server: 'ed', lines: (p) => [`${at(p)} ${keys.edOther.publicLine}`], stricter: ['no'] },
    { name: 'an ed25519 key on record, RSA presented', hashed: true, server: 'rsa', lines: (p) => [`${at(p)} ${keys.edOther.publicLine}`], stricter: ['no'] },
    { name: 'RSA on record among others: the algorithm on record is asked for first', server: 'rsa', lines: (p) => [`${at(p)} ${keys.edOther.publicLine}`, `${at(p)} ${keys.rsa.publicLine}`] },
    { name: 'nistp256 on record, nistp384 presented', server: 'ec384', lines: (p) => [`${at(p)} ${keys.ec256Other.publicLine}`], stricter: ['no'] },
    { name: 'a wildcard pattern', server: 'ed', lines: () => [`[127.0.0.*]:* ${keys.ed.publicLine}`] },
    { name: 'a comma list', server: 'ed', lines: (p) => [`lab.example,${at(p)} ${keys.ed.publicLine}`] },
    { name: 'a negated pattern excluding the host', server: 'ed', lines: (p) => [`[127.0.0.*]:*,!${at(p)} ${keys.ed.publicLine}`] },
    { name: 'a negated pattern excluding the host, another key', server: 'ed', lines: (p) => [`[127.0.0.*]:*,!${at(p)} ${keys.edOther.publicLine}`] },
    { name: 'the bare host on another port, same key (fallback)', hashed: true, server: 'ed', lines: () => [`127.0.0.1 ${keys.ed.publicLine}`] },
    { name: 'the bare host on another port, other key', server: 'ed', lines: () => [`127.0.0.1 ${keys.edOther.publicLine}`] },
    { name: '[host]:port decides over the bare host', hashed: true, server: 'ed', lines: (p) => [`127.0.0.1 ${keys.ed.publicLine}`, `${at(p)} ${keys.edOther.publicLine}`], stricter: ['no'] },
    { name: '@revoked for every host', server: 'ed', lines: (p) => [`@revoked * ${keys.ed.publicLine}`, `${at(p)} ${keys.ed.publicLine}`], stricter: ['no'] },
    { name: '@revoked for another host (we refuse the key everywhere)', server: 'ed', lines: (p) => [`@revoked other.example ${keys.ed.publicLine}`, `${at(p)} ${keys.ed.publicLine}`], stricter: ['yes', 'accept-new', 'no'] },
    { name: '@cert-authority for the host, plain key presented', server: 'ed', lines: (p) => [`@cert-authority ${at(p)} ${keys.ca.publicLine}`], stricter: ['accept-new', 'no'] },
    { name: '@cert-authority beside the plain key on record', server: 'ed', lines: (p) => [`@cert-authority ${at(p)} ${keys.ca.publicLine}`, `${at(p)} ${keys.ed.publicLine}`] },
    { name: 'HostKeyAlias on record as written', hashed: true, server: 'ed', alias: 'lab-alias', lines: () => [`lab-alias ${keys.ed.publicLine}`] },
    { name: 'HostKeyAlias with a port is another name', hashed: true, server: 'ed', alias: 'lab-alias', lines: (p) => [`[lab-alias]:${p} ${keys.ed.publicLine}`] },
    { name: 'HostKeyAlias: the address does not count', server: 'ed', alias: 'lab-alias', lines: (p) => [`${at(p)} ${keys.ed.publicLine}`, `127.0.0.1 ${keys.ed.publicLine}`] },
  ];

  it.each(cases)('$name', async (c) => {
    const server = servers[c.server];
    const path = file(c.lines(server.port).map((l) => `${l}\n`).join(''));
    const variants = [path];
    if (c.hashed) {
      const hashed = file(readFileSync(path, 'utf8'));
      execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
      expect(readFileSync(hashed, 'utf8')).toMatch(/^\|1\|/m);
      variants.push(hashed);
    }
    // Each run works on its own copy of the file: all of them at once (ssh takes most of a second).
    const runs = variants.flatMap((knownHosts) =>
      (['yes', 'accept-new', 'no'] as const).map(async (mode) => {
        const [theirs, mine] = await Promise.all([openssh(server, knownHosts, mode, c.alias ?? null), ours(server, knownHosts, mode, c.alias ?? null)]);
        return { knownHosts, mode, theirs, mine };
      }),
    );
    for (const { knownHosts, mode, theirs, mine } of await Promise.all(runs)) {
      const context = `${c.name}, StrictHostKeyChecking ${mode}, ${knownHosts === path ? 'plain' : 'hashed'}`;
      expect(theirs, context).not.toMatch(/^error/);
      if (c.stricter?.includes(mode)) {
        expect([context, theirs, mine === 'accepted' ? mine : 'refused']).toEqual([context, 'accepted', 'refused']);
      } else {
        expect([context, mine]).toEqual([context, theirs]);
      }
    }
  });

  it('records an accepted key so that the other client then knows it (accept-new)', async () => {
    const server = servers.ed;
    const empty = file('');
    expect(await ours(server, empty, 'accept-new', null)).toBe('accepted');
    const oursRecorded = `${empty}.ours-accept-new`;
    // Without HashKnownHosts (no ssh_config here), the very line OpenSSH writes.
    expect(readFileSync(oursRecorded, 'utf8')).toBe(`[127.0.0.1]:${server.port} ${keys.ed.publicLine}\n`);
    expect(await openssh(server, oursRecorded, 'yes', null)).toBe('accepted');
    expect(await openssh(server, empty, 'accept-new', null)).toBe('accepted');
    const theirsRecorded = `${empty}.ssh-accept-new`;
    expect(readFileSync(theirsRecorded, 'utf8')).toBe(readFileSync(oursRecorded, 'utf8'));
    expect(await ours(server, theirsRecorded, 'yes', null)).toBe('accepted');
    // And our checker reads their line as the key on record for [127.0.0.1]:port.
    const entries = parseKnownHosts(readFileSync(theirsRecorded, 'utf8'), theirsRecorded);
    const blob = Buffer.from(keys.ed.publicLine.split(' ')[1]!, 'base64');
    expect(checkHostKey(entries, hostKeyNames('127.0.0.1', server.port), blob).status).toBe('known');
  });
});
