import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSshClient, resolveSshTarget, UnknownHostKeyError } from '../../../main/ssh';
import { startInProcessSshd, type InProcessSshd } from './in-process-sshd';

// How the ssh_config-derived target reaches the host-key check (against an in-process ssh2 server).
const dir = mkdtempSync(join(tmpdir(), 'vd-ssh-handshake-'));
const key = utils.generateKeyPairSync('ed25519');
const keyPath = join(dir, 'id');
writeFileSync(keyPath, key.private, { mode: 0o600 });
let sshd: InProcessSshd;
beforeAll(async () => {
  sshd = await startInProcessSshd({ authorizedKeys: [key.public] });
});
afterAll(async () => {
  await sshd.close();
  rmSync(dir, { recursive: true, force: true });
});

function target(config: string) {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, config);
  return resolveSshTarget({ host: 'lab', port: sshd.port, user: 'tester', keyFile: keyPath }, { sshConfigFile: file, homeDir: dir, localUser: 'tester', agentSocket: null });
}

describe('openSshClient with ssh_config host-key settings', () => {
  it('looks a HostKeyAlias up verbatim, without [alias]:port, as OpenSSH does', async () => {
    const kh = join(dir, 'kh-alias');
    writeFileSync(kh, `shared-alias ${sshd.hostPublicKey}\n`);
    const client = await openSshClient(target(`Host lab\n  HostName 127.0.0.1\n  HostKeyAlias Shared-Alias\n  UserKnownHostsFile ${kh}\n  GlobalKnownHostsFile none\n`));
    client.end();
  });

  it('StrictHostKeyChecking yes refuses an unknown key without asking', async () => {
    const kh = join(dir, 'kh-empty');
    writeFileSync(kh, '');
    let asked = false;
    const err = await openSshClient(target(`Host lab\n  HostName 127.0.0.1\n  StrictHostKeyChecking yes\n  UserKnownHostsFile ${kh}\n  GlobalKnownHostsFile none\n`), {
      acceptUnknownHostKey: async () => {
        asked = true;
        return true;
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownHostKeyError);
    expect(asked).toBe(false);
    expect(readFileSync(kh, 'utf8')).toBe('');
    // The error does not send the operator to the app, which will never ask about this host.
    expect((err as Error).message).toMatch(new RegExp(`\\(ssh_config says StrictHostKeyChecking yes: not asked\\) — add it to ${kh}\\.`));
  });

  it('StrictHostKeyChecking ask (the default) puts an unknown key to the user', async () => {
    const kh = join(dir, 'kh-ask');
    writeFileSync(kh, '');
    let asked = false;
    const client = await openSshClient(target(`Host lab\n  HostName 127.0.0.1\n  UserKnownHostsFile ${kh}\n  GlobalKnownHostsFile none\n`), {
      acceptUnknownHostKey: async () => {
        asked = true;
        return true;
      },
    });
    client.end();
    expect(asked).toBe(true);
  });
});
