import { describe, expect, it } from 'vitest';
import { checkHostname, checkInstanceId, renderMetaData } from '../../../main/cloud-init/meta-data';

describe('meta-data', () => {
  it('writes instance-id and local-hostname as quoted YAML strings', () => {
    expect(renderMetaData({ instanceId: '3f2c-uuid', hostname: 'web-1' })).toBe('instance-id: "3f2c-uuid"\nlocal-hostname: "web-1"\n');
    // YAML would read these unquoted as null, a boolean and a number.
    expect(renderMetaData({ instanceId: 'i-1', hostname: 'null' })).toContain('local-hostname: "null"\n');
  });

  it('accepts RFC 1123 hostnames and FQDNs up to 64 characters', () => {
    for (const name of ['a', 'vm1', 'web-01.lab.example', '1abc', 'x'.repeat(63), `${'a'.repeat(31)}.${'b'.repeat(32)}`]) expect(() => checkHostname(name)).not.toThrow();
  });

  it('refuses hostnames cloud-init or Linux would mangle, saying why', () => {
    expect(() => checkHostname('')).toThrow(/must not be empty/);
    expect(() => checkHostname('x'.repeat(65))).toThrow(/longer than 64/);
    expect(() => checkHostname('-web')).toThrow(/not starting or ending with a hyphen/);
    expect(() => checkHostname('web-')).toThrow(/hyphen/);
    expect(() => checkHostname('web_1')).toThrow(/letters, digits or hyphens/);
    expect(() => checkHostname('a..b')).toThrow(/1–63/);
    expect(() => checkHostname('web 1')).toThrow(/hostname "web 1"/);
    expect(() => checkHostname('10.0.0.1')).toThrow(/all-numeric/);
    expect(() => checkHostname(`${'a'.repeat(64)}`)).toThrow(/1–63/);
  });

  it('refuses instance ids that are empty, too long or not plain', () => {
    expect(() => checkInstanceId('i-0123:abc.def_1')).not.toThrow();
    expect(() => checkInstanceId('')).toThrow(/instanceId ""/);
    expect(() => checkInstanceId('x'.repeat(129))).toThrow(/1–128/);
    expect(() => checkInstanceId('a b')).toThrow(/instanceId "a b"/);
    expect(() => checkInstanceId('-a')).toThrow(/starting with a letter or digit/);
  });
});
