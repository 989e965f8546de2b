import { describe, expect, it } from 'vitest';
import { buildNoCloudSeed, CloudInitInputError } from '../../../main/cloud-init';
import { readDescriptors, rockRidgeFiles } from './iso9660/iso-reader';
import { ed25519KeyLine } from './keys';

const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

describe('buildNoCloudSeed', () => {
  it('puts meta-data, user-data and network-config in an ISO labelled cidata', () => {
    const key = ed25519KeyLine('ops@lab');
    const seed = buildNoCloudSeed({ instanceId: 'b7c1', hostname: 'web-1', sshAuthorizedKeys: [key.line], networkConfig: 'network:\n  version: 2\n', modifiedAt: when });
    expect(seed).toMatchObject({ format: 'iso9660', volumeId: 'cidata', userDataContentType: 'text/cloud-config', keys: [{ type: 'ssh-ed25519', fingerprint: key.fingerprint, comment: 'ops@lab' }] });
    expect(readDescriptors(seed.image)[0]?.volumeId.toString('ascii').trim()).toBe('cidata');
    const files = rockRidgeFiles(seed.image);
    expect([...files.keys()].sort()).toEqual(['meta-data', 'network-config', 'user-data']);
    expect(files.get('meta-data')?.toString()).toBe('instance-id: "b7c1"\nlocal-hostname: "web-1"\n');
    expect(files.get('user-data')).toEqual(seed.files.userData);
    expect(files.get('user-data')?.toString()).toContain(key.line);
    expect(seed.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(buildNoCloudSeed({ instanceId: 'b7c1', hostname: 'web-1', sshAuthorizedKeys: [key.line], networkConfig: 'network:\n  version: 2\n', modifiedAt: when }).sha256).toBe(seed.sha256);
  });

  it('leaves network-config out unless given, and drops duplicate keys', () => {
    const key = ed25519KeyLine('dup');
    const seed = buildNoCloudSeed({ instanceId: 'i', hostname: 'h', sshAuthorizedKeys: [key.line, `${key.line.split(' ').slice(0, 2).join(' ')} other comment`] });
    expect([...rockRidgeFiles(seed.image).keys()].sort()).toEqual(['meta-data', 'user-data']);
    expect(seed.keys).toHaveLength(1);
  });

  it('reports the first bad field by name', () => {
    const error = (request: Parameters<typeof buildNoCloudSeed>[0]): CloudInitInputError => {
      try {
        buildNoCloudSeed(request);
      } catch (caught) {
        if (caught instanceof CloudInitInputError) return caught;
        throw caught;
      }
      throw new Error('no error');
    };
    expect(error({ instanceId: 'i', hostname: 'bad_name' }).field).toBe('hostname');
    expect(error({ instanceId: '', hostname: 'h' }).field).toBe('instanceId');
    expect(error({ instanceId: 'i', hostname: 'h', sshAuthorizedKeys: [ed25519KeyLine().line, 'nope'] }).field).toBe('sshAuthorizedKeys[1]');
    expect(error({ instanceId: 'i', hostname: 'h', sshAuthorizedKeys: Array.from({ length: 65 }, () => 'x') }).message).toMatch(/65 keys; at most 64/);
    expect(error({ instanceId: 'i', hostname: 'h', userData: 'hello' }).field).toBe('userData');
    expect(error({ instanceId: 'i', hostname: 'h', networkConfig: 'config: disabled\n' }).message).toMatch(/version 1 or 2/);
    expect(error({ instanceId: 'i', hostname: 'h', networkConfig: `version: 2\n#${'x'.repeat(70_000)}` }).message).toMatch(/longer than 65536/);
  });
});
