import { describe, expect, it } from 'vitest';
import { XmlError, checkDomainName, checkMac, checkUuid, checkVolumeName } from '../../../main/xml';

describe('names and identifiers', () => {
  it('accepts domain names libvirt accepts, quotes and markup included (they are escaped, not refused)', () => {
    for (const name of ['web-1', 'a b', `it's "quoted"`, '<evil> & co', 'Ünïcode ☃', 'x'.repeat(200)]) expect(checkDomainName(name)).toBe(name);
  });

  it('refuses names libvirt or the file system would refuse, saying why', () => {
    const cases: [string, RegExp][] = [
      ['', /must not be empty/],
      ['</name><evil/>', /'\/' is not allowed/],
      ['../etc', /'\/' is not allowed/],
      ['line\nbreak', /control characters/],
      ['nul\u0000', /control characters/],
      ['esc\u001b[31m', /control characters/],
      ['del\u007f', /control characters/],
      [' padded', /whitespace/],
      ['..', /not a usable file name/],
      ['x'.repeat(201), /longer than 200 bytes/],
      ['é'.repeat(101), /longer than 200 bytes/],
      ['lone\uD800', /control characters/],
    ];
    for (const [name, why] of cases) {
      expect(() => checkDomainName(name), JSON.stringify(name)).toThrow(why);
      expect(() => checkVolumeName(name), JSON.stringify(name)).toThrow(XmlError);
    }
  });

  it('checks UUIDs and MACs and lower-cases them', () => {
    expect(checkUuid('3B0F5BB8-8D6C-4C1E-9F55-1B2D7F3A9E01')).toBe('3b0f5bb8-8d6c-4c1e-9f55-1b2d7f3a9e01');
    for (const bad of ['', '3b0f5bb88d6c4c1e9f551b2d7f3a9e01', '3b0f5bb8-8d6c-4c1e-9f55-1b2d7f3a9e0g', `3b0f5bb8-8d6c-4c1e-9f55-1b2d7f3a9e01'`]) {
      expect(() => checkUuid(bad)).toThrow(/invalid UUID/);
    }
    expect(checkMac('52:54:00:AB:cd:01')).toBe('52:54:00:ab:cd:01');
    expect(() => checkMac('01:00:5e:00:00:01')).toThrow(/multicast/);
    for (const bad of ['52:54:00:ab:cd', '52-54-00-ab-cd-01', '52:54:00:ab:cd:0g']) expect(() => checkMac(bad)).toThrow(/invalid MAC/);
  });
});
