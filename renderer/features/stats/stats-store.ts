// Live statistics in the renderer: what is on screen is watched (reference counted per level, so a list row and a
// details screen can ask for the same instance), one `stats.watch` per level carries the union, and `stats.samples`
// fill each instance's recent points. Instances nobody shows any more are forgotten.
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { StatsSamples, StatsWatchResult } from '../../../common/contract/stats-schemas';
import { STATS_HISTORY_POINTS, STATS_LEVELS, STATS_WATCH_LIMITS, type StatsHistory, type StatsLevel, type StatsPoint, type StatsSample } from '../../../common/model/stats';
import type { Backend } from '../../shared/backend/backend';
import { backend as currentBackend } from '../../shared/backend/current-backend';

/** What the renderer knows of one instance at one level. */
export interface StatsSeries {
  /** Recent points, oldest first. */
  readonly points: readonly StatsPoint[];
  /** Why there are no new points, while that holds. */
  readonly unavailable: string | null;
}

/** The stats store's state and actions. */
export interface StatsState {
  readonly summary: Readonly<Record<string, StatsSeries>>;
  readonly detail: Readonly<Record<string, StatsSeries>>;
  /** Why the last watch failed (main refused it, the connection is down), until one succeeds. */
  readonly error: string | null;
  /** Instances asked for beyond the level's limit, left unwatched (the first ones asked for are kept). */
  readonly overLimit: Readonly<Record<StatsLevel, number>>;
  /**
   * Watch these instances at this level while something shows them; returns the function that stops. Calls made in
   * the same moment (every visible row mounting) become one `stats.watch`.
   */
  retain(level: StatsLevel, uuids: readonly string[]): () => void;
  /** Merge a `stats.samples` event. */
  applySamples(batch: StatsSamples): void;
}

/** The hook over a stats store. */
export type StatsStore = UseBoundStore<StoreApi<StatsState>>;

const EMPTY: StatsSeries = { points: [], unavailable: null };

/**
 * How long the watched set must stay unchanged before main is told, once it keeps changing (a list scrolling: rows
 * come and go every frame). The first change after a quiet moment is told at once.
 */
export const STATS_WATCH_SETTLE_MS = 150;

/** A stats store over a backend (the app's is {@link useStatsStore}; tests make their own). */
export function createStatsStore(getBackend: () => Backend): StatsStore {
  const counts: Record<StatsLevel, Map<string, number>> = { summary: new Map(), detail: new Map() };
  /** What main was last told per level (null: nothing yet, or it must be told again). */
  const sent: Record<StatsLevel, string | null> = { summary: null, detail: null };
  let syncTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the pending sync is the immediate one (it already covers every change made before it runs). */
  let syncImmediate = false;
  let lastChangeAt = -Infinity;
  let attached = false;

  const store = create<StatsState>()((set, get) => {
    /** Hook up to the backend on first use: samples, and a new watch after every reconnect (main forgot ours). */
    function attach(): void {
      if (attached) return;
      attached = true;
      const backend = getBackend();
      backend.subscribe('stats.samples', (batch) => get().applySamples(batch));
      let connected = false;
      backend.onConnectionChange((state) => {
        const now = state.status === 'connected';
        if (now && !connected) {
          sent.summary = null;
          sent.detail = null;
          schedule();
        }
        connected = now;
      });
    }

    /**
     * Tell main soon: at once after a quiet moment (rows mounting together still make one watch), else once the
     * changes stop for {@link STATS_WATCH_SETTLE_MS} — a scroll then costs no watch, answer and store update per frame.
     */
    function schedule(): void {
      const now = Date.now();
      const quiet = now - lastChangeAt >= STATS_WATCH_SETTLE_MS;
      lastChangeAt = now;
      if (syncTimer !== undefined) {
        if (syncImmediate) return;
        clearTimeout(syncTimer);
      }
      syncImmediate = quiet;
      syncTimer = setTimeout(
        () => {
          syncTimer = undefined;
          for (const level of STATS_LEVELS) void sync(level);
        },
        quiet ? 0 : STATS_WATCH_SETTLE_MS,
      );
    }

    async function sync(level: StatsLevel): Promise<void> {
      const wanted = [...counts[level].keys()];
      const uuids = wanted.slice(0, STATS_WATCH_LIMITS[level]);
      const key = uuids.join(',');
      if (sent[level] === key) return;
      sent[level] = key;
      dropUnwatched(level);
      const overLimit = wanted.length - uuids.length;
      if (get().overLimit[level] !== overLimit) set((state) => ({ overLimit: { ...state.overLimit, [level]: overLimit } }));
      try {
        const result: StatsWatchResult = await getBackend().call('stats.watch', { level, uuids });
        mergeHistory(level, result.history);
        if (get().error !== null) set({ error: null });
      } catch (error) {
        // Told again on the next change or reconnect.
        if (sent[level] === key) sent[level] = null;
        set({ error: error instanceof Error ? error.message : String(error) });
      }
    }

    function dropUnwatched(level: StatsLevel): void {
      const series = get()[level];
      if (Object.keys(series).every((uuid) => counts[level].has(uuid))) return;
      const kept: Record<string, StatsSeries> = {};
      for (const [uuid, value] of Object.entries(series)) if (counts[level].has(uuid)) kept[uuid] = value;
      set({ [level]: kept } as Pick<StatsState, StatsLevel>);
    }

    function mergeHistory(level: StatsLevel, history: readonly StatsHistory[]): void {
      if (history.length === 0) return;
      const next = { ...get()[level] };
      for (const entry of history) {
        if (!counts[level].has(entry.uuid)) continue;
        const known = next[entry.uuid] ?? EMPTY;
        // Samples may have arrived before the answer: keep both, in time order, once each.
        const byTime = new Map<number, StatsPoint>();
        for (const point of [...entry.points, ...known.points]) byTime.set(point.t, point);
        const points = [...byTime.values()].sort((a, b) => a.t - b.t).slice(-STATS_HISTORY_POINTS[level]);
        next[entry.uuid] = { points, unavailable: known.points.length > 0 || known.unavailable !== null ? known.unavailable : entry.unavailable };
      }
      set({ [level]: next } as Pick<StatsState, StatsLevel>);
    }

    return {
      summary: {},
      detail: {},
      error: null,
      overLimit: { summary: 0, detail: 0 },
      retain(level, uuids) {
        attach();
        const mine = [...new Set(uuids)];
        for (const uuid of mine) counts[level].set(uuid, (counts[level].get(uuid) ?? 0) + 1);
        schedule();
        let released = false;
        return () => {
          if (released) return;
          released = true;
          for (const uuid of mine) {
            const count = (counts[level].get(uuid) ?? 1) - 1;
            if (count <= 0) counts[level].delete(uuid);
            else counts[level].set(uuid, count);
          }
          schedule();
        };
      },
      applySamples(batch) {
        const level = batch.level;
        const next = { ...get()[level] };
        let changed = false;
        const samples: readonly StatsSample[] = batch.samples;
        for (const sample of samples) {
          if (!counts[level].has(sample.uuid)) continue;
          const known = next[sample.uuid] ?? EMPTY;
          changed = true;
          if (sample.unavailable !== undefined) {
            next[sample.uuid] = { points: known.points, unavailable: sample.unavailable };
            continue;
          }
          const { uuid: _uuid, unavailable: _unavailable, ...point } = sample;
          const last = known.points.at(-1);
          if (last !== undefined && last.t >= point.t) continue;
          next[sample.uuid] = { points: [...known.points, point].slice(-STATS_HISTORY_POINTS[level]), unavailable: null };
        }
        if (changed) set({ [level]: next } as Pick<StatsState, StatsLevel>);
      },
    };
  });
  return store;
}

/** The app's stats store, over the backend installed at start. */
export const useStatsStore: StatsStore = createStatsStore(currentBackend);
