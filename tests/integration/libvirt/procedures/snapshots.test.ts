import { describe, expect, it } from 'vitest';
import { DomainState, ErrorCode, SnapshotDeleteFlags, UndefineFlags, isLibvirtError } from '../../../../main/libvirt';
import { TRANSPORTS, bestEffort, freshName, testDomainXml, useConnection } from './helpers';

describe.each(TRANSPORTS)('snapshots on test:///default over %s', (transport) => {
  const { conn } = useConnection('test-default', transport);

  it('creates, lists, looks up, reverts to and deletes snapshots', async () => {
    const { domains, snapshots } = conn();
    const dom = await domains.define(testDomainXml(freshName('snap')));
    try {
      const running = await domains.create(dom);
      const first = await snapshots.create(running, '<domainsnapshot><name>first</name><description>while running</description></domainsnapshot>');
      expect(first).toEqual({ name: 'first', dom: running });
      await domains.suspend(running);
      const second = await snapshots.create(running, '<domainsnapshot><name>second</name></domainsnapshot>');

      expect((await snapshots.listAll(running)).map((s) => s.name).sort()).toEqual(['first', 'second']);
      expect(await snapshots.lookupByName(running, 'second')).toEqual(second);
      expect((await snapshots.current(running)).name).toBe('second');
      expect(await snapshots.getXmlDesc(first)).toContain('<description>while running</description>');

      // "first" was taken while running: reverting brings the domain back to RUNNING.
      await snapshots.revert(first);
      expect((await domains.getState(running)).state).toBe(DomainState.RUNNING);

      await snapshots.delete(second);
      expect((await snapshots.listAll(running)).map((s) => s.name)).toEqual(['first']);
      const gone = await snapshots.lookupByName(running, 'second').catch((e: unknown) => e);
      expect(isLibvirtError(gone, ErrorCode.NO_DOMAIN_SNAPSHOT)).toBe(true);
      await snapshots.delete(first, { flags: SnapshotDeleteFlags.CHILDREN });
      expect(await snapshots.listAll(running)).toEqual([]);
    } finally {
      await bestEffort(
        () => domains.destroy(dom),
        () => domains.undefine(dom, { flags: UndefineFlags.SNAPSHOTS_METADATA | UndefineFlags.MANAGED_SAVE }),
      );
    }
  });
});
