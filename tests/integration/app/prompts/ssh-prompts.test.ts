// The app connecting a host over SSH for real, with a window answering its prompts through the contract: a private
// sshd with a fresh host key and a passphrase-protected authorized key, in front of the lab's libvirtd. The host
// comes up once the window trusted the key and gave the passphrase; the passphrase is in no file afterwards. And an
// ssh-agent holding the key is used without any prompt.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../../common/contract/channels';
import type { Prompt } from '../../../../common/contract/prompt-schemas';
import type { Host } from '../../../../common/contract/schemas';
import { createApp, type AppService, type VirtDeckApp } from '../../../../main/app';
import { sha256Fingerprint } from '../../../../main/ssh';
import { labInfo } from '../../../lab/lab-info';
import type { LabInfo } from '../../../lab/types';
import { generateKey, startOwnSshd, type KeyPair, type OwnSshd } from '../../ssh/own-sshd';

const ctx = { transport: 'in-process' } as const;
const PASSPHRASE = 'vd-lab correct horse battery';

let lab: LabInfo;
let dir: string;
let sshd: OwnSshd;
let hostKey: KeyPair;
let encryptedKey: string;
let plainKey: KeyPair;
const apps: VirtDeckApp[] = [];
let agent: ChildProcess | undefined;

beforeAll(async () => {
  lab = labInfo();
  dir = mkdtempSync(join(tmpdir(), 'vd-prompts-it-'));
  hostKey = generateKey('ssh-ed25519', join(dir, 'host-key'));
  encryptedKey = join(dir, 'id_encrypted');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-C', 'vd-test', '-f', encryptedKey], { stdio: 'ignore' });
  plainKey = generateKey('ssh-ed25519', join(dir, 'id_agent'));
  const encryptedPublic = readFileSync(`${encryptedKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  sshd = await startOwnSshd({ dir: join(dir, 'sshd'), hostKeys: [hostKey], authorizedKeys: [encryptedPublic, plainKey.publicLine] });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  agent?.kill('SIGTERM');
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The app with live hosts and a hermetic SSH setup (no ~/.ssh/config, the given agent). */
function startApp(name: string, agentSocket: string | null): VirtDeckApp {
  const app = createApp({
    mode: 'web',
    dataDir: join(dir, name),
    libvirtSocketPaths: [],
    log: () => undefined,
    connectHosts: { backoff: { initialMs: 200, maxMs: 1000 }, connectOptions: { sshEnvironment: { sshConfigFile: null, homeDir: dir, localUser: 'root', agentSocket } } },
  });
  apps.push(app);
  return app;
}

/** The test-driver host behind the private sshd, with the given key file and a known_hosts file of its own. */
function uri(knownHosts: string, keyFile?: string): string {
  const params = [`socket=${lab.libvirtSocket}`, ...(keyFile === undefined ? [] : [`keyfile=${keyFile}`]), `known_hosts=${knownHosts}`];
  return `test+ssh://root@127.0.0.1:${sshd.port}/default?${params.join('&')}`;
}

/** Resolves with the host once a pushed change shows it with `status`. */
function hostBecomes(service: AppService, name: string, status: Host['status']): Promise<Host> {
  return new Promise((resolve) => {
    const off = service.subscribe((event, payload) => {
      if (event !== 'inventory.changed') return;
      const host = (payload as EventPayload<'inventory.changed'>).hosts.find((h) => h.name === name && h.status === status);
      if (host === undefined) return;
      off();
      resolve(host);
    });
  });
}

describe('SSH prompts of a real host connect', () => {
  it('asks to trust the unknown key and for the passphrase; answered in a window, the host comes up', async () => {
    const app = startApp('data-prompts', null);
    const { service } = app;
    const knownHosts = join(dir, 'fresh', 'known_hosts');
    const shown: Prompt[] = [];
    const off = service.subscribe((event, payload) => {
      if (event !== 'prompts.requested') return;
      const prompt = payload as Prompt;
      shown.push(prompt);
      const answer = prompt.kind === 'host-key' ? { accept: true } : { accept: true, secret: PASSPHRASE };
      void service.call('prompts.answer', { id: prompt.id, ...answer }, ctx);
    });
    const up = hostBecomes(service, 'vd-lab-prompted', 'up');
    expect(await service.call('hosts.add', { name: 'vd-lab-prompted', uri: uri(knownHosts, encryptedKey) }, ctx)).toMatchObject({ ok: true });
    const host = await up;
    off();
    expect(host.facts).toMatchObject({ hypervisorType: 'TEST' });
    expect(shown.map((p) => [p.kind, p.host.name, p.details])).toEqual([
      [
        'host-key',
        'vd-lab-prompted',
        { keyType: 'ssh-ed25519', fingerprint: sha256Fingerprint(Buffer.from(hostKey.publicLine.split(' ')[1]!, 'base64')), hostEntry: `[127.0.0.1]:${sshd.port}`, knownHostsFile: knownHosts, hashed: false, certificateAuthorityAt: null },
      ],
      ['passphrase', 'vd-lab-prompted', { keyPath: encryptedKey, attempt: 1 }],
    ]);
    expect(readFileSync(knownHosts, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${hostKey.publicLine}\n`);
    expect(await service.call('prompts.list', {}, ctx)).toEqual({ ok: true, value: [] });

    // The passphrase went to that connect only: not into the inventory, its WAL, or anything else in the data directory.
    await app.close();
    const dataDir = join(dir, 'data-prompts');
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.map((entry) => entry.name)).toContain('inventory.sqlite3');
    for (const entry of files) expect(readFileSync(join(entry.parentPath, entry.name)).includes(PASSPHRASE), entry.name).toBe(false);
  });

  it('uses the ssh-agent when one runs: no key file, no prompt', async () => {
    const socket = join(dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    execFileSync('ssh-add', [plainKey.privatePath], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    const knownHosts = join(dir, 'agent_known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${hostKey.publicLine}\n`);

    const { service } = startApp('data-agent', socket);
    const prompts: unknown[] = [];
    const off = service.subscribe((event, payload) => void (event === 'prompts.requested' && prompts.push(payload)));
    const up = hostBecomes(service, 'vd-lab-agent', 'up');
    expect(await service.call('hosts.add', { name: 'vd-lab-agent', uri: uri(knownHosts) }, ctx)).toMatchObject({ ok: true });
    await up;
    off();
    expect(prompts).toEqual([]);

    // Without the agent the same host cannot log in: the agent did it.
    const without = startApp('data-no-agent', null);
    const down = hostBecomes(without.service, 'vd-lab-agent', 'down');
    await without.service.call('hosts.add', { name: 'vd-lab-agent', uri: uri(knownHosts) }, ctx);
    expect((await down).statusReason).toMatch(/SSH authentication as root@127\.0\.0\.1:\d+ failed/);
  });
});
