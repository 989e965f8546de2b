import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DomainState, DomainXmlFlags, UndefineFlags, type LibvirtConnection } from '../../../main/libvirt';
import {
  CapabilitiesXml,
  DomainXml,
  NetworkXml,
  PoolXml,
  SnapshotXml,
  VolumeXml,
  buildDomainXml,
  buildQcow2OverlayXml,
  buildSnapshotXml,
  chooseGuest,
  parseXml,
  type DomainSpec,
} from '../../../main/xml';
import { bestEffort, freshName, useConnection } from '../libvirt/procedures/helpers';

/**
 * What the XML layer writes, libvirt and QEMU accept; what they write back, the layer reads and prints byte
 * for byte. Builds a qcow2 overlay and a domain from a spec, defines and starts it on the lab's QEMU host, and
 * takes a snapshot on the test driver.
 */

const HOSTILE = `it's <"quoted"> & ]]> <!-- -->`;

function metadata(uuid: string): DomainSpec['metadata'] {
  return { uuid, name: HOSTILE, project: `</virtdeck:project><evil/>`, flavor: { name: 'm1.tiny', vcpus: 1, ram: 64, disk: 1, ephemeral: 0, swap: 0 }, imageId: 'img-1', owner: 'lab', createdBy: 'xml-test' };
}

/** Print what libvirt sent back after parsing it: must be identical. */
function expectRoundTrip(xml: string): void {
  expect(parseXml(xml).serialize()).toBe(xml);
}

describe('XML layer on the QEMU host', () => {
  const { lab, conn } = useConnection('qemu', 'unix');

  it('reads capabilities, pool, volume and network the host sends, and prints them back unchanged', async () => {
    const c = conn();
    const caps = await c.host.getCapabilities();
    expectRoundTrip(caps);
    expect(chooseGuest(CapabilitiesXml.parse(caps), { domainType: 'qemu' })).toMatchObject({ arch: 'x86_64', osType: 'hvm' });
    const pool = await c.storage.lookupPoolByName(lab().qemu.pool.name);
    const poolXml = await c.storage.getPoolXmlDesc(pool);
    expectRoundTrip(poolXml);
    expect(PoolXml.parse(poolXml).targetPath).toBe(lab().qemu.pool.path);
    const vol = await c.storage.lookupVolByName(pool, lab().qemu.pool.volume.name);
    const volXml = await c.storage.getVolXmlDesc(vol);
    expectRoundTrip(volXml);
    expect(VolumeXml.parse(volXml)).toMatchObject({ targetPath: lab().qemu.pool.volume.path, targetFormat: 'qcow2' });
    const network = lab().qemu.network;
    if (network === null) return; // the lab could not create bridges here
    const netXml = await c.networks.getXmlDesc(await c.networks.lookupByName(network.name));
    expectRoundTrip(netXml);
    expect(NetworkXml.parse(netXml).bridge).toBe(network.bridge);
  });

  it('defines and starts a domain built from a spec on a qcow2 overlay; libvirt keeps every value', async () => {
    const c: LibvirtConnection = conn();
    const guest = chooseGuest(CapabilitiesXml.parse(await c.host.getCapabilities()), { domainType: 'qemu' });
    const pool = await c.storage.lookupPoolByName(lab().qemu.pool.name);
    const name = freshName('xml');
    const overlay = await c.storage.createVolXml(pool, buildQcow2OverlayXml(`${name}.qcow2`, lab().qemu.pool.volume.path, 16n << 20n));
    const logFile = `/tmp/${name}.log`;
    const uuid = randomUUID();
    const xml = buildDomainXml({
      name,
      uuid,
      type: 'qemu',
      vcpus: 1,
      memoryMiB: 64,
      arch: guest.arch,
      machine: guest.machine,
      emulator: guest.emulator,
      title: HOSTILE,
      description: `</description><evil/>\nsecond line`,
      disks: [{ source: { pool: pool.name, volume: overlay.name }, format: 'qcow2' }],
      interfaces: lab().qemu.network === null ? [] : [{ network: lab().qemu.network!.name }],
      serialConsole: { logFile },
      metadata: metadata(uuid),
    });
    const dom = await c.domains.define(xml);
    try {
      const overlayXml = VolumeXml.parse(await c.storage.getVolXmlDesc(overlay));
      expect([overlayXml.backingPath, overlayXml.capacity]).toEqual([lab().qemu.pool.volume.path, 16n << 20n]);

      const inactive = await c.domains.getXmlDesc(dom, { flags: DomainXmlFlags.INACTIVE });
      expectRoundTrip(inactive);
      const defined = DomainXml.parse(inactive);
      expect(defined.values()).toMatchObject({ name, uuid, title: HOSTILE, description: `</description><evil/>\nsecond line`, memory: 64n << 20n, vcpus: 1 });
      expect(defined.instance.values()).toMatchObject({ uuid, name: HOSTILE, project: `</virtdeck:project><evil/>`, imageId: 'img-1' });
      expect(defined.instance.flavor.values()).toEqual({ name: 'm1.tiny', vcpus: 1, ram: 64, disk: 1, ephemeral: 0, swap: 0 });
      expect(defined.disks.at(0)?.source()).toEqual({ kind: 'volume', pool: pool.name, volume: overlay.name });

      await c.domains.create(dom);
      const live = DomainXml.parse(await c.domains.getXmlDesc(dom));
      expect(live.id).toBeGreaterThan(0);
      const vnc = live.graphics.at(0);
      expect(vnc?.values()).toMatchObject({ type: 'vnc', autoport: true, listen: '127.0.0.1' });
      expect(vnc?.port).toBeGreaterThanOrEqual(5900);
      expect(live.consoles.at(0)?.tty).toMatch(/^\/dev\/pts\//);
      expect(live.serials.at(0)?.logFile).toBe(logFile);
      if (lab().qemu.network !== null) expect(live.interfaces.at(0)?.mac).toMatch(/^52:54:00:/);

      // Edit what libvirt sent and define it again: only the edit changes, our metadata stays.
      await c.domains.destroy(dom);
      const edited = DomainXml.parse(await c.domains.getXmlDesc(dom, { flags: DomainXmlFlags.INACTIVE }));
      edited.vcpus = 2;
      edited.instance.flavor.vcpus = 2;
      await c.domains.define(edited.toXml());
      const redefined = DomainXml.parse(await c.domains.getXmlDesc(dom, { flags: DomainXmlFlags.INACTIVE }));
      expect([redefined.vcpus, redefined.instance.flavor.vcpus, redefined.instance.project]).toEqual([2, 2, `</virtdeck:project><evil/>`]);
      expect((await c.domains.getState(dom)).state).toBe(DomainState.SHUTOFF);
    } finally {
      await bestEffort(
        () => c.domains.destroy(dom),
        () => c.domains.undefine(dom, { flags: UndefineFlags.MANAGED_SAVE }),
        () => c.storage.deleteVol(overlay),
      );
      await rm(logFile, { force: true });
    }
  });

  it('defines a VNC display on a unix socket with a password', async () => {
    const c = conn();
    const name = freshName('xmlsock');
    const socket = `/tmp/${name}.vnc`;
    const dom = await c.domains.define(
      buildDomainXml({ name, uuid: randomUUID(), type: 'qemu', vcpus: 1, memoryMiB: 64, arch: 'x86_64', disks: [], interfaces: [], graphics: { socket, password: 'pw' }, serialConsole: null }),
    );
    try {
      const vnc = DomainXml.parse(await c.domains.getXmlDesc(dom, { flags: DomainXmlFlags.INACTIVE | DomainXmlFlags.SECURE })).graphics.at(0);
      expect(vnc?.passwd).toBe('pw');
      expect(vnc?.listens.at(0)?.values()).toMatchObject({ type: 'socket', socket });
    } finally {
      await bestEffort(() => c.domains.undefine(dom));
    }
  });
});

describe('XML layer on the test driver', () => {
  const { conn } = useConnection('test-default', 'unix');

  it('takes a snapshot described by buildSnapshotXml and reads it back with the domain inside', async () => {
    const c = conn();
    const name = freshName('xmlsnap');
    const uuid = randomUUID();
    const dom = await c.domains.define(
      buildDomainXml({
        name,
        uuid,
        type: 'test',
        vcpus: 1,
        memoryMiB: 64,
        arch: 'i686',
        disks: [{ source: { path: `/guest/${name}.qcow2` }, format: 'qcow2' }],
        interfaces: [{ network: 'default' }],
        metadata: metadata(uuid),
      }),
    );
    try {
      const snap = await c.snapshots.create(dom, buildSnapshotXml({ name: 'first', description: HOSTILE }));
      const xml = await c.snapshots.getXmlDesc(snap);
      expectRoundTrip(xml);
      const back = SnapshotXml.parse(xml);
      expect(back.values()).toMatchObject({ name: 'first', description: HOSTILE, state: 'shutoff' });
      expect(back.creationTime).toBeGreaterThan(1_600_000_000);
      expect(back.domain.instance.project).toBe(`</virtdeck:project><evil/>`);
      await c.snapshots.delete(snap);
    } finally {
      await bestEffort(() => c.domains.undefine(dom, { flags: UndefineFlags.SNAPSHOTS_METADATA }));
    }
  });
});
