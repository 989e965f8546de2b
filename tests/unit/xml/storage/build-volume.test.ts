import { describe, expect, it } from 'vitest';
import { VolumeXml, buildQcow2OverlayXml, buildVolumeXml } from '../../../../main/xml';

describe('buildVolumeXml', () => {
  it('builds a raw or qcow2 volume', () => {
    expect(buildVolumeXml({ name: 'base.raw', capacityBytes: 1n << 20n, allocationBytes: 0, format: 'raw' })).toBe(
      "<volume type='file'>\n  <name>base.raw</name>\n  <capacity unit='bytes'>1048576</capacity>\n  <allocation unit='bytes'>0</allocation>\n  <target>\n    <format type='raw'/>\n  </target>\n</volume>",
    );
  });

  it('builds the qcow2 overlay on a base image, escaping the path', () => {
    const xml = buildQcow2OverlayXml('i-1.qcow2', "/var/lib/base/a&b's.qcow2", 1n << 30n);
    expect(xml).toBe(
      "<volume type='file'>\n  <name>i-1.qcow2</name>\n  <capacity unit='bytes'>1073741824</capacity>\n  <target>\n    <format type='qcow2'/>\n  </target>\n" +
        "  <backingStore>\n    <path>/var/lib/base/a&amp;b&apos;s.qcow2</path>\n    <format type='qcow2'/>\n  </backingStore>\n</volume>",
    );
    expect(VolumeXml.parse(xml).backingPath).toBe("/var/lib/base/a&b's.qcow2");
  });

  it('refuses what libvirt would refuse, saying why', () => {
    expect(() => buildVolumeXml({ name: '../x', capacityBytes: 1 })).toThrow(/'\/' is not allowed/);
    expect(() => buildVolumeXml({ name: 'x', capacityBytes: -1 })).toThrow(/must not be negative/);
    expect(() => buildVolumeXml({ name: 'x', capacityBytes: 1, format: 'vmdk' as 'raw' })).toThrow(/volume format must be one of qcow2, raw/);
    expect(() => buildVolumeXml({ name: 'x', capacityBytes: 1, format: 'raw', backingStore: { path: '/b' } })).toThrow(/must be qcow2/);
    expect(() => buildVolumeXml({ name: 'x', capacityBytes: 1, backingStore: { path: 'b' } })).toThrow(/must be absolute/);
  });
});
