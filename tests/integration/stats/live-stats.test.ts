// Live statistics from the lab, through the whole app (inventory, host sessions, collector, facade, one viewer):
// the shared QEMU guest's CPU and memory move; a guest of our own with a disk and a NIC shows disk reads while it
// boots and packets once its interface is up; the test driver says it has no cpu-total.
import { chmodSync, closeSync, constants, copyFileSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../../common/contract/schemas';
import type { StatsSamples } from '../../../common/contract/stats-schemas';
import type { StatsLevel, StatsPoint, StatsSample } from '../../../common/model/stats';
import type { ViewerHandle } from '../../../main/api/service';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { hostService } from '../../../main/hosts';
import { openInventory } from '../../../main/inventory';
import { bootImageDomainXml } from '../../lab/boot-image-domain';
import { readTextOr } from '../../lab/files';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { waitUntil } from '../../lab/processes';
import { labHost, virsh } from '../../lab/virsh';

const lab = labInfo();
const dataDir = mkdtempSync(join(tmpdir(), 'vd-stats-'));
// virtlogd (root) writes the console log of our guest here, and QEMU reads its disk from here.
const scratch = mkdtempSync(join(tmpdir(), 'vd-lab-stats-'));
chmodSync(scratch, 0o755);
let app: VirtDeckApp;
let viewer: ViewerHandle;
const received: StatsSamples[] = [];

beforeAll(async () => {
  const seed = openInventory({ dataDir });
  const hosts = hostService(seed.store);
  hosts.add({ name: 'qemu', uri: labHost(lab, 'qemu').unixUri });
  hosts.add({ name: 'test-default', uri: labHost(lab, 'test-default').unixUri });
  seed.close();
  app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [], connectHosts: { backoff: { initialMs: 200, maxMs: 1_000 } }, log: () => undefined });
  await app.hostsStarted;
  viewer = app.service.openViewer((event, payload) => {
    if (event === 'stats.samples') received.push(payload as StatsSamples);
  });
});

afterAll(async () => {
  viewer?.close();
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** The instance backed by a domain, once the host session adopted it. */
async function instanceOf(domainName: string): Promise<Instance> {
  let found: Instance | undefined;
  await waitUntil(
    async () => {
      const listed = await app.service.call('instances.list', {}, { transport: 'in-process' });
      found = listed.ok ? (listed.value as Instance[]).find((i) => i.libvirtDomainName === domainName && i.status === 'ACTIVE') : undefined;
      return found !== undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `instance of ${domainName}` },
  );
  return found as Instance;
}

async function watch(level: StatsLevel, uuids: readonly string[]): Promise<unknown> {
  const result = await app.service.call('stats.watch', { level, uuids }, { transport: 'in-process', viewer: viewer.id });
  expect(result).toMatchObject({ ok: true });
  return result.ok ? result.value : undefined;
}

/** Every sample of one instance at one level received so far. */
function samplesOf(level: StatsLevel, uuid: string): StatsSample[] {
  return received.filter((batch) => batch.level === level).flatMap((batch) => batch.samples.filter((sample) => sample.uuid === uuid));
}

function pointsOf(level: StatsLevel, uuid: string): StatsPoint[] {
  return samplesOf(level, uuid).filter((sample): sample is StatsSample & StatsPoint => sample.unavailable === undefined);
}

describe('live stats on the lab', () => {
  it('watches the QEMU guest at detail level: CPU and memory move every second', async () => {
    const guest = await instanceOf(lab.guest.name);
    await watch('detail', [guest.uuid]);
    await waitUntil(() => new Set(pointsOf('detail', guest.uuid).flatMap((p) => (p.cpu === null ? [] : [p.cpu]))).size >= 2, {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: 'two different CPU figures for the guest',
    });
    const points = pointsOf('detail', guest.uuid);
    const last = points.at(-1);
    // The lab guest: 96 MiB, no balloon device (so no guest-reported figures), no disk, no NIC.
    expect(last?.memory).toMatchObject({ currentKiB: 96 * 1024, maximumKiB: 96 * 1024, usableKiB: null });
    expect(last?.memory?.rssKiB).toBeGreaterThan(0);
    expect(last).toMatchObject({ disks: [], nets: [] });
    for (const point of points) if (point.cpu !== null) expect(point.cpu).toBeGreaterThanOrEqual(0);
    // One point a second, give or take a loaded machine.
    const spanMs = (points.at(-1)?.t ?? 0) - (points[0]?.t ?? 0);
    expect(spanMs / Math.max(1, points.length - 1)).toBeLessThan(2_500);

    // A second viewer opening the same details gets the history at once.
    const other = app.service.openViewer(() => undefined);
    const answer = await app.service.call('stats.watch', { level: 'detail', uuids: [guest.uuid] }, { transport: 'in-process', viewer: other.id });
    expect(answer).toMatchObject({ ok: true, value: { level: 'detail', history: [{ uuid: guest.uuid, unavailable: null }] } });
    expect(answer.ok && (answer.value as { history: { points: unknown[] }[] }).history[0]?.points.length).toBeGreaterThanOrEqual(points.length - 1);
    other.close();
    await watch('detail', []);
  });

  it('says the test driver reports no cpu-total, once', async () => {
    const test = await instanceOf('test');
    await watch('summary', [test.uuid]);
    await waitUntil(() => samplesOf('summary', test.uuid).length > 0, { timeoutMs: 10_000, intervalMs: 100, what: 'a sample of the test domain' });
    expect(samplesOf('summary', test.uuid)).toEqual([{ uuid: test.uuid, t: expect.any(Number) as number, unavailable: 'Host test-default (test driver) reports no cpu-total statistics' }]);
    await watch('summary', []);
  });

  it('shows disk reads while a guest of ours boots, and its packets once its interface is up', { timeout: 180_000 }, async () => {
    const name = uniqueName('stats');
    const disk = join(scratch, `${name}.qcow2`);
    copyFileSync(lab.bootImage.path, disk);
    const log = join(scratch, `${name}.log`);
    const nic = `    <interface type='network'>\n      <source network='${lab.qemu.network?.name ?? 'vd-lab-net'}'/>\n      <model type='virtio'/>\n    </interface>\n  </devices>`;
    const xml = bootImageDomainXml({ name, diskPath: disk, consoleLogPath: log }).replace('  </devices>', nic);
    const xmlPath = join(scratch, `${name}.xml`);
    writeFileSync(xmlPath, xml);
    await virsh(lab, ['define', xmlPath]);
    try {
      await virsh(lab, ['start', name], { timeoutMs: 60_000 });
      const instance = await instanceOf(name);
      await watch('detail', [instance.uuid]);

      // SeaBIOS, syslinux and the init read the disk while it boots.
      await waitUntil(() => pointsOf('detail', instance.uuid).some((p) => (p.disks?.find((d) => d.name === 'vda')?.readBps ?? 0) > 0), {
        timeoutMs: 120_000,
        intervalMs: 200,
        what: `${name} reading vda`,
        logFile: log,
      });
      const prompt = `${lab.bootImage.defaultHostname}:/ # `;
      await waitUntil(() => readTextOr(log, '').includes(prompt), { timeoutMs: 120_000, intervalMs: 200, what: `${name} showing its prompt`, logFile: log });
      // Its interface is down until told otherwise: bring it up and make it talk (ARP for a neighbour nobody is), typed
      // on its serial console. QEMU reads a pty only while a client holds it open (it looks once a second), so the
      // console stays open while the command is typed again until the shell echoes it.
      const pty = /<serial type='pty'>\s*<source path='(\/dev\/pts\/\d+)'/.exec(await virsh(lab, ['dumpxml', name]))?.[1];
      expect(pty).toBeDefined();
      const command = 'ip link set eth0 up; ip addr add 192.0.2.2/24 dev eth0; ping -c 120 -i 0.5 192.0.2.1 >/dev/null 2>&1 &';
      const fd = openSync(pty as string, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
      try {
        await waitUntil(
          () => {
            // The echo wraps at 80 columns: look for its start.
            if (readTextOr(log, '').includes('# \u001b[6nip link set eth0 up;')) return true;
            writeSync(fd, `${command}\r`);
            return false;
          },
          { timeoutMs: 60_000, intervalMs: 3_000, what: `${name} echoing the command`, logFile: log },
        );
      } finally {
        closeSync(fd);
      }
      await waitUntil(() => pointsOf('detail', instance.uuid).some((p) => (p.nets?.[0]?.txPps ?? 0) > 0), {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: `${name} sending packets`,
        logFile: log,
      });
      const last = pointsOf('detail', instance.uuid).at(-1);
      expect(last?.nets?.[0]?.name).toMatch(/^vnet\d+$/);
      expect(last?.disks?.map((d) => d.name)).toEqual(['vda']);
      expect(last?.memory?.currentKiB).toBe(128 * 1024);
      await watch('detail', []);
    } finally {
      await virsh(lab, ['destroy', name]).catch(() => undefined);
      await virsh(lab, ['undefine', name]);
    }
  });
});
