import { describe, expect, it } from 'vitest';
import { VolumeXml } from '../../../../main/xml';
import { golden } from '../golden';

describe('VolumeXml', () => {
  it('reads a qcow2 volume of the QEMU host with sizes in bytes', () => {
    expect(VolumeXml.parse(golden('qemu-volume.xml')).values()).toEqual({
      type: 'file',
      name: 'vd-lab-vol.qcow2',
      key: '/work/main/.lab/pool/vd-lab-vol.qcow2',
      capacity: 16777216n,
      allocation: 200704n,
      physical: 196616n,
      targetPath: '/work/main/.lab/pool/vd-lab-vol.qcow2',
      targetFormat: 'qcow2',
      backingPath: null,
      backingFormat: null,
    });
  });

  it('reads a test-driver volume and an overlay with its backing store', () => {
    expect(VolumeXml.parse(golden('test-file-volume.xml')).capacity).toBe(42949672960n);
    const overlay = VolumeXml.parse("<volume><name>o</name><capacity unit='G'>1</capacity><backingStore><path>/b.qcow2</path><format type='raw'/></backingStore></volume>");
    expect([overlay.capacity, overlay.backingPath, overlay.backingFormat]).toEqual([1073741824n, '/b.qcow2', 'raw']);
  });

  it('edits the size in place', () => {
    const source = golden('qemu-volume.xml');
    const v = VolumeXml.parse(source);
    v.capacity = 32n << 20n;
    expect(v.toXml()).toBe(source.replace("<capacity unit='bytes'>16777216</capacity>", "<capacity unit='bytes'>33554432</capacity>"));
  });
});
