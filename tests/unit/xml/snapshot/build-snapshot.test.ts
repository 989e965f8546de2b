import { describe, expect, it } from 'vitest';
import { SnapshotXml, buildSnapshotXml } from '../../../../main/xml';

describe('buildSnapshotXml', () => {
  it('builds an internal disk snapshot description, escaping the description', () => {
    const xml = buildSnapshotXml({ name: 'before-upgrade', description: `it's <risky> & "fun"`, memory: 'no', disks: [{ name: 'vda', snapshot: 'internal' }] });
    expect(xml).toBe(
      "<domainsnapshot>\n  <name>before-upgrade</name>\n  <description>it&apos;s &lt;risky&gt; &amp; &quot;fun&quot;</description>\n  <memory snapshot='no'/>\n" +
        "  <disks>\n    <disk name='vda' snapshot='internal'/>\n  </disks>\n</domainsnapshot>",
    );
    expect(SnapshotXml.parse(xml).description).toBe(`it's <risky> & "fun"`);
    expect(buildSnapshotXml()).toBe('<domainsnapshot/>');
  });

  it('refuses bad names and choices', () => {
    expect(() => buildSnapshotXml({ name: 'a/b' })).toThrow(/snapshot name/);
    expect(() => buildSnapshotXml({ memory: 'live' as 'no' })).toThrow(/snapshot memory must be one of/);
  });
});
