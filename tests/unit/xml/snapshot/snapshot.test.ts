import { describe, expect, it } from 'vitest';
import { SnapshotXml } from '../../../../main/xml';
import { golden } from '../golden';

describe('SnapshotXml', () => {
  it('reads a snapshot, its disks and the domain saved with it', () => {
    const snap = SnapshotXml.parse(golden('test-snapshot.xml'));
    expect(snap.values()).toEqual({
      name: 'vd-lab-snap1',
      description: "first snapshot <with> 'quotes'",
      state: 'shutoff',
      creationTime: 1796669990,
      parent: null,
      memory: 'no',
      memoryFile: null,
    });
    expect(snap.disks.all().map((d) => [d.name, d.snapshot])).toEqual([
      ['vda', 'internal'],
      ['vdb', 'internal'],
      ['sda', 'no'],
    ]);
    expect(snap.domain.exists).toBe(true);
    expect(snap.domain.name).toBe('vd-lab-xmlgolden');
    expect(snap.domain.instance.project).toBe('demo');
    expect(snap.domain.disks.length).toBe(3);
  });
});
