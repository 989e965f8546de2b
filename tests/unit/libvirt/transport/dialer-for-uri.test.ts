import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialerForUri, LibvirtUriError, SshDialer, TcpDialer, UnixDialer } from '../../../../main/libvirt/transport';
import { SshConfigError } from '../../../../main/ssh';

const dir = mkdtempSync(join(tmpdir(), 'vd-dialers-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('dialerForUri', () => {
  const env = { sshEnvironment: { sshConfigFile: null, homeDir: dir, localUser: 'me', agentSocket: null } };

  it('picks one dialer per transport and computes the driver URI', () => {
    const unix = dialerForUri('qemu+unix:///system?socket=/lab/sock');
    expect(unix.dialer).toBeInstanceOf(UnixDialer);
    expect(unix.dialer.describe()).toBe('unix /lab/sock');
    expect(unix.driverUri).toBe('qemu:///system');

    const tcp = dialerForUri('qemu+tcp://127.0.0.1/system');
    expect(tcp.dialer).toBeInstanceOf(TcpDialer);
    expect(tcp.dialer.describe()).toMatch(/^tcp 127\.0\.0\.1:16509 \(unencrypted, unauthenticated\)$/);

    const ssh = dialerForUri('qemu+ssh://root@127.0.0.1:2222/system?socket=/lab/sock&keyfile=/k', env);
    expect(ssh.dialer).toBeInstanceOf(SshDialer);
    expect(ssh.driverUri).toBe('qemu:///system');
    expect(ssh.parsed).toMatchObject({ transport: 'ssh', user: 'root', port: 2222 });
    expect(ssh.dialer.describe()).toBe('ssh root@127.0.0.1:2222 → nc -U /lab/sock');
    expect((ssh.dialer as SshDialer).target.identityFiles).toEqual(['/k']);
  });

  it('rejects TLS with a suggestion, and bad ssh_config before connecting', () => {
    expect(() => dialerForUri('qemu://h/system')).toThrow(LibvirtUriError);
    expect(() => dialerForUri('qemu+tls://h/system')).toThrow(/TLS transport is not supported.*qemu\+ssh:\/\/h\/system/);
    writeFileSync(join(dir, 'config'), 'Host *\n  ProxyJump bastion\n');
    expect(() => dialerForUri('qemu+ssh://h/system', { sshEnvironment: { ...env.sshEnvironment, sshConfigFile: join(dir, 'config') } })).toThrow(SshConfigError);
  });
});
