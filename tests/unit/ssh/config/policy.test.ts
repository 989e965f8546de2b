import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../../../main/ssh/config/policy';
import { resolveEffectiveConfig } from '../../../../main/ssh/config/resolve';
import { memorySystem } from './memory-system';

function judge(config: string) {
  const sys = memorySystem({ '/cfg': config });
  return judgeConfig(resolveEffectiveConfig({ host: 'h', files: [{ path: '/cfg', userConfig: true, required: true, checkPermissions: false }] }, sys));
}

describe('judgeConfig: honoured, refused, ignored with a warning', () => {
  it('refuses what it cannot do where ignoring it would connect elsewhere or trust more', () => {
    expect(judge('ProxyJump bastion\n').refusals).toEqual(['ProxyJump bastion applies to h: jump hosts are not supported yet']);
    expect(judge('ProxyCommand nc %h %p\n').refusals[0]).toMatch(/ProxyCommand applies to h: proxy commands are not supported yet/);
    expect(judge('RevokedHostKeys ~/.ssh/revoked\n').refusals[0]).toMatch(/^\/cfg line 1: RevokedHostKeys .* would accept revoked keys/);
  });
  it('honours none without a word', () => {
    expect(judge('ProxyJump none\nProxyCommand none\nRevokedHostKeys none\nKnownHostsCommand none\n')).toEqual({ refusals: [], warnings: [] });
  });
  it('warns, with file and line, about settings it ignores that change how the connection is made', () => {
    const { refusals, warnings } = judge('Host h\n  CheckHostIP yes\n  HostKeyAlgorithms ssh-ed25519\n  PasswordAuthentication no\n  BatchMode no\n  ForwardAgent yes\n  CompressionLevel 9\n');
    expect(refusals).toEqual([]);
    expect(warnings).toEqual([
      '/cfg line 2: checkhostip ignored: the host key is checked under the host name only, not also under its address',
      '/cfg line 3: hostkeyalgorithms ignored: Virt Deck offers its own host key algorithms (the key is still checked against known_hosts)',
      '/cfg line 4: passwordauthentication ignored: Virt Deck may still ask for a password when the server offers it',
      '/cfg line 7: Unsupported option "compressionlevel"',
    ]);
  });
  it('notes a Match exec it did not run', () => {
    expect(judge('Match exec "true"\n  ForwardX11 yes\n').warnings).toEqual(['/cfg line 1: Match exec "true" not run (Virt Deck never runs ssh_config commands); either answer gives the same settings']);
  });
});
