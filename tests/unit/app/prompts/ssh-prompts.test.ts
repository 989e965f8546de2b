// SSH prompts end to end inside one process: an in-process SSH server asks for a passphrase, a password or trust in
// its host key; the SSH layer's callbacks go through the broker; a "window" (a subscriber of the service facade)
// answers through the contract's `prompts.answer`, validated like any call.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../../common/contract/channels';
import type { Prompt } from '../../../../common/contract/prompt-schemas';
import type { Host } from '../../../../common/contract/schemas';
import { sshPromptCallbacks } from '../../../../main/app/prompts';
import { resolveSshTarget, sha256Fingerprint, SshAuthError, SshConnection, UnknownHostKeyError, type SshTarget } from '../../../../main/ssh';
import { startInProcessSshd, type InProcessSshd } from '../../ssh/in-process-sshd';
import { useAppFixture } from '../helpers';
import { promptingService } from './prompting-service';

const ctx = { transport: 'in-process' } as const;
const dir = mkdtempSync(join(tmpdir(), 'vd-ssh-prompts-'));
const servers: InProcessSshd[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const encrypted = utils.generateKeyPairSync('ed25519', { passphrase: 'right horse', cipher: 'aes256-cbc', rounds: 4 });
const encryptedKeyPath = join(dir, 'id_encrypted');
writeFileSync(encryptedKeyPath, encrypted.private, { mode: 0o600 });

async function server(options: Parameters<typeof startInProcessSshd>[0]): Promise<InProcessSshd> {
  const s = await startInProcessSshd(options);
  servers.push(s);
  return s;
}

/** A "window": answers each prompt with `answer(prompt)` through `prompts.answer`, and records what it was shown. */
function window(service: ReturnType<typeof promptingService>['service'], answer: (prompt: Prompt) => { accept: boolean; secret?: string }) {
  const shown: Prompt[] = [];
  const resolved: EventPayload<'prompts.resolved'>[] = [];
  const off = service.subscribe((event, payload) => {
    if (event === 'prompts.resolved') resolved.push(payload as EventPayload<'prompts.resolved'>);
    if (event !== 'prompts.requested') return;
    const prompt = payload as Prompt;
    shown.push(prompt);
    void service.call('prompts.answer', { id: prompt.id, ...answer(prompt) }, ctx);
  });
  return { shown, resolved, off };
}

function target(s: InProcessSshd, knownHosts: string, extra: { keyFile?: string } = {}): SshTarget {
  return resolveSshTarget(
    { host: '127.0.0.1', port: s.port, user: 'tester', knownHostsFile: knownHosts, ...extra },
    { sshConfigFile: null, homeDir: dir, localUser: 'tester', agentSocket: null },
  );
}

function knownHostsFor(s: InProcessSshd): string {
  const file = join(dir, `kh-${s.port}`);
  writeFileSync(file, `[127.0.0.1]:${s.port} ${s.hostPublicKey}\n`);
  return file;
}

const lab1 = { name: 'lab1', address: 'tester@127.0.0.1' };

describe('SSH prompts answered in a window', () => {
  it('asks for the passphrase of an encrypted key and goes on with the answer; a wrong one is asked again', async () => {
    const s = await server({ authorizedKeys: [encrypted.public] });
    const { broker, service } = promptingService();
    const ui = window(service, (p) => ({ accept: true, secret: p.kind === 'passphrase' && p.details.attempt === 1 ? 'wrong' : 'right horse' }));
    const connection = await SshConnection.connect(target(s, knownHostsFor(s), { keyFile: encryptedKeyPath }), sshPromptCallbacks(broker, lab1));
    await connection.close();
    ui.off();
    expect(ui.shown.map((p) => [p.kind, p.host, p.details])).toEqual([
      ['passphrase', lab1, { keyPath: encryptedKeyPath, attempt: 1 }],
      ['passphrase', lab1, { keyPath: encryptedKeyPath, attempt: 2 }],
    ]);
    expect(ui.resolved.map((r) => r.outcome)).toEqual(['answered', 'answered']);
    expect(broker.list()).toEqual([]);
  });

  it('asks for a password, and a cancel in the window ends the login with the reason', async () => {
    const s = await server({ password: 'sesame' });
    const { broker, service } = promptingService();
    const answering = window(service, () => ({ accept: true, secret: 'sesame' }));
    const connection = await SshConnection.connect(target(s, knownHostsFor(s)), sshPromptCallbacks(broker, lab1));
    await connection.close();
    answering.off();
    expect(answering.shown).toMatchObject([
      { kind: 'password', host: { name: 'lab1', address: `tester@127.0.0.1:${s.port}` }, details: { method: 'password', prompt: `Password for tester@127.0.0.1:${s.port}:`, echo: false } },
    ]);

    const cancelling = window(service, () => ({ accept: false }));
    const error = await SshConnection.connect(target(s, knownHostsFor(s)), sshPromptCallbacks(broker, lab1)).catch((e: unknown) => e);
    cancelling.off();
    expect(error).toBeInstanceOf(SshAuthError);
    expect((error as Error).message).toContain('password (prompt: skipped, cancelled in the app)');
  });

  it('shows an unknown host key with its fingerprint; trusted, it is recorded as OpenSSH would and never asked again', async () => {
    const s = await server({ password: 'sesame' });
    const knownHosts = join(dir, 'fresh', 'known_hosts');
    const { broker, service } = promptingService();
    const ui = window(service, (p) => (p.kind === 'host-key' ? { accept: true } : { accept: true, secret: 'sesame' }));
    await (await SshConnection.connect(target(s, knownHosts), sshPromptCallbacks(broker, lab1))).close();
    const presented = Buffer.from(s.hostPublicKey.split(' ')[1]!, 'base64');
    expect(ui.shown[0]).toMatchObject({
      kind: 'host-key',
      details: { keyType: 'ssh-ed25519', fingerprint: sha256Fingerprint(presented), hostEntry: `[127.0.0.1]:${s.port}`, knownHostsFile: knownHosts, hashed: false, certificateAuthorityAt: null },
    });
    expect(readFileSync(knownHosts, 'utf8')).toBe(`[127.0.0.1]:${s.port} ${s.hostPublicKey}\n`);

    await (await SshConnection.connect(target(s, knownHosts), sshPromptCallbacks(broker, lab1))).close();
    ui.off();
    expect(ui.shown.map((p) => p.kind)).toEqual(['host-key', 'password', 'password']);
  });

  it('refuses an unknown host key at once when no window is connected, saying how to trust it', async () => {
    const s = await server({ password: 'sesame' });
    const knownHosts = join(dir, 'nobody', 'known_hosts');
    const { broker } = promptingService();
    const error = await SshConnection.connect(target(s, knownHosts), sshPromptCallbacks(broker, lab1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownHostKeyError);
    expect((error as Error).message).toMatch(/^Unknown host key SHA256:\S+ \(ssh-ed25519\) for \[127\.0\.0\.1\]:\d+ \(no window is open to ask\) — accept it in the app or add it to /);
    expect(() => readFileSync(knownHosts)).toThrow(/ENOENT/);
  });
});

describe('prompts.answer through the contract', () => {
  it('is validated before the broker sees it: bounded secret, known keys only; the secret never appears in the error', async () => {
    const { broker, service } = promptingService();
    const off = service.subscribe(() => undefined);
    const reply = broker.ask({ kind: 'password', host: lab1, details: { method: 'password', prompt: 'Password:', echo: false, instructions: null } });
    const [prompt] = broker.list();
    const huge = `${'s3cret'.repeat(200)}`;
    const tooLong = await service.call('prompts.answer', { id: prompt!.id, accept: true, secret: huge }, ctx);
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(JSON.stringify(tooLong)).not.toContain('s3cret');
    expect(await service.call('prompts.answer', { id: prompt!.id, accept: true, secret: 'x', remember: true }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', message: 'Invalid arguments for prompts.answer: Unrecognized key: "remember"' },
    });
    expect(await service.call('prompts.list', {}, ctx)).toEqual({ ok: true, value: [prompt] });
    expect(await service.call('prompts.answer', { id: prompt!.id, accept: true, secret: ' with spaces ' }, ctx)).toEqual({ ok: true, value: { outcome: 'answered' } });
    await expect(reply).resolves.toEqual({ given: true, secret: ' with spaces ' });
    expect(await service.call('prompts.answer', { id: prompt!.id, accept: false }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    off();
  });
});

describe('the app asks only when a window can answer', () => {
  const fx = useAppFixture('virt-deck-prompts-');

  it('a host with an unknown key goes down at once with no window; with one, it is asked, and a refusal is remembered', async () => {
    const s = await server({ password: 'sesame' });
    const knownHosts = join(fx.dir, 'known_hosts');
    // The sessions' retries are watched through the host manager's state changes: subscribing to the service would be a window.
    const waiters: { pattern: RegExp; resolve: (detail: string) => void }[] = [];
    const { service } = fx.start({
      mode: 'web',
      dataDir: join(fx.dir, 'data'),
      libvirtSocketPaths: [],
      log: () => undefined,
      connectHosts: {
        backoff: { initialMs: 20, maxMs: 40 },
        connectOptions: { sshEnvironment: { sshConfigFile: null, homeDir: fx.dir, localUser: 'tester', agentSocket: null } },
        onStateChange: (_host, state, detail) => {
          if (state !== 'backoff' || detail === null) return;
          for (const waiter of waiters.splice(0)) {
            if (waiter.pattern.test(detail)) waiter.resolve(detail);
            else waiters.push(waiter);
          }
        },
      },
    });
    const backoffSaying = (pattern: RegExp) => new Promise<string>((resolve) => waiters.push({ pattern, resolve }));

    const unasked = backoffSaying(/no window is open to ask/);
    expect(await service.call('hosts.add', { name: 'lab1', uri: `qemu+ssh://tester@127.0.0.1:${s.port}/system?known_hosts=${knownHosts}` }, ctx)).toMatchObject({ ok: true });
    expect(await unasked).toMatch(/^Unknown host key SHA256:\S+ \(ssh-ed25519\) for \[127\.0\.0\.1\]:\d+ \(no window is open to ask\) — accept it in the app or add it to /);
    const listed = await service.call('hosts.list', {}, ctx);
    expect(listed.ok && (listed.value as Host[])[0]?.statusReason).toMatch(/no window is open to ask/);

    const refused = backoffSaying(/\(refused in the app\)/);
    const remembered = backoffSaying(/refused in the app; not asked again before/);
    const ui = window(service, () => ({ accept: false }));
    await refused;
    await remembered;
    ui.off();
    expect(ui.shown.map((p) => [p.kind, p.host.name])).toEqual([['host-key', 'lab1']]);
    expect(() => readFileSync(knownHosts)).toThrow(/ENOENT/);
  });
});
