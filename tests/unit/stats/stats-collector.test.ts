// The collector over fake hosts below the RPC layer (real encoding, real decoding) on a fake clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostUnavailableError } from '../../../main/hosts/host-unavailable';
import { StatsFlags } from '../../../main/libvirt';
import { LEVEL_GROUPS } from '../../../main/stats/host-sample';
import { StatsCollector, type StatsBatch, type StatsCollectorOptions } from '../../../main/stats/stats-collector';
import type { StatsResolution } from '../../../main/stats/targets';
import { FakeStatsHost, type FakeDomain } from './fake-stats-host';

const SECOND = 1_000_000_000n;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A collector over fake hosts; instance UUIDs are the domains' UUIDs. */
function setup(options: Partial<StatsCollectorOptions> = {}) {
  const hosts = new Map<string, FakeStatsHost>();
  const table = new Map<string, StatsResolution>();
  const delivered: { viewer: string; batch: StatsBatch }[] = [];
  const log = vi.fn<(message: string) => void>();
  const collector = new StatsCollector({
    resolve: (uuids) => uuids.map((uuid) => table.get(uuid) ?? { kind: 'unavailable', uuid, reason: `No instance ${uuid}` }),
    channel: async (hostId) => {
      const host = hosts.get(hostId);
      if (host === undefined) throw new HostUnavailableError(hostId, `Host ${hostId} is not reachable: connect ECONNREFUSED /run/libvirt/libvirt-sock`);
      return host.channel;
    },
    deliver: (viewer, batch) => {
      delivered.push({ viewer, batch });
    },
    now: () => Date.now(),
    clock: () => Date.now(),
    log,
    ...options,
  });
  const host = (id: string, driver = 'qemu'): FakeStatsHost & { driver: string } => {
    const fake = Object.assign(new FakeStatsHost(), { driver });
    hosts.set(id, fake);
    return fake;
  };
  const instance = (hostId: string, name: string, overrides: Partial<FakeDomain> = {}): FakeDomain => {
    const uuid = `00000000-0000-4000-8000-${(table.size + 1).toString(16).padStart(12, '0')}`;
    const fake = hosts.get(hostId);
    const domain = fake?.add(name, uuid, overrides) ?? { name, uuid, state: 1, cpuTimeNs: 0n, vcpus: 1, balloonKiB: 0n, blocks: [], nets: [] };
    const driver = (fake as { driver?: string } | undefined)?.driver ?? 'qemu';
    table.set(uuid, { kind: 'target', uuid, hostId, hostName: hostId, driver, domainUuid: uuid, domainName: name, vcpus: domain.vcpus });
    return domain;
  };
  const samplesOf = (viewer: string) => delivered.filter((d) => d.viewer === viewer).map((d) => d.batch.samples);
  /** The inventory now places the instance on another host (a migration). */
  const relocate = (uuid: string, hostId: string): void => {
    const known = table.get(uuid);
    if (known?.kind === 'target') table.set(uuid, { ...known, hostId, hostName: hostId });
  };
  return { collector, host, instance, relocate, delivered, samplesOf, log };
}

describe('stats collector: sampling', () => {
  it('asks each host once per interval for the watched domains by name, with the summary groups only', async () => {
    const { collector, host, instance, samplesOf } = setup();
    const h1 = host('h1');
    const web = instance('h1', 'web');
    const db = instance('h1', 'db');
    expect(collector.watch('v', 'summary', [web.uuid, db.uuid])).toEqual([
      { uuid: web.uuid, points: [], unavailable: null },
      { uuid: db.uuid, points: [], unavailable: null },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(h1.requests).toEqual([{ doms: [web.uuid, db.uuid], stats: LEVEL_GROUPS.summary, flags: StatsFlags.NOWAIT }]);
    // The first reading is the baseline: no rate yet.
    expect(samplesOf('v')).toEqual([[expect.objectContaining({ uuid: web.uuid, cpu: null }), expect.objectContaining({ uuid: db.uuid, cpu: null })]]);

    web.cpuTimeNs += SECOND; // 1 s of CPU over the 2 s interval on 1 vCPU
    await vi.advanceTimersByTimeAsync(2_000);
    expect(h1.requests).toHaveLength(2);
    expect(samplesOf('v')[1]).toEqual([
      { uuid: web.uuid, t: Date.now(), cpu: 50 },
      { uuid: db.uuid, t: Date.now(), cpu: 0 },
    ]);
    collector.close();
  });

  it('samples the union of the viewers’ watches once, and sends each viewer only its own instances', async () => {
    const { collector, host, instance, samplesOf } = setup();
    const h1 = host('h1');
    const h2 = host('h2');
    const web = instance('h1', 'web');
    const db = instance('h1', 'db');
    const batch = instance('h2', 'batch');
    collector.watch('a', 'summary', [web.uuid]);
    collector.watch('b', 'summary', [web.uuid, db.uuid, batch.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    expect(h1.requests.map((r) => r.doms)).toEqual([[web.uuid, db.uuid]]);
    expect(h2.requests.map((r) => r.doms)).toEqual([[batch.uuid]]);
    expect(samplesOf('a').flat().map((s) => s.uuid)).toEqual([web.uuid]);
    expect(samplesOf('b').flat().map((s) => s.uuid).sort()).toEqual([web.uuid, db.uuid, batch.uuid].sort());
    collector.close();
  });

  it('samples nothing once nobody watches: a viewer that goes away takes its watches with it', async () => {
    const { collector, host, instance } = setup();
    const h1 = host('h1');
    const web = instance('h1', 'web');
    const db = instance('h1', 'db');
    collector.watch('a', 'summary', [web.uuid]);
    collector.watch('a', 'detail', [web.uuid]);
    collector.watch('b', 'summary', [db.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    collector.dropViewer('a');
    expect(collector.isSampling('detail')).toBe(false);
    expect(collector.watchedCount('summary')).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(h1.requests.at(-1)).toMatchObject({ doms: [db.uuid], stats: LEVEL_GROUPS.summary });

    collector.watch('b', 'summary', []);
    expect(collector.isSampling('summary')).toBe(false);
    const asked = h1.requests.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h1.requests).toHaveLength(asked);
    expect(vi.getTimerCount()).toBe(0);
    collector.close();
  });

  it('asks for every active domain in one call when many are watched, and says which are not running', async () => {
    const { collector, host, instance, samplesOf } = setup({ listVariantMax: 2 });
    const h1 = host('h1');
    const names = ['a1', 'a2', 'a3'];
    const domains = names.map((name) => instance('h1', name));
    const off = instance('h1', 'off', { state: 5 });
    collector.watch('v', 'summary', [...domains.map((d) => d.uuid), off.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    expect(h1.requests).toEqual([{ doms: [], stats: LEVEL_GROUPS.summary, flags: StatsFlags.NOWAIT | StatsFlags.ACTIVE }]);
    expect(samplesOf('v')[0]).toContainEqual({ uuid: off.uuid, t: Date.now(), unavailable: 'Domain off is not running' });
    collector.close();
  });

  it('says why a named domain has no figures: shut off, or not on the host at all', async () => {
    const { collector, host, instance, samplesOf } = setup();
    const h1 = host('h1');
    const off = instance('h1', 'off', { state: 5 });
    const gone = instance('h1', 'gone');
    h1.domains.delete(gone.uuid);
    collector.watch('v', 'summary', [off.uuid, gone.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    expect(samplesOf('v')[0]).toEqual([
      { uuid: off.uuid, t: Date.now(), unavailable: 'Domain off is shut off' },
      { uuid: gone.uuid, t: Date.now(), unavailable: 'Domain gone is not defined on host h1' },
    ]);
    collector.close();
  });

  it('samples a details view every second with every group: memory, disks and interfaces with their rates', async () => {
    const { collector, host, instance, samplesOf } = setup();
    const h1 = host('h1');
    const vm = instance('h1', 'vm', {
      vcpus: 2,
      blocks: [{ name: 'vda', rdBytes: 0n, wrBytes: 0n, rdReqs: 0n, wrReqs: 0n }],
      nets: [{ name: 'vnet0', rxBytes: 0n, txBytes: 0n, rxPkts: 0n, txPkts: 0n }],
    });
    collector.watch('v', 'detail', [vm.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    vm.cpuTimeNs += SECOND / 2n;
    vm.blocks[0]!.rdBytes += 8192n;
    vm.blocks[0]!.rdReqs += 2n;
    vm.nets[0]!.txBytes += 600n;
    vm.nets[0]!.txPkts += 4n;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h1.requests.map((r) => r.stats)).toEqual([LEVEL_GROUPS.detail, LEVEL_GROUPS.detail]);
    expect(samplesOf('v')[1]).toEqual([
      {
        uuid: vm.uuid,
        t: Date.now(),
        cpu: 25,
        memory: { currentKiB: 65_536, maximumKiB: 65_536, rssKiB: 131_072, usableKiB: null, availableKiB: null, unusedKiB: null },
        disks: [{ name: 'vda', readBps: 8192, writeBps: 0, readIops: 2, writeIops: 0 }],
        nets: [{ name: 'vnet0', rxBps: 0, txBps: 600, rxPps: 0, txPps: 4 }],
      },
    ]);
    collector.close();
  });

  it('starts afresh when a domain comes back from shut off with its counters reset', async () => {
    const { collector, host, instance, samplesOf } = setup();
    host('h1');
    const vm = instance('h1', 'vm', { cpuTimeNs: 900n * SECOND });
    collector.watch('v', 'summary', [vm.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    vm.state = 5;
    await vi.advanceTimersByTimeAsync(2_000);
    vm.state = 1;
    vm.cpuTimeNs = SECOND;
    await vi.advanceTimersByTimeAsync(2_000);
    vm.cpuTimeNs += SECOND;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(samplesOf('v').flat().map((s) => ('unavailable' in s && s.unavailable !== undefined ? s.unavailable : s.cpu))).toEqual([null, 'Domain vm is shut off', null, 50]);
    collector.close();
  });
});

describe('stats collector: where instances are', () => {
  it('reads the inventory again at once when a host no longer has the domain (it moved), and follows it', async () => {
    const { collector, host, instance, relocate, samplesOf } = setup();
    const h1 = host('h1');
    const h2 = host('h2');
    const vm = instance('h1', 'vm');
    collector.watch('v', 'summary', [vm.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    // Migrated: h2 has it now, h1 not, and the inventory says h2.
    h1.domains.delete(vm.uuid);
    h2.add('vm', vm.uuid);
    relocate(vm.uuid, 'h2');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(samplesOf('v').at(-1)).toEqual([{ uuid: vm.uuid, t: Date.now(), unavailable: 'Domain vm is not defined on host h1' }]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(h2.requests).toHaveLength(1);
    expect(samplesOf('v').at(-1)).toEqual([{ uuid: vm.uuid, t: Date.now(), cpu: null }]);
    collector.close();
  });

  it('reads the inventory again soon for an instance still being built, and rarely for the others', async () => {
    const asked: string[][] = [];
    const table = new Map<string, StatsResolution>();
    const h1 = new FakeStatsHost();
    const building = '00000000-0000-4000-8000-00000000000b';
    const running = h1.add('vm', '00000000-0000-4000-8000-00000000000a');
    table.set(running.uuid, { kind: 'target', uuid: running.uuid, hostId: 'h1', hostName: 'h1', driver: 'qemu', domainUuid: running.uuid, domainName: 'vm', vcpus: 1 });
    table.set(building, { kind: 'unavailable', uuid: building, reason: 'Instance new is not on a host yet' });
    const collector = new StatsCollector({
      resolve: (uuids) => {
        asked.push([...uuids]);
        return uuids.map((uuid) => table.get(uuid) as StatsResolution);
      },
      channel: () => Promise.resolve(h1.channel),
      deliver: () => undefined,
      now: () => Date.now(),
      clock: () => Date.now(),
    });
    collector.watch('v', 'summary', [running.uuid, building]);
    await vi.advanceTimersByTimeAsync(30_000);
    const times = (uuid: string) => asked.filter((uuids) => uuids.includes(uuid)).length;
    expect(times(running.uuid)).toBe(1);
    expect(times(building)).toBeGreaterThanOrEqual(7);
    collector.close();
  });
});

describe('stats collector: unavailable hosts', () => {
  it('reports a driver without cpu-total once, with the reason, and asks it again only after a while', async () => {
    const { collector, host, instance, delivered } = setup();
    const shared = host('test-default', 'test');
    shared.cpuTotal = false;
    const vm = instance('test-default', 'test');
    collector.watch('v', 'summary', [vm.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered.map((d) => d.batch.samples)).toEqual([[{ uuid: vm.uuid, t: Date.now(), unavailable: 'Host test-default (test driver) reports no cpu-total statistics' }]]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(shared.requests).toHaveLength(1);
    expect(delivered).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(12_000);
    expect(shared.requests).toHaveLength(2);
    expect(delivered).toHaveLength(1);
    collector.close();
  });

  it('reports a host that is down once, logs it once, and keeps trying each interval', async () => {
    const { collector, instance, delivered, log } = setup();
    const vm = instance('gone', 'vm');
    collector.watch('v', 'summary', [vm.uuid]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(delivered.map((d) => d.batch.samples)).toEqual([[{ uuid: vm.uuid, t: expect.any(Number) as number, unavailable: 'Host gone is not reachable: connect ECONNREFUSED /run/libvirt/libvirt-sock' }]]);
    expect(log).toHaveBeenCalledTimes(1);
    collector.close();
  });

  it('says which instances have no host or domain yet', async () => {
    const { collector, samplesOf } = setup();
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    collector.watch('v', 'summary', [unknown]);
    await vi.advanceTimersByTimeAsync(0);
    expect(samplesOf('v')).toEqual([[{ uuid: unknown, t: Date.now(), unavailable: `No instance ${unknown}` }]]);
    collector.close();
  });

  it('never lets a slow host hold up another’s samples, and sends at most one event per interval', async () => {
    const { collector, host, instance, samplesOf } = setup();
    const slow = host('slow');
    const fast = host('fast');
    const stuck = instance('slow', 'stuck');
    const quick = instance('fast', 'quick');
    slow.pause();
    collector.watch('v', 'summary', [stuck.uuid, quick.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    // The round waits a quarter of the interval for the slow host, then sends what it has.
    await vi.advanceTimersByTimeAsync(500);
    expect(samplesOf('v')).toEqual([[expect.objectContaining({ uuid: quick.uuid })]]);
    await vi.advanceTimersByTimeAsync(8_000);
    // Still answering its first call: never asked again meanwhile, while the fast host was asked every interval.
    expect(slow.requests).toHaveLength(1);
    expect(fast.requests).toHaveLength(5);
    expect(samplesOf('v')).toHaveLength(5);
    // Its late answer goes out with the next interval's event, beside that interval's own samples.
    slow.resume();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(samplesOf('v')).toHaveLength(6);
    expect(samplesOf('v')[5]?.map((s) => s.uuid)).toEqual([stuck.uuid, stuck.uuid, quick.uuid]);
    collector.close();
  });

  it('gives each call a time limit, and names the host when a call fails', async () => {
    const { collector, host, instance, samplesOf } = setup({ callTimeoutMs: 5_000 });
    const flaky = host('flaky');
    const vm = instance('flaky', 'vm');
    flaky.failure = new Error('CONNECT_GET_ALL_DOMAIN_STATS timed out after 5000 ms\n(second line)');
    collector.watch('v', 'summary', [vm.uuid]);
    await vi.advanceTimersByTimeAsync(0);
    expect(flaky.channel.calls[0]?.options).toMatchObject({ timeoutMs: 5_000 });
    expect(samplesOf('v')).toEqual([[{ uuid: vm.uuid, t: Date.now(), unavailable: 'Host flaky: CONNECT_GET_ALL_DOMAIN_STATS timed out after 5000 ms' }]]);
    // It recovers on its own at the next interval.
    flaky.failure = null;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(samplesOf('v')[1]).toEqual([{ uuid: vm.uuid, t: Date.now(), cpu: null }]);
    collector.close();
  });
});

describe('stats collector: viewers that are gone', () => {
  it('ignores a watch that arrives after its viewer closed, and drops a viewer its samples cannot reach', async () => {
    const open = new Set(['alive', 'leaving']);
    const { collector, host, instance } = setup({
      viewerOpen: (viewer) => open.has(viewer),
      deliver: (viewer) => open.has(viewer),
    });
    host('h1');
    const vm = instance('h1', 'vm');
    expect(collector.watch('closed-before-the-call-ran', 'summary', [vm.uuid])).toEqual([]);
    expect(collector.isSampling('summary')).toBe(false);
    collector.watch('leaving', 'summary', [vm.uuid]);
    open.delete('leaving');
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.isSampling('summary')).toBe(false);
    collector.close();
  });
});

describe('stats collector: history', () => {
  it('gives a newly opened view the recent points at once, bounded', async () => {
    const { collector, host, instance } = setup({ historyPoints: { summary: 3 } });
    host('h1');
    const vm = instance('h1', 'vm');
    collector.watch('a', 'summary', [vm.uuid]);
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(i === 0 ? 0 : 2_000);
      vm.cpuTimeNs += SECOND / 5n;
    }
    const [history] = collector.watch('b', 'summary', [vm.uuid]);
    expect(history?.points.map((p) => p.cpu)).toEqual([10, 10, 10]);
    expect(history?.unavailable).toBeNull();
    // A viewer that already watches it gets no history again.
    expect(collector.watch('a', 'summary', [vm.uuid])).toEqual([]);
    collector.close();
  });

  it('keeps the history of an instance nobody watches for a while, and restarts its rates when watched again', async () => {
    const { collector, host, instance, samplesOf } = setup({ retainMs: 60_000 });
    host('h1');
    const vm = instance('h1', 'vm');
    collector.watch('a', 'summary', [vm.uuid]);
    await vi.advanceTimersByTimeAsync(2_000);
    collector.watch('a', 'summary', []);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(collector.watch('a', 'summary', [vm.uuid])[0]?.points).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(0);
    // The reading before the gap is not a baseline: the first point after it has no rate.
    expect(samplesOf('a').at(-1)).toEqual([expect.objectContaining({ cpu: null })]);
    collector.watch('a', 'summary', []);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(collector.watch('b', 'summary', [vm.uuid])[0]?.points).toEqual([]);
    collector.close();
  });
});
