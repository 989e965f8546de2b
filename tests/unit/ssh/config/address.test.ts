import { describe, expect, it } from 'vitest';
import { finalHostName, isAddress } from '../../../../main/ssh/config/address';

describe('finalHostName (ssh.c lowercase + resolve_addr)', () => {
  it('lowercases names, keeps address-like text, canonicalizes numeric addresses', () => {
    expect(finalHostName('Lab.Example.ORG')).toBe('lab.example.org');
    expect(finalHostName('127.1')).toBe('127.0.0.1');
    expect(finalHostName('0x7f.0.0.2')).toBe('127.0.0.2');
    expect(finalHostName('FE80:0:0:0:0:0:0:1')).toBe('fe80::1');
    expect(finalHostName('::FFFF:10.0.0.1')).toBe('::FFFF:10.0.0.1');
    expect(finalHostName('::ffff:a00:1')).toBe('::ffff:10.0.0.1');
    expect(finalHostName('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(finalHostName('1.2.3.4.5')).toBe('1.2.3.4.5');
    expect(finalHostName('Weird:Name')).toBe('Weird:Name');
  });
  it('tells addresses from names', () => {
    expect(isAddress('10.1.2.3')).toBe(true);
    expect(isAddress('lab')).toBe(false);
  });
});
