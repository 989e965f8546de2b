import { describe, expect, it } from 'vitest';
import { checkHostname } from '../../../../main/cloud-init';
import { chooseDomainName, instanceHostname, instanceVolumeName } from '../../../../main/compute/build/names';

const UUID = '0c8a4c2e-5b1f-4f7e-9b55-3a1d2e4f6a7b';

describe('instance names on a host', () => {
  it("derives the guest hostname as Nova's sanitize_hostname does", () => {
    expect(instanceHostname('web-1', UUID)).toBe('web-1');
    expect(instanceHostname('My Web_Server.prod', UUID)).toBe('my-web-server-prod');
    expect(instanceHostname('--édition spéciale!!--', UUID)).toBe('edition-speciale');
    expect(instanceHostname('x'.repeat(80), UUID)).toHaveLength(63);
    expect(instanceHostname(`${'a'.repeat(62)}-b`, UUID)).toBe('a'.repeat(62));
    // Nothing usable, or only digits (a resolver would read it as an address): a name from the uuid.
    expect(instanceHostname('日本語', UUID)).toBe('instance-0c8a4c2e');
    expect(instanceHostname('12345', UUID)).toBe('instance-0c8a4c2e');
  });

  it('always yields a hostname cloud-init accepts', () => {
    for (const name of ['a', 'A--B', ' spaced out ', '<script>', 'ünïcödé-ñame', '-', '9', 'a.b.c', 'x_y z']) {
      expect(() => checkHostname(instanceHostname(name, UUID)), name).not.toThrow();
    }
  });

  it("names volumes as Nova's files", () => {
    expect(instanceVolumeName(UUID, 'root')).toBe(`${UUID}_disk`);
    expect(instanceVolumeName(UUID, 'ephemeral')).toBe(`${UUID}_disk.eph0`);
    expect(instanceVolumeName(UUID, 'swap')).toBe(`${UUID}_disk.swap`);
    expect(instanceVolumeName(UUID, 'config')).toBe(`${UUID}_disk.config`);
  });

  it('keeps the instance name for the domain unless the host has a domain of that name', () => {
    expect(chooseDomainName('web', UUID, () => false)).toBe('web');
    expect(chooseDomainName('web', UUID, (name) => name === 'web')).toBe('web-0c8a4c2e');
  });
});
