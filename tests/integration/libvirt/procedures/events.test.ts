import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LifecycleEvent, StoragePoolLifecycleEvent, UndefineFlags, type DomainLifecycleEvent, type EventSubscription } from '../../../../main/libvirt';
import { virsh } from '../../../lab';
import { TRANSPORTS, bestEffort, freshName, testDomainXml, useConnection } from './helpers';

const WAIT = { timeoutMs: 15_000 };

/** Wait for the next lifecycle event of one domain (events of other tests' domains are skipped). */
function nextFor(sub: EventSubscription<DomainLifecycleEvent>, name: string): Promise<DomainLifecycleEvent> {
  return sub.waitFor((e) => e.dom.name === name, WAIT);
}

describe.each(TRANSPORTS)('events on test:///default over %s', (transport) => {
  const { conn, lab } = useConnection('test-default', transport);
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vd-events-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers the lifecycle of a domain we drive ourselves, with named events and details', async () => {
    const c = conn();
    const sub = await c.events.domainLifecycle();
    const name = freshName('ev');
    try {
      const dom = await c.domains.define(testDomainXml(name));
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'DEFINED', detailName: 'ADDED', dom: { uuid: dom.uuid, id: -1 } });
      const running = await c.domains.create(dom);
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'STARTED', detailName: 'BOOTED', dom: { id: running.id } });
      await c.domains.suspend(running);
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'SUSPENDED', detailName: 'PAUSED' });
      await c.domains.resume(running);
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'RESUMED', detailName: 'UNPAUSED' });
      await c.domains.managedSave(running);
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'STOPPED', detailName: 'SAVED', dom: { id: -1 } });
      await c.domains.create(dom);
      // The test driver reports a managed-save restore as BOOTED (libvirt-protocol.md §12.3).
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'STARTED', detailName: 'BOOTED' });
      await c.domains.destroy(dom);
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'STOPPED', detailName: 'DESTROYED' });
      await c.domains.undefine(dom);
      expect(await nextFor(sub, name)).toMatchObject({ event: LifecycleEvent.UNDEFINED, detailName: 'REMOVED' });
      // The first registration on a connection gets id 0: it must still be routed.
      expect(typeof sub.callbackID).toBe('number');
    } finally {
      await sub.close();
      await bestEffort(async () => c.domains.undefine(await c.domains.lookupByName(name), { flags: UndefineFlags.MANAGED_SAVE }));
    }
  });

  it('delivers events caused by another client (virsh in a child process)', async () => {
    const c = conn();
    const name = freshName('virsh');
    const file = join(dir, `${name}.xml`);
    writeFileSync(file, testDomainXml(name));
    const sub = await c.events.domainLifecycle();
    try {
      await virsh(lab(), ['define', file], { host: 'test-default' });
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'DEFINED' });
      await virsh(lab(), ['start', name], { host: 'test-default' });
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'STARTED', detailName: 'BOOTED' });
      await virsh(lab(), ['destroy', name], { host: 'test-default' });
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'STOPPED', detailName: 'DESTROYED' });
      await virsh(lab(), ['undefine', name], { host: 'test-default' });
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'UNDEFINED' });
    } finally {
      await sub.close();
      await virsh(lab(), ['undefine', name], { host: 'test-default' }).catch(() => undefined);
    }
  });

  it('filters by domain on the daemon, and stops on AbortSignal with the registration released', async () => {
    const c = conn();
    const watched = await c.domains.define(testDomainXml(freshName('watched')));
    const other = await c.domains.define(testDomainXml(freshName('other')));
    const before = c.client.inFlight.subscriptions;
    const controller = new AbortController();
    const seen: DomainLifecycleEvent[] = [];
    const sub = await c.events.domainLifecycle({ dom: watched, signal: controller.signal, onEvent: (e) => seen.push(e) });
    try {
      await c.domains.create(other);
      await c.domains.create(watched);
      const all = await c.events.domainLifecycle();
      await c.domains.destroy(watched);
      await all.waitFor((e) => e.dom.uuid === watched.uuid && e.event === LifecycleEvent.STOPPED, WAIT);
      await all.close();
      expect(seen.map((e) => [e.dom.name, e.eventName])).toEqual([
        [watched.name, 'STARTED'],
        [watched.name, 'STOPPED'],
      ]);
      controller.abort();
      expect(await sub.ended).toBeNull();
      await c.domains.create(watched);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toHaveLength(2);
      expect(c.client.inFlight.subscriptions).toBe(before);
    } finally {
      await sub.close();
      await bestEffort(
        () => c.domains.destroy(watched),
        () => c.domains.destroy(other),
        () => c.domains.undefine(watched),
        () => c.domains.undefine(other),
      );
    }
  });

  it('works with the legacy registration (167/107) too', async () => {
    const c = conn();
    const sub = await c.events.domainLifecycle({ mode: 'legacy' });
    expect(sub.legacy).toBe(true);
    const name = freshName('legacy');
    try {
      const dom = await c.domains.define(testDomainXml(name));
      expect(await nextFor(sub, name)).toMatchObject({ callbackID: null, eventName: 'DEFINED', dom: { uuid: dom.uuid } });
      await c.domains.undefine(dom);
      expect(await nextFor(sub, name)).toMatchObject({ eventName: 'UNDEFINED' });
    } finally {
      await sub.close();
      await bestEffort(async () => c.domains.undefine(await c.domains.lookupByName(name)));
    }
  });

  it('delivers network and storage pool lifecycle events', async () => {
    const c = conn();
    const nets = await c.events.networkLifecycle();
    const pools = await c.events.storagePool();
    const netName = freshName('evnet');
    const poolName = freshName('evpool');
    try {
      const net = await c.networks.define(`<network><name>${netName}</name><bridge name='vde${netName.slice(-8)}'/></network>`);
      expect(await nets.waitFor((e) => e.net.name === netName, WAIT)).toMatchObject({ eventName: 'DEFINED' });
      await c.networks.undefine(net);
      expect(await nets.waitFor((e) => e.net.name === netName, WAIT)).toMatchObject({ eventName: 'UNDEFINED' });

      const pool = await c.storage.definePool(`<pool type='dir'><name>${poolName}</name><target><path>/${poolName}</path></target></pool>`);
      expect(await pools.waitFor((e) => e.pool.name === poolName, WAIT)).toMatchObject({ kind: 'pool-lifecycle', event: StoragePoolLifecycleEvent.DEFINED });
      await c.storage.undefinePool(pool);
      expect(await pools.waitFor((e) => e.pool.name === poolName, WAIT)).toMatchObject({ event: StoragePoolLifecycleEvent.UNDEFINED });
    } finally {
      await nets.close();
      await pools.close();
      await bestEffort(
        async () => c.networks.undefine(await c.networks.lookupByName(netName)),
        async () => c.storage.undefinePool(await c.storage.lookupPoolByName(poolName)),
      );
    }
  });
});
