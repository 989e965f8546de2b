import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  ConnectFeature,
  DomainState,
  DomainXmlFlags,
  ErrorCode,
  JobType,
  KeycodeSet,
  MigrateFlags,
  ModificationImpact,
  StatsFlags,
  StatsGroup,
  StoragePoolState,
  UndefineFlags,
  isLibvirtError,
  isNoSupport,
  memoryStatsToRecord,
  summarizeDomainStats,
  type DomainRef,
} from '../../../../main/libvirt';
import { buildQcow2OverlayXml, buildVolumeXml } from '../../../../main/xml';
import { TRANSPORTS, bestEffort, freshName, hostUri, useConnection } from './helpers';

/** Collect a Readable into one buffer. */
async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.each(TRANSPORTS)('real QEMU host over %s', (transport) => {
  const { conn, lab, host } = useConnection('qemu', transport);
  const guest = async (): Promise<DomainRef> => conn().domains.lookupByName(lab().guest.name);

  it('reports connection facts', async () => {
    const c = conn();
    const facts = await c.facts();
    expect(facts.type).toBe('QEMU');
    expect(facts.uri).toBe('qemu:///system');
    expect(facts.libVersion.major).toBeGreaterThanOrEqual(9);
    expect(facts.hypervisorVersion.major).toBeGreaterThanOrEqual(7);
    expect(facts.node.cpus).toBe(host().cpus);
    // This machine's memory size drifts a little between reads (the lab recorded it at start-up).
    expect(Number(facts.node.memory)).toBeGreaterThan(host().memoryKiB * 0.5);
    expect(facts.node.model).toMatch(/^x86_64$/);
    expect(await c.host.getCapabilities()).toContain('<capabilities>');
    expect(await c.host.getDomainCapabilities({ virtType: 'qemu', arch: 'x86_64' })).toContain('<domainCapabilities>');
    expect(await c.host.getFreeMemory()).toBeGreaterThan(0n);
    expect(await c.host.supportsFeature(ConnectFeature.MIGRATION_P2P)).toBe(true);
    expect(await c.host.isSecure()).toBe(true);
    expect((await c.host.getHostname()).length).toBeGreaterThan(0);
  });

  it('reads the running guest: info, state, XML, autostart', async () => {
    const c = conn();
    const dom = await guest();
    expect(dom.id).toBeGreaterThan(0);
    expect(dom.uuid).toBe(lab().guest.uuid);
    const info = await c.domains.getInfo(dom);
    expect(info).toMatchObject({ state: DomainState.RUNNING, nrVirtCpu: 1, maxMem: 96n * 1024n });
    expect(info.cpuTime).toBeGreaterThan(0n);
    expect(await c.domains.getState(dom)).toMatchObject({ state: DomainState.RUNNING });
    expect(await c.domains.getXmlDesc(dom)).toMatch(/<graphics type='vnc' port='\d+'/);
    expect(typeof (await c.domains.getAutostart(dom))).toBe('boolean');
  });

  it('gets bulk stats with real state, cpu, balloon and vcpu groups (ENFORCE_STATS|NOWAIT as u32)', async () => {
    const c = conn();
    const dom = await guest();
    const records = await c.domains.getAllStats({
      stats: StatsGroup.STATE | StatsGroup.CPU_TOTAL | StatsGroup.BALLOON | StatsGroup.VCPU,
      flags: StatsFlags.ACTIVE | StatsFlags.NOWAIT,
    });
    const record = records.find((r) => r.dom.uuid === dom.uuid);
    expect(record).toBeDefined();
    const summary = summarizeDomainStats(record!.params);
    expect(summary).toMatchObject({ state: DomainState.RUNNING, vcpuCurrent: 1, vcpuMaximum: 1, balloonCurrentKiB: 96n * 1024n, balloonMaximumKiB: 96n * 1024n });
    expect(typeof record!.params['vcpu.0.state']).toBe('number');
    expect(summary.cpuTimeNs ?? (record!.params['vcpu.0.time'] as bigint)).toBeGreaterThan(0n);

    // Bit 31 must travel as an unsigned word; the daemon accepts it for groups the driver has.
    const enforced = await c.domains.getAllStats({ doms: [dom], stats: StatsGroup.STATE, flags: StatsFlags.ENFORCE_STATS | StatsFlags.NOWAIT });
    expect(enforced).toHaveLength(1);
    expect(enforced[0]!.params['state.state']).toBe(DomainState.RUNNING);
  });

  it('gets memory stats and job info/stats of the running guest', async () => {
    const c = conn();
    const dom = await guest();
    const memory = memoryStatsToRecord(await c.domains.memoryStats(dom));
    // The guest has no balloon device: QEMU still reports the actual size and the RSS.
    expect(memory['actual_balloon'] ?? memory['rss']).toBeGreaterThan(0n);
    const job = await c.domains.getJobInfo(dom);
    expect(job.type).toBe(JobType.NONE);
    const stats = await c.domains.getJobStats(dom);
    expect(stats.type).toBe(JobType.NONE);
  });

  it('lists interface addresses (the lab guest has no NIC, so none) and sends keys', async () => {
    const c = conn();
    const dom = await guest();
    expect(await c.domains.interfaceAddresses(dom)).toEqual([]);
    // Shift down and up: harmless for the guest's console.
    await c.domains.sendKey(dom, { codeset: KeycodeSet.LINUX, holdtimeMs: 10, keycodes: [42] });
  });

  it('takes a screenshot through a read stream', async () => {
    const { mime, stream } = await conn().domains.screenshot(await guest());
    const image = await collect(stream);
    if (mime === 'image/png') {
      // QEMU ≥ 7.1 sends PNG: signature, then the IHDR chunk with a non-zero size.
      expect(image.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(image.subarray(12, 16).toString('latin1')).toBe('IHDR');
      expect(image.readUInt32BE(16)).toBeGreaterThan(0);
      expect(image.subarray(-8, -4).toString('latin1')).toBe('IEND');
    } else {
      // Older QEMU: a binary PPM, "P6\n<w> <h>\n255\n" then w×h×3 bytes.
      expect(mime).toBe('image/x-portable-pixmap');
      const header = /^P6\n(\d+) (\d+)\n255\n/.exec(image.subarray(0, 32).toString('latin1'));
      expect(header).not.toBeNull();
      expect(image.length).toBe(header![0].length + Number(header![1]) * Number(header![2]) * 3);
    }
  });

  it('handles DHCP leases of the lab network (no IP range: no leases)', async () => {
    const network = lab().qemu.network;
    if (network === null) return; // bridges unavailable on this machine; the lab says why
    const c = conn();
    const net = await c.networks.lookupByName(network.name);
    expect((await c.networks.listAll()).map((n) => n.name)).toContain(network.name);
    expect(await c.networks.getXmlDesc(net)).toContain(`<bridge name='${network.bridge}'`);
    const leases = await c.networks.getDhcpLeases(net).catch((e: unknown) => e);
    if (Array.isArray(leases)) expect(leases).toEqual([]);
    else expect(isNoSupport(leases)).toBe(true);
  });

  it('encodes a peer-to-peer migration correctly; migrating to the same daemon fails with its specific error', async () => {
    const c = conn();
    const dom = await guest();
    // The source daemon itself dials this URI: the lab socket, seen from the lab host.
    const destinationUri = labHostUnixQemuUri(lab().libvirtSocket);
    const error = await c.domains
      .migratePeerToPeer(dom, { destinationUri, live: true, persistDest: true, bandwidthMiBs: 10 })
      .catch((e: unknown) => e);
    expect(isLibvirtError(error)).toBe(true);
    if (!isLibvirtError(error)) return;
    // libvirt refuses before moving anything: the destination is the source ("same host").
    expect(error.code).toBe(ErrorCode.INTERNAL_ERROR);
    expect(error.serverMessage).toMatch(/same host/i);
    // The guest is untouched.
    expect((await c.domains.getState(dom)).state).toBe(DomainState.RUNNING);
    expect(MigrateFlags.PEER2PEER).toBe(2);
  });

  describe('storage on the lab pool', () => {
    it('reads the pool and its seeded volume', async () => {
      const s = conn().storage;
      const pool = await s.lookupPoolByName(lab().qemu.pool.name);
      expect((await s.listPools()).map((p) => p.name)).toContain(pool.name);
      expect((await s.getPoolInfo(pool)).state).toBe(StoragePoolState.RUNNING);
      expect(await s.getPoolXmlDesc(pool)).toContain(`<path>${lab().qemu.pool.path}</path>`);
      await s.refreshPool(pool);
      const vol = await s.lookupVolByName(pool, lab().qemu.pool.volume.name);
      expect(vol.key).toBe(lab().qemu.pool.volume.path);
      expect((await s.listVolumes(pool)).map((v) => v.name)).toContain(vol.name);
      expect((await s.getVolInfo(vol)).capacity).toBe(16n << 20n);
    });

    it('uploads a file-sized Readable with back-pressure and downloads it back byte for byte', async () => {
      const s = conn().storage;
      const pool = await s.lookupPoolByName(lab().qemu.pool.name);
      const size = 3 * 1024 * 1024 + 12_345; // several 256 KiB chunks and a ragged tail
      const vol = await s.createVolXml(pool, buildVolumeXml({ name: `${freshName('up')}.raw`, capacityBytes: size, format: 'raw' }));
      try {
        const data = randomBytes(size);
        // Small chunks from a fast source: the pipeline must respect the RPC stream's back-pressure.
        const source = Readable.from((function* () {
          for (let off = 0; off < size; off += 65_536) yield data.subarray(off, Math.min(size, off + 65_536));
        })());
        expect(await s.uploadToVolume(vol, source)).toBe(size);
        const received: Buffer[] = [];
        const sink = new Writable({
          write(chunk: Buffer, _enc, done) {
            received.push(chunk);
            done();
          },
        });
        expect(await s.downloadFromVolume(vol, sink)).toBe(size);
        expect(Buffer.concat(received).equals(data)).toBe(true);
        // A ranged download.
        const part = await collect(await s.downloadVol(vol, { offset: 1000, length: 5000 }));
        expect(part.equals(data.subarray(1000, 6000))).toBe(true);
        await s.resizeVol(vol, 8n << 20n);
        expect((await s.getVolInfo(vol)).capacity).toBe(8n << 20n);
      } finally {
        await bestEffort(() => s.deleteVol(vol));
      }
    });

    it('uploads a file through its ring of reused buffers (many chunks, a ragged tail) and it downloads back byte for byte', async () => {
      const s = conn().storage;
      const pool = await s.lookupPoolByName(lab().qemu.pool.name);
      // 40 chunks: the ring (16 buffers) is reused several times; the tail is not a whole chunk.
      const size = 40 * 262_120 + 777;
      const data = randomBytes(size);
      const dir = mkdtempSync(join(tmpdir(), 'vd-upload-file-'));
      const file = join(dir, 'data.raw');
      writeFileSync(file, data);
      const vol = await s.createVolXml(pool, buildVolumeXml({ name: `${freshName('upfile')}.raw`, capacityBytes: size, format: 'raw' }));
      try {
        let reported = 0;
        expect(await s.uploadFileToVolume(vol, file, { onBytes: (n) => (reported += n) })).toBe(size);
        expect(reported).toBe(size);
        expect((await collect(await s.downloadVol(vol))).equals(data)).toBe(true);
        // Aborted mid-stream: the promise fails, the connection stays usable.
        const controller = new AbortController();
        const aborted = s.uploadFileToVolume(vol, file, { signal: controller.signal, onBytes: () => controller.abort(new Error('stop here')) });
        await expect(aborted).rejects.toThrow(/stop here/);
        expect((await s.getVolInfo(vol)).capacity).toBe(BigInt(size));
      } finally {
        await bestEffort(() => s.deleteVol(vol));
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('creates a qcow2 overlay whose XML carries the backing store, then deletes it', async () => {
      const s = conn().storage;
      const pool = await s.lookupPoolByName(lab().qemu.pool.name);
      const base = lab().qemu.pool.volume;
      const overlay = await s.createVolXml(pool, buildQcow2OverlayXml(`${freshName('overlay')}.qcow2`, base.path, 16n << 20n));
      try {
        const xml = await s.getVolXmlDesc(overlay);
        expect(xml).toMatch(/<backingStore>\s*<path>[^<]+vd-lab-vol\.qcow2<\/path>/);
        expect(xml).toContain("<format type='qcow2'/>");
        expect((await s.getVolInfo(overlay)).capacity).toBe(16n << 20n);
      } finally {
        await bestEffort(() => s.deleteVol(overlay));
      }
      expect((await s.listVolumes(pool)).map((v) => v.name)).not.toContain(overlay.name);
    });
  });

  it('attaches/detaches a disk, sets vCPUs/memory and reads block info on an inactive domain of our own', async () => {
    const c = conn();
    const pool = await c.storage.lookupPoolByName(lab().qemu.pool.name);
    const name = freshName('qdom');
    const disk = await c.storage.createVolXml(pool, buildVolumeXml({ name: `${name}.qcow2`, capacityBytes: 32n << 20n }));
    const dom = await c.domains.define(`<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu placement='static'>2</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
</domain>`);
    try {
      const diskXml = `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${disk.key}'/><target dev='vdb' bus='virtio'/></disk>`;
      await c.domains.attachDevice(dom, diskXml, { flags: ModificationImpact.CONFIG });
      expect(await c.domains.getXmlDesc(dom, { flags: DomainXmlFlags.INACTIVE })).toContain("<target dev='vdb' bus='virtio'/>");
      const block = await c.domains.getBlockInfo(dom, 'vdb');
      expect(block.capacity).toBe(32n << 20n);
      expect(block.physical).toBeGreaterThan(0n);
      await c.domains.detachDevice(dom, diskXml, { flags: ModificationImpact.CONFIG });
      expect(await c.domains.getXmlDesc(dom, { flags: DomainXmlFlags.INACTIVE })).not.toContain("dev='vdb'");

      await c.domains.setVcpus(dom, 1, { flags: ModificationImpact.CONFIG });
      await c.domains.setMemory(dom, 32n * 1024n, { flags: ModificationImpact.CONFIG });
      const info = await c.domains.getInfo(dom);
      expect(info).toMatchObject({ state: DomainState.SHUTOFF, nrVirtCpu: 1, memory: 32n * 1024n });
    } finally {
      await bestEffort(
        () => c.domains.undefine(dom, { flags: UndefineFlags.MANAGED_SAVE }),
        () => c.storage.deleteVol(disk),
      );
    }
  });

  it('uses the same URI scheme the lab describes', () => {
    expect(hostUri(host(), transport)).toContain(transport === 'unix' ? 'qemu+unix' : 'qemu+ssh');
  });
});

/** The QEMU driver behind the lab's socket, as a URI the daemon itself can dial. */
function labHostUnixQemuUri(socket: string): string {
  return `qemu+unix:///system?socket=${socket}`;
}
