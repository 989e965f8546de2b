import { describe, expect, it } from 'vitest';
import { XmlError, bytesToMiB, gibToBytes, mibToBytes, sizeToBytes, unitBytes } from '../../../main/xml';
import { checkBytes, parseUnsigned } from '../../../main/xml/units';

describe('size units', () => {
  it("scales like libvirt's virScaleInteger: bare and iB are binary, B is decimal, any case", () => {
    expect(unitBytes('b')).toBe(1n);
    expect(unitBytes('bytes')).toBe(1n);
    expect(unitBytes('KiB')).toBe(1024n);
    expect(unitBytes('k')).toBe(1024n);
    expect(unitBytes('KB')).toBe(1000n);
    expect(unitBytes('mib')).toBe(1024n ** 2n);
    expect(unitBytes('G')).toBe(1024n ** 3n);
    expect(unitBytes('TB')).toBe(1000n ** 4n);
    expect(unitBytes('EiB')).toBe(1024n ** 6n);
    for (const bad of ['', 'x', 'KiBB', 'Ki', 'kilobytes']) expect(unitBytes(bad), bad).toBeNull();
  });

  it('reads value and unit as bytes, with the default unit when none is given', () => {
    expect(sizeToBytes('98304', 'KiB', 'bytes')).toBe(98304n * 1024n);
    expect(sizeToBytes('64', null, 'KiB')).toBe(65536n);
    expect(sizeToBytes(' 7 ', 'b', 'KiB')).toBe(7n);
    expect(sizeToBytes('-1', 'b', 'b')).toBeNull();
    expect(sizeToBytes('1e3', 'b', 'b')).toBeNull();
    expect(sizeToBytes('18446744073709551615', 'bytes', 'b')).toBe(18446744073709551615n);
    expect(parseUnsigned('9'.repeat(41))).toBeNull();
  });

  it('converts and checks', () => {
    expect(mibToBytes(64)).toBe(67108864n);
    expect(gibToBytes(1n)).toBe(1073741824n);
    expect(bytesToMiB(67108864n + 5n)).toBe(64);
    expect(checkBytes(5, 'x')).toBe(5n);
    expect(() => checkBytes(-1n, 'capacity')).toThrow(new XmlError('invalid-value', 'capacity must not be negative (-1)'));
    expect(() => checkBytes(0.5, 'capacity')).toThrow(XmlError);
  });
});
