// The renderer's stats store against main's real facade and collector (in process, fake hosts below RPC).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STATS_WATCH_LIMITS } from '../../../../../common/model/stats';
import { createStatsStore, STATS_WATCH_SETTLE_MS } from '../../../../../renderer/features/stats/stats-store';
import { inProcessMain } from './in-process-stats';

const SECOND = 1_000_000_000n;

/** A store over one backend (one viewer of main), as a window has. */
function storeOver(main: ReturnType<typeof inProcessMain>) {
  const backend = main.backend();
  return createStatsStore(() => backend);
}

/** Let the store's batched watch (after changes settle), main's answer and the collector's first round all happen. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(STATS_WATCH_SETTLE_MS);
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(1);
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('stats store', () => {
  it('turns the rows on screen into one watch per level, and follows them as they come and go', async () => {
    const main = inProcessMain();
    const store = storeOver(main);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => main.instance(name));
    // Three rows mount in the same moment, one of them twice (a list row and a details screen, say).
    const releases = [a, b, c, a].map((domain) => store.getState().retain('summary', [domain!.uuid]));
    await settle();
    expect(main.collector.watchedCount('summary')).toBe(3);
    expect(main.host.requests).toHaveLength(1);
    expect(main.host.requests[0]?.doms).toEqual([a!.uuid, b!.uuid, c!.uuid]);

    releases[0]!();
    releases[1]!();
    await settle();
    // a is still shown once; b is not shown any more.
    expect(main.collector.watchedCount('summary')).toBe(2);
    expect(Object.keys(store.getState().summary).sort()).toEqual([a!.uuid, c!.uuid].sort());

    releases[2]!();
    releases[3]!();
    releases[3]!();
    await settle();
    expect(main.collector.isSampling('summary')).toBe(false);
    expect(store.getState().summary).toEqual({});
  });

  it('while the rows keep changing (a scroll), tells main once they stop; after a quiet moment, at once', async () => {
    const main = inProcessMain();
    const backend = main.backend();
    const watches: string[][] = [];
    const call = backend.call.bind(backend);
    backend.call = (channel, args) => {
      const watch = args as { level?: string; uuids?: string[] };
      if (channel === 'stats.watch' && watch.level === 'summary') watches.push([...(watch.uuids ?? [])]);
      return call(channel, args);
    };
    const store = createStatsStore(() => backend);
    const domains = ['s0', 's1', 's2', 's3', 's4', 's5'].map((name) => main.instance(name));
    let release = store.getState().retain('summary', [domains[0]!.uuid]);
    await vi.advanceTimersByTimeAsync(1);
    expect(watches).toHaveLength(1);
    // A row scrolls in and out every frame: nothing is told while it goes on.
    for (const domain of domains.slice(1)) {
      await vi.advanceTimersByTimeAsync(16);
      release();
      release = store.getState().retain('summary', [domain!.uuid]);
    }
    expect(watches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(STATS_WATCH_SETTLE_MS);
    expect(watches).toHaveLength(2);
    expect(watches[1]).toEqual([domains[5]!.uuid]);
    // Quiet since: the next change is told at once.
    await vi.advanceTimersByTimeAsync(STATS_WATCH_SETTLE_MS);
    release();
    const again = store.getState().retain('summary', [domains[0]!.uuid]);
    await vi.advanceTimersByTimeAsync(1);
    expect(watches).toHaveLength(3);
    again();
  });

  it('fills each instance’s points from stats.samples, and shows why one has none', async () => {
    const main = inProcessMain();
    const store = storeOver(main);
    const web = main.instance('web');
    const off = main.instance('off', { state: 5 });
    store.getState().retain('summary', [web.uuid, off.uuid]);
    await settle();
    web.cpuTimeNs += SECOND / 2n;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(store.getState().summary[web.uuid]?.points.map((p) => p.cpu)).toEqual([null, 25]);
    expect(store.getState().summary[off.uuid]).toEqual({ points: [], unavailable: 'Domain off is shut off' });
    // Samples for instances this window does not show are not kept.
    expect(Object.keys(store.getState().summary)).toHaveLength(2);
    expect(store.getState().error).toBeNull();
  });

  it('draws the history main kept at once when another window already watched the instance', async () => {
    const main = inProcessMain();
    const web = main.instance('web');
    const first = storeOver(main);
    first.getState().retain('detail', [web.uuid]);
    await settle();
    for (let i = 0; i < 4; i++) {
      web.cpuTimeNs += SECOND / 10n;
      await vi.advanceTimersByTimeAsync(1_000);
    }
    const second = storeOver(main);
    second.getState().retain('detail', [web.uuid]);
    await settle();
    expect(second.getState().detail[web.uuid]?.points.map((p) => p.cpu)).toEqual([null, 10, 10, 10, 10]);
    expect(second.getState().detail[web.uuid]?.points[0]?.memory?.currentKiB).toBe(65_536);
  });

  it('watches again after a reconnect (main forgot the old connection’s watches)', async () => {
    const main = inProcessMain();
    const backend = main.backend();
    const store = createStatsStore(() => backend);
    const web = main.instance('web');
    store.getState().retain('summary', [web.uuid]);
    await settle();
    backend.disconnect();
    expect(main.collector.isSampling('summary')).toBe(false);
    backend.reconnect();
    await settle();
    expect(main.collector.watchedCount('summary')).toBe(1);
    web.cpuTimeNs += SECOND;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(store.getState().summary[web.uuid]?.points.at(-1)?.cpu).toBe(50);
  });

  it('asks for no more than the level allows, and says how many were left out', async () => {
    const main = inProcessMain();
    const store = storeOver(main);
    const uuids = Array.from({ length: STATS_WATCH_LIMITS.detail + 2 }, (_, i) => `00000000-0000-4000-8000-${(0xf000 + i).toString(16).padStart(12, '0')}`);
    store.getState().retain('detail', uuids);
    await settle();
    expect(store.getState().overLimit.detail).toBe(2);
    expect(main.collector.watchedCount('detail')).toBe(STATS_WATCH_LIMITS.detail);
    expect(store.getState().error).toBeNull();
  });

  it('keeps main’s refusal as the error until a watch succeeds', async () => {
    const main = inProcessMain();
    const backend = main.backend();
    const store = createStatsStore(() => backend);
    backend.disconnect();
    const release = store.getState().retain('summary', [main.instance('web').uuid]);
    await settle();
    expect(store.getState().error).toBe('Not connected');
    backend.reconnect();
    await settle();
    expect(store.getState().error).toBeNull();
    release();
  });
});
