import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils, type ClientChannel } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  PromptDeclinedError,
  RemoteCommandError,
  RemoteHelperNotStartedError,
  resolveSshTarget,
  SshAuthError,
  SshConnection,
  SshConnectionLostError,
  SshFileError,
  SshPool,
  type SshTarget,
} from '../../../main/ssh';
import { startInProcessSshd, type InProcessSshd } from './in-process-sshd';

// Prompts, passphrases and a hung peer cannot be produced by the lab's key-only sshd: these run
// against an in-process ssh2 server. Everything else is in tests/integration/ssh.
const dir = mkdtempSync(join(tmpdir(), 'vd-ssh-conn-'));
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => expect(unhandled).toEqual([]));

const clientKey = utils.generateKeyPairSync('ed25519', { passphrase: 'right horse', cipher: 'aes256-cbc', rounds: 4 });
const encryptedKeyPath = join(dir, 'id_encrypted');
writeFileSync(encryptedKeyPath, clientKey.private, { mode: 0o600 });
// Decrypting costs a bcrypt KDF on every try: tests about other things use a plain key.
const plainKey = utils.generateKeyPairSync('ed25519');
const plainKeyPath = join(dir, 'id_plain');
writeFileSync(plainKeyPath, plainKey.private, { mode: 0o600 });

let sshd: InProcessSshd;
const servers: InProcessSshd[] = [];
async function server(options: Parameters<typeof startInProcessSshd>[0]): Promise<InProcessSshd> {
  const s = await startInProcessSshd(options);
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function targetFor(s: InProcessSshd, extra: { keyFile?: string } = {}): SshTarget {
  const knownHosts = join(dir, `kh-${s.port}`);
  writeFileSync(knownHosts, `[127.0.0.1]:${s.port} ${s.hostPublicKey}\n`);
  return resolveSshTarget(
    { host: '127.0.0.1', port: s.port, user: 'tester', knownHostsFile: knownHosts, ...extra },
    { sshConfigFile: null, homeDir: dir, localUser: 'tester', agentSocket: null },
  );
}

describe('SshConnection authentication prompts', () => {
  beforeAll(async () => {
    sshd = await server({ password: 'sesame', otp: '123456', authorizedKeys: [clientKey.public] });
  });

  it('answers keyboard-interactive prompts through askPassword', async () => {
    const prompts: string[] = [];
    const c = await SshConnection.connect(targetFor(sshd), {
      askPassword: async (prompt, ctx) => {
        prompts.push(`${ctx.kind}:${prompt}`);
        return ctx.kind === 'keyboard-interactive' ? '123456' : null;
      },
    });
    expect(prompts).toEqual(['keyboard-interactive:Verification code: ']);
    await c.close();
  });

  it('decrypts a key through askPassphrase, asking again after a wrong passphrase', async () => {
    const asked: number[] = [];
    const c = await SshConnection.connect(targetFor(sshd, { keyFile: encryptedKeyPath }), {
      askPassphrase: async (path, attempt) => {
        expect(path).toBe(encryptedKeyPath);
        asked.push(attempt);
        return attempt === 1 ? 'wrong' : 'right horse';
      },
    });
    expect(asked).toEqual([1, 2]);
    await c.close();
  });

  it('asks for a password, and does not time out while the user is answering', async () => {
    const passwordOnly = await server({ password: 'sesame' });
    const asked: string[] = [];
    // The connect timer runs on a fake clock; the user "takes" 700 ms by moving it past the 300 ms limit, which
    // would fire the timer right there unless prompting pauses it. The sockets and the SSH handshake are real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const c = await SshConnection.connect(targetFor(passwordOnly), {
        connectTimeoutMs: 300,
        askPassword: async (prompt, ctx) => {
          asked.push(`${ctx.kind}:${prompt}`);
          await vi.advanceTimersByTimeAsync(700);
          return 'sesame';
        },
      });
      expect(asked).toEqual([`password:Password for tester@127.0.0.1:${passwordOnly.port}:`]);
      await c.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists every method tried when the user cancels', async () => {
    const err = await SshConnection.connect(targetFor(sshd, { keyFile: encryptedKeyPath }), { askPassword: async () => null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshAuthError);
    const msg = (err as Error).message;
    expect(msg).toContain(`publickey (${encryptedKeyPath}: skipped, encrypted, and no passphrase was given)`);
    expect(msg).toContain('keyboard-interactive (prompt: skipped, cancelled by the user)');
    expect(msg).toMatch(/the server accepts: publickey, keyboard-interactive, password/);
  });

  it('says why a declined prompt gave nothing, and asks nothing more after it', async () => {
    const asked: string[] = [];
    const decline = (what: string) => async () => {
      asked.push(what);
      throw new PromptDeclinedError('no window is open to ask');
    };
    const err = await SshConnection.connect(targetFor(sshd, { keyFile: encryptedKeyPath }), {
      askPassphrase: decline('passphrase'),
      askPassword: decline('password'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshAuthError);
    const msg = (err as Error).message;
    expect(msg).toContain(`publickey (${encryptedKeyPath}: skipped, passphrase not given: no window is open to ask)`);
    // The passphrase prompt was declined: the password prompts are not tried either (nobody is there to answer).
    expect(asked).toEqual(['passphrase']);
  });
});

describe('SshConnection failures', () => {
  it('fails a command with its stderr and exit status', async () => {
    const s = await server({
      authorizedKeys: [plainKey.public],
      onExec: (_cmd, ch) => {
        ch.stderr.write("nc: unix connect failed: No such file or directory\n");
        ch.exit(1);
        ch.end();
      },
    });
    const c = await SshConnection.connect(targetFor(s, { keyFile: plainKeyPath }));
    const stream = await c.exec('nc -U /nowhere');
    const err = await new Promise<Error>((resolve) => stream.on('error', resolve).resume());
    expect(err).toBeInstanceOf(RemoteCommandError);
    expect(err.message).toMatch(/exited with status 1: nc: unix connect failed: No such file or directory/);
    expect(await stream.exit).toEqual({ code: 1, signal: null });
    await c.close();
  });

  it('says a helper could not be started when it exits at once without a word, even if we were writing', async () => {
    // The server side of `command="exit 3"` in authorized_keys: exit status, EOF, close; no output.
    const s = await server({ authorizedKeys: [plainKey.public], onExec: (_cmd, ch) => (ch.exit(3), ch.end()) });
    const c = await SshConnection.connect(targetFor(s, { keyFile: plainKeyPath }));
    const stream = await c.exec('virt-ssh-helper qemu:///system', { helper: 'The remote libvirt helper' });
    // Write in the window where ssh2 has already ended the channel's writable side but not yet
    // reported the close: ssh2's own "write after end" used to come out here.
    const sshChannel = (stream as unknown as { channel: ClientChannel }).channel;
    sshChannel.once('end', () => stream.write(Buffer.from('packet')));
    const err = await new Promise<Error>((resolve) => stream.on('error', resolve).resume());
    expect(err).toBeInstanceOf(RemoteHelperNotStartedError);
    expect(err).toBeInstanceOf(RemoteCommandError);
    expect(err.message).toBe(
      `The remote libvirt helper could not be started on tester@127.0.0.1:${s.port}: the remote command exited with status 3 at once, ` +
        'with no output and no error message (a forced command in authorized_keys or a restricted login shell does this)',
    );
    expect(await stream.exit).toEqual({ code: 3, signal: null });
    // Status 0 without a word is no better for a helper that should have answered.
    const quiet = await server({ authorizedKeys: [plainKey.public], onExec: (_cmd, ch) => (ch.exit(0), ch.end()) });
    const q = await SshConnection.connect(targetFor(quiet, { keyFile: plainKeyPath }));
    const qs = await q.exec('nc -U /x', { helper: 'The remote libvirt helper' });
    expect((await new Promise<Error>((resolve) => qs.on('error', resolve).resume())).message).toMatch(/could not be started .* exited with status 0 at once/);
    // A plain command (no helper) that ends quietly with 0 just ends.
    const plain = await q.exec('true');
    await new Promise((resolve) => plain.on('end', resolve).resume());
    await Promise.all([c.close(), q.close()]);
  });

  it('ends a helper normally when it exits after our own EOF', async () => {
    const s = await server({
      authorizedKeys: [plainKey.public],
      onExec: (_cmd, ch) => ch.resume().on('end', () => (ch.exit(0), ch.end())),
    });
    const c = await SshConnection.connect(targetFor(s, { keyFile: plainKeyPath }));
    const stream = await c.exec('cat', { helper: 'The remote libvirt helper' });
    stream.end();
    await new Promise((resolve) => stream.on('close', resolve).resume());
    expect(stream.errored?.message ?? null).toBeNull();
    await c.close();
  });

  it('refuses a named key that is not a regular file before connecting', async () => {
    const s = await server({ authorizedKeys: [plainKey.public] });
    const err = await SshConnection.connect(targetFor(s, { keyFile: '/dev/zero' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshFileError);
    expect((err as Error).message).toBe('Cannot use SSH key file /dev/zero: it is a character device, not a regular file');
    expect(s.sockets).toHaveLength(0);
  });

  it('fails every open channel with the cause when keepalives go unanswered', async () => {
    const s = await server({ authorizedKeys: [plainKey.public] });
    const c = await SshConnection.connect(targetFor(s, { keyFile: plainKeyPath }), {
      keepaliveIntervalMs: 100,
      keepaliveCountMax: 2,
    });
    const a = await c.exec('cat');
    const b = await c.exec('cat');
    const closed = new Promise<Error | null>((resolve) => c.once('close', resolve));
    const errors = Promise.all([a, b].map((st) => new Promise<Error>((resolve) => st.on('error', resolve))));
    s.freeze();
    const [ea, eb] = await errors;
    expect(ea).toBeInstanceOf(SshConnectionLostError);
    expect(ea?.message).toMatch(/SSH connection to tester@127\.0\.0\.1:\d+ connection lost: Keepalive timeout/);
    expect(eb).toBe(ea);
    expect((await closed)?.message).toBe(ea?.message);
    expect(c.closed).toBe(true);
    await expect(c.exec('x')).rejects.toBeInstanceOf(SshConnectionLostError);
  });
});

describe('SshPool', () => {
  it('shares one connection per (user, host, port) and closes it after the last release', async () => {
    const s = await server({ authorizedKeys: [plainKey.public] });
    const pool = new SshPool();
    const target = targetFor(s, { keyFile: plainKeyPath });
    const [l1, l2] = await Promise.all([pool.acquire(target), pool.acquire(target)]);
    expect(l1.connection).toBe(l2.connection);
    expect(s.sockets).toHaveLength(1);
    expect(pool.stats()).toEqual([{ key: SshPool.keyOf(target), label: `tester@127.0.0.1:${s.port}`, refs: 2, channels: 0, connected: true }]);
    l1.release();
    l1.release(); // idempotent
    expect(l1.connection.closed).toBe(false);
    const closed = new Promise((r) => l2.connection.once('close', r));
    l2.release();
    await closed;
    expect(pool.size).toBe(0);
  });

  it('gives up a shared connect only when every waiting caller aborted', async () => {
    // The passphrase prompt holds the shared connect open while the first caller aborts.
    const s = await server({ authorizedKeys: [clientKey.public] });
    const pool = new SshPool();
    const target = targetFor(s, { keyFile: encryptedKeyPath });
    let release!: (v: string) => void;
    const gate = new Promise<string>((r) => (release = r));
    let prompted!: () => void;
    const prompting = new Promise<void>((r) => (prompted = r));
    const controller = new AbortController();
    const first = pool.acquire(target, {
      askPassphrase: () => {
        prompted();
        return gate;
      },
      signal: controller.signal,
    });
    const second = pool.acquire(target, {});
    await prompting;
    controller.abort();
    await expect(first).rejects.toThrow(/aborted/);
    release('right horse');
    const lease = await second;
    expect(lease.connection.closed).toBe(false);
    lease.release();
  });
});
