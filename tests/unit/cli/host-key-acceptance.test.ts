// `virt-deck sync --accept-host-key`: the CLI never asks; it names an unknown key's fingerprint with the command
// that trusts exactly that key, and trusts only a fingerprint named on the command line. An in-process SSH server
// presents the key (it speaks no libvirt, so a trusted connect fails later, at the RPC step).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostKeyAcceptance } from '../../../main/cli/host-key-acceptance';
import { UsageError } from '../../../main/config/args';
import type { HostRecord } from '../../../main/inventory/model';
import { sha256Fingerprint } from '../../../main/ssh';
import { startInProcessSshd, type InProcessSshd } from '../ssh/in-process-sshd';

const dir = mkdtempSync(join(tmpdir(), 'vd-cli-hostkey-'));
let sshd: InProcessSshd | undefined;
afterAll(async () => {
  await sshd?.close();
  rmSync(dir, { recursive: true, force: true });
});
const env = { sshEnvironment: { sshConfigFile: null, homeDir: dir, localUser: 'tester', agentSocket: null }, timeoutMs: 5_000 };

function host(name: string, uri: string): HostRecord {
  return { name, uri } as HostRecord;
}

describe('HostKeyAcceptance', () => {
  it('refuses an unknown key, printing its fingerprint and the exact command; trusts only the named fingerprint', async () => {
    sshd = await startInProcessSshd({ password: 'sesame' });
    const knownHosts = join(dir, 'known_hosts');
    const lab = host('lab1', `qemu+ssh://tester@127.0.0.1:${sshd.port}/system?known_hosts=${knownHosts}`);
    const fingerprint = sha256Fingerprint(Buffer.from(sshd.hostPublicKey.split(' ')[1]!, 'base64'));

    const plain = new HostKeyAcceptance([], ['sync'], env);
    await expect(plain.connect(lab, new AbortController().signal)).rejects.toThrow(`Unknown host key ${fingerprint}`);
    expect(plain.hints()).toEqual([
      `lab1: unknown host key ssh-ed25519 ${fingerprint} for [127.0.0.1]:${sshd.port}; check it with the host's administrator ` +
        `(ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host), then: virt-deck sync --host lab1 --accept-host-key ${fingerprint}`,
    ]);

    const other = new HostKeyAcceptance(['SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], ['sync'], env);
    await expect(other.connect(lab, new AbortController().signal)).rejects.toThrow('(not named by --accept-host-key)');
    expect(() => readFileSync(knownHosts)).toThrow(/ENOENT/);

    // The named fingerprint is trusted and recorded; the connect then goes on to authentication (no password here).
    const named = new HostKeyAcceptance([fingerprint], ['sync'], env);
    await expect(named.connect(lab, new AbortController().signal)).rejects.toThrow(/SSH authentication as tester@127\.0\.0\.1/);
    expect(readFileSync(knownHosts, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    expect(named.hints()).toEqual([]);
  });

  it('refuses anything but an ssh-keygen fingerprint', () => {
    for (const bad of ['abc', 'MD5:00:11', 'SHA256:short', `SHA256:${'A'.repeat(43)} `]) {
      expect(() => new HostKeyAcceptance([bad], ['sync'])).toThrow(UsageError);
    }
  });
});
