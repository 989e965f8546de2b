import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSshTarget, SshPool, UnknownHostKeyError, type SshEndpoint, type SshEnvironment, type SshTarget } from '../../../main/ssh';
import { startInProcessSshd, type InProcessSshd } from './in-process-sshd';

// The pool shares a connection only between callers that agree on whom to trust and who we are.
// (The same two orders against the lab's real sshd: tests/integration/ssh/pool-trust.test.ts.)
const dir = mkdtempSync(join(tmpdir(), 'vd-ssh-pool-'));
const env: SshEnvironment = { sshConfigFile: null, homeDir: dir, localUser: 'tester', agentSocket: null };
const servers: InProcessSshd[] = [];
const pools: SshPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const target = (endpoint: Partial<SshEndpoint> = {}, environment: SshEnvironment = env): SshTarget =>
  resolveSshTarget({ host: '127.0.0.1', port: 2222, user: 'tester', ...endpoint }, environment);

describe('SshPool.keyOf', () => {
  const base = target({ keyFile: '/k/id', knownHostsFile: '/k/known_hosts' });

  it('is the same for the same settings, resolved twice', () => {
    expect(SshPool.keyOf(target({ keyFile: '/k/id', knownHostsFile: '/k/known_hosts' }))).toBe(SshPool.keyOf(base));
  });

  it.each<[string, SshTarget]>([
    ['the user', { ...base, user: 'other' }],
    ['the host', { ...base, host: '127.0.0.2' }],
    ['the port', { ...base, port: 2223 }],
    ['no_verify (the host-key mode)', { ...base, hostKeyPolicy: { ...base.hostKeyPolicy, mode: 'insecureAcceptUnknown' } }],
    ['accept-new', { ...base, hostKeyPolicy: { ...base.hostKeyPolicy, mode: 'accept-new' } }],
    ['the known_hosts file', { ...base, hostKeyPolicy: { ...base.hostKeyPolicy, knownHostsFiles: ['/other/known_hosts'] } }],
    ['the order of known_hosts files (keys are recorded in the first)', { ...base, hostKeyPolicy: { ...base.hostKeyPolicy, knownHostsFiles: ['/b', '/a'] } }],
    ['the name keys are checked under (HostKeyAlias)', { ...base, hostKeyHost: 'alias', hostKeyPort: 22 }],
    ['the key file', { ...base, identityFiles: ['/k/other'] }],
    ['the default keys', { ...base, defaultIdentityFiles: ['/home/x/.ssh/id_ed25519'] }],
    ['the agent', { ...base, agentSocket: '/run/agent.sock' }],
  ])('differs when %s differs', (_what, changed) => {
    expect(SshPool.keyOf(changed)).not.toBe(SshPool.keyOf(base));
  });

  it('does not depend on timeouts, which decide nothing about trust', () => {
    expect(SshPool.keyOf({ ...base, connectTimeoutMs: 1, keepaliveIntervalMs: 2, keepaliveCountMax: 3 })).toBe(SshPool.keyOf(base));
  });

  it('cannot be forged by a value containing separators', () => {
    const a = { ...base, user: 'a', host: 'b@c' };
    const b = { ...base, user: 'a@b', host: 'c' };
    expect(SshPool.keyOf(a)).not.toBe(SshPool.keyOf(b));
  });
});

describe('SshPool sharing', () => {
  const clientKey = utils.generateKeyPairSync('ed25519');
  const keyPath = join(dir, 'id');
  writeFileSync(keyPath, clientKey.private, { mode: 0o600 });

  async function setup() {
    const s = await startInProcessSshd({ authorizedKeys: [clientKey.public] });
    servers.push(s);
    const pool = new SshPool();
    pools.push(pool);
    const good = join(dir, `kh-good-${s.port}`);
    writeFileSync(good, `[127.0.0.1]:${s.port} ${s.hostPublicKey}\n`);
    const at = (endpoint: Partial<SshEndpoint>) => target({ port: s.port, keyFile: keyPath, ...endpoint });
    return {
      s,
      pool,
      noVerify: at({ knownHostsFile: join(dir, `kh-empty-${s.port}`), insecureAcceptUnknownHostKeys: true }),
      strictEmpty: at({ knownHostsFile: join(dir, `kh-empty2-${s.port}`) }),
      strictGood: at({ knownHostsFile: good }),
    };
  }

  it('never lends a no_verify connection to a strict caller', async () => {
    const { s, pool, noVerify, strictEmpty } = await setup();
    const lease = await pool.acquire(noVerify);
    await expect(pool.acquire(strictEmpty)).rejects.toBeInstanceOf(UnknownHostKeyError);
    expect(s.sockets).toHaveLength(2);
    lease.release();
  });

  it('never makes a caller with a correct known_hosts wait on another caller’s failing connect', async () => {
    const { s, pool, strictEmpty, strictGood } = await setup();
    const failing = pool.acquire(strictEmpty);
    const good = pool.acquire(strictGood);
    await expect(failing).rejects.toBeInstanceOf(UnknownHostKeyError);
    const lease = await good;
    expect(lease.connection.closed).toBe(false);
    expect(s.sockets).toHaveLength(2);
    lease.release();
  });

  it('still shares between callers that agree', async () => {
    const { s, pool, strictGood } = await setup();
    const [a, b] = await Promise.all([pool.acquire(strictGood), pool.acquire({ ...strictGood })]);
    expect(a.connection).toBe(b.connection);
    expect(s.sockets).toHaveLength(1);
    expect(pool.stats()).toEqual([{ key: SshPool.keyOf(strictGood), label: `tester@127.0.0.1:${s.port}`, refs: 2, channels: 0, connected: true }]);
    a.release();
    b.release();
  });
});
