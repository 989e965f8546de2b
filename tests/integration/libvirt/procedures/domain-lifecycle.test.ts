import { describe, expect, it } from 'vitest';
import {
  DestroyFlags,
  DomainState,
  DomainXmlFlags,
  ErrorCode,
  ListDomainsFlags,
  ModificationImpact,
  SetMemoryFlags,
  UndefineFlags,
  isLibvirtError,
  type DomainRef,
} from '../../../../main/libvirt';
import { TRANSPORTS, bestEffort, freshName, testDomainXml, useConnection } from './helpers';

describe.each(TRANSPORTS)('domains on test:///default over %s', (transport) => {
  const { conn } = useConnection('test-default', transport);

  /** Define a fresh domain, run the body, undefine whatever is left. */
  async function withDomain(body: (dom: DomainRef) => Promise<void>, xml?: (name: string) => string): Promise<void> {
    const name = freshName('dom');
    const dom = await conn().domains.define((xml ?? testDomainXml)(name));
    try {
      await body(dom);
    } finally {
      await bestEffort(
        () => conn().domains.destroy(dom),
        () => conn().domains.undefine(dom, { flags: UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA }),
      );
    }
  }

  it('defines, looks up by name/UUID/id, reads XML, lists, and undefines', async () => {
    const d = conn().domains;
    const name = freshName('dom');
    const dom = await d.define(testDomainXml(name));
    expect(dom).toMatchObject({ name, id: -1 });
    expect(dom.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await d.lookupByName(name)).toEqual(dom);
    expect(await d.lookupByUuid(dom.uuid)).toEqual(dom);
    expect(await d.getXmlDesc(dom, { flags: DomainXmlFlags.INACTIVE })).toContain(`<uuid>${dom.uuid}</uuid>`);
    expect((await d.listAll({ flags: ListDomainsFlags.INACTIVE })).map((x) => x.name)).toContain(name);
    expect((await d.listAll({ flags: ListDomainsFlags.ACTIVE })).map((x) => x.name)).not.toContain(name);

    const started = await d.create(dom);
    expect(started.id).toBeGreaterThan(0);
    expect(await d.lookupById(started.id)).toEqual(started);
    await d.destroy(started, { flags: DestroyFlags.DEFAULT });
    await d.undefine(dom);
    const gone = await d.lookupByName(name).catch((e: unknown) => e);
    expect(isLibvirtError(gone, ErrorCode.NO_DOMAIN)).toBe(true);
  });

  it('runs the lifecycle: start, suspend, resume, reboot, shutdown, start, destroy', async () => {
    await withDomain(async (dom) => {
      const d = conn().domains;
      expect(await d.getState(dom)).toMatchObject({ state: DomainState.SHUTOFF });
      const running = await d.create(dom);
      const info = await d.getInfo(running);
      expect(info).toMatchObject({ state: DomainState.RUNNING, maxMem: 131_072n, memory: 131_072n, nrVirtCpu: 1 });
      expect(typeof info.cpuTime).toBe('bigint');
      await d.suspend(running);
      expect((await d.getState(running)).state).toBe(DomainState.PAUSED);
      await d.resume(running);
      expect((await d.getState(running)).state).toBe(DomainState.RUNNING);
      await d.reboot(running);
      expect((await d.getState(running)).state).toBe(DomainState.RUNNING);
      await d.shutdown(running);
      expect((await d.getState(dom)).state).toBe(DomainState.SHUTOFF);
      const again = await d.create(dom);
      await d.destroy(again);
      expect((await d.getInfo(dom)).state).toBe(DomainState.SHUTOFF);
    });
  });

  it("rejects starting a running domain with the driver's error", async () => {
    await withDomain(async (dom) => {
      await conn().domains.create(dom);
      const error = await conn().domains.create(dom).catch((e: unknown) => e);
      // The test driver says INTERNAL_ERROR here (QEMU says OPERATION_INVALID).
      expect(isLibvirtError(error, ErrorCode.INTERNAL_ERROR)).toBe(true);
      expect((error as Error).message).toMatch(/is already running \(DOMAIN_CREATE_WITH_FLAGS/);
    });
  });

  it('managed-saves, reports the image, restores on start, and removes it', async () => {
    await withDomain(async (dom) => {
      const d = conn().domains;
      await d.create(dom);
      expect(await d.hasManagedSaveImage(dom)).toBe(false);
      await d.managedSave(dom);
      expect(await d.hasManagedSaveImage(dom)).toBe(true);
      expect((await d.getState(dom)).state).toBe(DomainState.SHUTOFF);
      await d.create(dom);
      expect(await d.hasManagedSaveImage(dom)).toBe(false);
      await d.managedSave(dom);
      await d.managedSaveRemove(dom);
      expect(await d.hasManagedSaveImage(dom)).toBe(false);
    });
  });

  it('gets and sets autostart', async () => {
    await withDomain(async (dom) => {
      expect(await conn().domains.getAutostart(dom)).toBe(false);
      await conn().domains.setAutostart(dom, true);
      expect(await conn().domains.getAutostart(dom)).toBe(true);
      await conn().domains.setAutostart(dom, false);
      expect(await conn().domains.getAutostart(dom)).toBe(false);
    });
  });

  it('sets vCPUs and memory on the live domain', async () => {
    await withDomain(async (dom) => {
      const d = conn().domains;
      const running = await d.create(dom);
      await d.setVcpus(running, 2, { flags: ModificationImpact.LIVE });
      expect((await d.getInfo(running)).nrVirtCpu).toBe(2);
      await d.setMemory(running, 65_536n, { flags: ModificationImpact.LIVE });
      expect((await d.getInfo(running)).memory).toBe(65_536n);
      await d.setMemory(running, 262_144, { flags: ModificationImpact.CONFIG | SetMemoryFlags.MAXIMUM });
      expect(await d.getXmlDesc(running, { flags: DomainXmlFlags.INACTIVE })).toContain("<memory unit='KiB'>262144</memory>");
    }, (name) => testDomainXml(name, { vcpus: 1, maxVcpus: 4 }));
  });

  it('reports interface addresses (the test driver invents one per NIC)', async () => {
    const xml = (name: string) =>
      testDomainXml(name).replace('</os>', "</os>\n  <devices><interface type='network'><source network='default'/><mac address='52:54:00:12:34:56'/></interface></devices>");
    await withDomain(async (dom) => {
      const running = await conn().domains.create(dom);
      const ifaces = await conn().domains.interfaceAddresses(running);
      expect(ifaces.length).toBe(1);
      expect(ifaces[0]).toMatchObject({ hwaddr: '52:54:00:12:34:56' });
      // A made-up 192.168.x.y/24 (the third octet varies with the domain's id).
      expect(ifaces[0]!.addrs[0]).toMatchObject({ type: 0, prefix: 24 });
      expect(ifaces[0]!.addrs[0]?.addr).toMatch(/^192\.168\.\d+\.\d+$/);
    }, xml);
  });
});
