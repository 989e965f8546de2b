import { describe, expect, it } from 'vitest';
import { parsePortNumber, parseTime, strtonum, validAlgorithmList, validProxyJump } from '../../../../main/ssh/config/values';

const services = (name: string) => ({ ssh: 22 })[name] ?? null;

describe('values', () => {
  it('parseTime reads OpenSSH time units', () => {
    expect(parseTime('1m')).toBe(60);
    expect(parseTime('1h30m')).toBe(5400);
    expect(parseTime('0')).toBe(0);
    expect(parseTime('2W')).toBe(1209600);
    expect(parseTime('5x')).toBeNull();
    expect(parseTime('-5')).toBeNull();
    expect(parseTime('5 5')).toBeNull();
    expect(parseTime('')).toBeNull();
  });
  it('strtonum and ports: signs, ranges, service names', () => {
    expect(strtonum('+22', 0, 65535)).toBe(22);
    expect(strtonum('0x16', 0, 65535)).toBeNull();
    expect(parsePortNumber('ssh', services)).toBe(22);
    expect(parsePortNumber('abc', services)).toBeNull();
    expect(parsePortNumber('65536', services)).toBeNull();
  });
  it('algorithm lists: known names, - lists unchecked, key wildcards', () => {
    expect(validAlgorithmList('aes128-ctr,chacha20-poly1305@openssh.com', 'cipher')).toBe(true);
    expect(validAlgorithmList('aes128-ctr,rot13', 'cipher')).toBe(false);
    expect(validAlgorithmList('-anything', 'cipher')).toBe(true);
    expect(validAlgorithmList('+ssh-ed25519*', 'key')).toBe(true);
    expect(validAlgorithmList('ssh-foo', 'key')).toBe(false);
  });
  it('ProxyJump syntax', () => {
    expect(validProxyJump('admin@bastion:2200,second', services)).toBe(true);
    expect(validProxyJump('ssh://u@h:22', services)).toBe(true);
    expect(validProxyJump('none', services)).toBe(true);
    expect(validProxyJump('user@', services)).toBe(false);
    expect(validProxyJump('h:0', services)).toBe(false);
  });
});
