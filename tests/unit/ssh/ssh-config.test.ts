import { describe, expect, it } from 'vitest';
import { resolveSshConfig, SshConfigError, sshConfigFileRefs } from '../../../main/ssh';
import { memorySystem } from './config/memory-system';

describe('sshConfigFileRefs', () => {
  it('reads ~/.ssh/config (checked, optional) then /etc/ssh/ssh_config by default, as ssh does', () => {
    expect(sshConfigFileRefs({}, '/home/me')).toEqual([
      { path: '/home/me/.ssh/config', userConfig: true, required: false, checkPermissions: true },
      { path: '/etc/ssh/ssh_config', userConfig: false, required: false, checkPermissions: false },
    ]);
  });
  it('reads one named file as `ssh -F` does, or nothing', () => {
    expect(sshConfigFileRefs({ sshConfigFile: '/x' }, '/home/me')).toEqual([{ path: '/x', userConfig: true, required: true, checkPermissions: false }]);
    expect(sshConfigFileRefs({ sshConfigFile: null }, '/home/me')).toEqual([]);
  });
});

describe('resolveSshConfig', () => {
  const files = (_text: string) => [{ path: '/cfg', userConfig: true, required: true, checkPermissions: false }] as const;
  it('resolves through the files', () => {
    const sys = memorySystem({ '/cfg': 'Host lab\n  HostName 10.1.1.1\n  User admin\n' });
    expect(resolveSshConfig({ host: 'lab', files: files('') }, sys)).toMatchObject({ hostName: '10.1.1.1', user: 'admin', port: 22 });
  });
  it('turns refusals into SshConfigError naming the host and each file line', () => {
    const sys = memorySystem({ '/cfg': 'Port abc\nFrob 1\n' });
    expect(() => resolveSshConfig({ host: 'lab', files: files('') }, sys)).toThrow(SshConfigError);
    expect(() => resolveSshConfig({ host: 'lab', files: files('') }, sys)).toThrow("ssh_config for lab refused: /cfg line 1: Bad port 'abc'.; /cfg line 2: Bad configuration option: frob");
  });
  it('a named file that does not exist is an error, as with ssh -F', () => {
    expect(() => resolveSshConfig({ host: 'lab', files: files('') }, memorySystem({}))).toThrow(/Can't open user config file \/cfg/);
  });
});
