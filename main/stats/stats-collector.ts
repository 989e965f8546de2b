// The live statistics collector: samples exactly what viewers watch, one bulk call per host per interval and level,
// turns counters into rates, keeps a short history per instance, and sends each viewer only its own instances.
import { STATS_HISTORY_POINTS, STATS_LEVELS, STATS_WATCH_LIMITS, type StatsHistory, type StatsLevel, type StatsPoint, type StatsSample } from '../../common/model/stats';
import type { RpcChannel } from '../libvirt';
import { noCpuStatsReason, sampleHost } from './host-sample';
import type { RawDomainStats } from './raw-stats';
import { computePoint, type Baseline } from './rates';
import { Ring } from './ring';
import type { StatsResolution, StatsTarget, TargetResolver } from './targets';
import { WatchRegistry } from './watches';

/** One interval's samples of one level, for one viewer. */
export interface StatsBatch {
  readonly level: StatsLevel;
  readonly samples: readonly StatsSample[];
}

/** What the collector needs and how it behaves. */
export interface StatsCollectorOptions {
  /** Which host and domain each instance is. */
  readonly resolve: TargetResolver;
  /** The RPC channel of a host's live connection; rejects with the reason when the host has none. */
  readonly channel: (hostId: string) => Promise<RpcChannel>;
  /** Send one viewer its samples of one interval; false when that viewer is gone (its watches are then dropped). */
  readonly deliver: (viewer: string, batch: StatsBatch) => boolean | void;
  /** Whether a viewer is still there: a watch call that finishes after its connection closed is ignored. */
  readonly viewerOpen?: (viewer: string) => boolean;
  /** Sampling interval per level (default 2 s for summary, 1 s for detail). */
  readonly intervalMs?: Partial<Record<StatsLevel, number>>;
  /** Points kept per instance (default {@link STATS_HISTORY_POINTS}). */
  readonly historyPoints?: Partial<Record<StatsLevel, number>>;
  /** Up to this many domains of a host are named in its call; more ask for all active domains (default 64). */
  readonly listVariantMax?: number;
  /** A host call slower than this fails and its instances show the timeout (default 15 s). */
  readonly callTimeoutMs?: number;
  /** Hosts' answers after this part of an interval wait for the next interval's event (default a quarter). */
  readonly flushFraction?: number;
  /**
   * How long an instance's host and domain are trusted before being read from the inventory again (default 30 s; at
   * once when its host no longer has the domain). Reading 500 instances costs about 18 ms.
   */
  readonly resolveTtlMs?: number;
  /** The same for an instance that had no host or domain yet (a build in progress; default 2 s). */
  readonly unresolvedTtlMs?: number;
  /** How long the history of an instance nobody watches is kept (default 5 min; at most twice the watch limit). */
  readonly retainMs?: number;
  /** A host whose driver has no cpu-total group is asked again after this long (default 30 s). */
  readonly noCpuRetryMs?: number;
  /** Monotonic clock, ms (default `performance.now`). */
  readonly now?: () => number;
  /** Wall clock, epoch ms, for the points' `t` (default `Date.now`). */
  readonly clock?: () => number;
  readonly log?: (message: string) => void;
}

/** One instance at one level. */
interface Series {
  readonly ring: Ring<StatsPoint>;
  baseline: Baseline | undefined;
  unavailable: string | null;
  /** When the last viewer stopped watching it (monotonic ms), null while watched. */
  unwatchedAt: number | null;
}

/** One sampling round of a level: its samples go out in one event when every host answered or at its deadline. */
interface Round {
  outstanding: number;
  flushed: boolean;
  deadline: ReturnType<typeof setTimeout> | undefined;
}

/** A level's sampling loop. */
interface Loop {
  timer: ReturnType<typeof setInterval> | undefined;
  /** The first round of a loop, just after it starts. */
  kick: ReturnType<typeof setTimeout> | undefined;
  round: Round | undefined;
  /** Hosts whose call has not answered yet: they are not asked again until it does. */
  readonly inFlight: Set<string>;
  pending: StatsSample[];
}

/** What is known about a host across rounds. */
interface HostNote {
  /** Its driver has no cpu-total group: not asked again before this time (monotonic ms). */
  noCpuUntil: number;
  noCpuReason: string;
  /** The last failure logged, so a host that stays down is logged once. */
  lastError: string | null;
}

/** The collector. Nothing is sampled while nobody watches. */
export class StatsCollector {
  private readonly watches = new WatchRegistry();
  private readonly series: Record<StatsLevel, Map<string, Series>> = { summary: new Map(), detail: new Map() };
  private readonly loops: Record<StatsLevel, Loop> = { summary: newLoop(), detail: newLoop() };
  private readonly resolved = new Map<string, { readonly resolution: StatsResolution; readonly atMs: number }>();
  private readonly hosts = new Map<string, HostNote>();
  private readonly now: () => number;
  private readonly clock: () => number;
  private readonly log: (message: string) => void;
  private closed = false;

  constructor(private readonly options: StatsCollectorOptions) {
    this.now = options.now ?? (() => performance.now());
    this.clock = options.clock ?? (() => Date.now());
    this.log = options.log ?? ((message) => console.error(message));
  }

  /**
   * Replace what `viewer` watches at `level` (an empty list ends it). Returns the history of the instances this call
   * added to the viewer's watch (it has the others already).
   */
  watch(viewer: string, level: StatsLevel, uuids: readonly string[]): StatsHistory[] {
    if (this.closed || this.options.viewerOpen?.(viewer) === false) return [];
    this.prune();
    const change = this.watches.set(viewer, level, uuids);
    this.unwatched(level, change.stopped);
    for (const uuid of change.started) {
      const series = this.series[level].get(uuid);
      if (series !== undefined) series.unwatchedAt = null;
    }
    this.updateLoop(level);
    return change.addedForViewer.map((uuid) => this.history(level, uuid));
  }

  /** A viewer went away: everything it watched ends. */
  dropViewer(viewer: string): void {
    const stopped = this.watches.drop(viewer);
    for (const level of STATS_LEVELS) {
      this.unwatched(level, stopped[level]);
      this.updateLoop(level);
    }
    this.prune();
  }

  /** How many instances are watched at a level (for tests and diagnostics). */
  watchedCount(level: StatsLevel): number {
    return this.watches.size(level);
  }

  /** Whether a level's loop runs. */
  isSampling(level: StatsLevel): boolean {
    return this.loops[level].timer !== undefined;
  }

  /** Stop every loop; answers still in flight are dropped. */
  close(): void {
    this.closed = true;
    for (const level of STATS_LEVELS) this.stopLoop(level);
  }

  private history(level: StatsLevel, uuid: string): StatsHistory {
    const series = this.series[level].get(uuid);
    return { uuid, points: series?.ring.toArray() ?? [], unavailable: series?.unavailable ?? null };
  }

  private unwatched(level: StatsLevel, uuids: readonly string[]): void {
    const at = this.now();
    for (const uuid of uuids) {
      const series = this.series[level].get(uuid);
      if (series === undefined) continue;
      // Counters read before a gap would give the average over the gap: the next watch starts a fresh baseline.
      series.baseline = undefined;
      series.unwatchedAt = at;
    }
  }

  /** Drop histories nobody watched for `retainMs`, and the oldest beyond twice the watch limit. */
  private prune(): void {
    const at = this.now();
    const retainMs = this.options.retainMs ?? 5 * 60_000;
    for (const level of STATS_LEVELS) {
      const unwatched: [string, number][] = [];
      for (const [uuid, series] of this.series[level]) {
        if (series.unwatchedAt === null) continue;
        if (at - series.unwatchedAt > retainMs) this.series[level].delete(uuid);
        else unwatched.push([uuid, series.unwatchedAt]);
      }
      const excess = unwatched.length - 2 * STATS_WATCH_LIMITS[level];
      if (excess > 0) for (const [uuid] of unwatched.sort((a, b) => a[1] - b[1]).slice(0, excess)) this.series[level].delete(uuid);
    }
    for (const uuid of this.resolved.keys()) if (!STATS_LEVELS.some((level) => this.watches.isWatched(level, uuid))) this.resolved.delete(uuid);
  }

  private updateLoop(level: StatsLevel): void {
    const loop = this.loops[level];
    if (this.watches.size(level) === 0) return this.stopLoop(level);
    if (loop.timer !== undefined) return;
    loop.timer = setInterval(() => this.round(level), this.intervalOf(level));
    loop.timer.unref?.();
    // The first reading right away (it is the baseline the first rate needs), after the watch call has answered, so
    // the viewer has its history before the first samples.
    loop.kick = setTimeout(() => {
      loop.kick = undefined;
      this.round(level);
    }, 0);
    loop.kick.unref?.();
  }

  private stopLoop(level: StatsLevel): void {
    const loop = this.loops[level];
    if (loop.timer !== undefined) clearInterval(loop.timer);
    if (loop.kick !== undefined) clearTimeout(loop.kick);
    loop.kick = undefined;
    if (loop.round?.deadline !== undefined) clearTimeout(loop.round.deadline);
    loop.timer = undefined;
    loop.round = undefined;
    loop.pending = [];
  }

  private intervalOf(level: StatsLevel): number {
    return this.options.intervalMs?.[level] ?? (level === 'summary' ? 2_000 : 1_000);
  }

  /** One interval of a level: every host with watched instances is asked once, all at the same time. */
  private round(level: StatsLevel): void {
    const loop = this.loops[level];
    // The previous round's deadline: whatever arrived since goes out before this round begins.
    if (loop.round !== undefined && !loop.round.flushed) this.flush(level);
    const round: Round = { outstanding: 0, flushed: false, deadline: undefined };
    loop.round = round;

    const t = this.clock();
    const byHost = new Map<string, StatsTarget[]>();
    for (const resolution of this.resolve([...this.watches.watched(level)])) {
      if (resolution.kind === 'unavailable') {
        this.markUnavailable(level, resolution.uuid, resolution.reason, t);
        continue;
      }
      const targets = byHost.get(resolution.hostId);
      if (targets === undefined) byHost.set(resolution.hostId, [resolution]);
      else targets.push(resolution);
    }
    for (const [hostId, targets] of byHost) {
      // A host still answering the last round is not asked again: it delays nobody, and its answer comes when it comes.
      if (loop.inFlight.has(hostId)) continue;
      const note = this.hosts.get(hostId);
      if (note !== undefined && note.noCpuUntil > this.now()) {
        for (const target of targets) this.markUnavailable(level, target.uuid, note.noCpuReason, t);
        continue;
      }
      round.outstanding += 1;
      loop.inFlight.add(hostId);
      void this.sampleOne(level, hostId, targets, round);
    }
    if (round.outstanding === 0) this.flush(level);
    else {
      round.deadline = setTimeout(() => this.flush(level), this.intervalOf(level) * (this.options.flushFraction ?? 0.25));
      round.deadline.unref?.();
    }
  }

  private async sampleOne(level: StatsLevel, hostId: string, targets: readonly StatsTarget[], round: Round): Promise<void> {
    const loop = this.loops[level];
    const hostName = targets[0]?.hostName ?? hostId;
    try {
      const channel = await this.options.channel(hostId);
      const sample = await sampleHost(channel, level, targets, {
        listVariantMax: this.options.listVariantMax ?? 64,
        timeoutMs: this.options.callTimeoutMs ?? 15_000,
      });
      const atMs = this.now();
      const t = this.clock();
      const note = this.noteOf(hostId);
      if (sample.noCpuStats) {
        note.noCpuUntil = atMs + (this.options.noCpuRetryMs ?? 30_000);
        note.noCpuReason = noCpuStatsReason(targets[0]);
      }
      note.lastError = null;
      for (const target of targets) {
        const reading = sample.readings.get(target.uuid);
        if (reading === undefined) continue;
        if (reading.kind === 'reading') this.addPoint(level, target, reading.raw, atMs, t);
        else {
          this.markUnavailable(level, target.uuid, reading.reason, t);
          if (reading.missing === true) this.resolved.delete(target.uuid);
        }
      }
    } catch (error) {
      const reason = failureReason(error, hostName);
      const note = this.noteOf(hostId);
      if (note.lastError !== reason) this.log(`virt-deck: stats of host ${hostName} unavailable: ${reason}`);
      note.lastError = reason;
      const t = this.clock();
      for (const target of targets) this.markUnavailable(level, target.uuid, reason, t);
    } finally {
      loop.inFlight.delete(hostId);
      if (loop.round === round && !round.flushed) {
        round.outstanding -= 1;
        if (round.outstanding === 0) this.flush(level);
      }
    }
  }

  private noteOf(hostId: string): HostNote {
    let note = this.hosts.get(hostId);
    if (note === undefined) {
      note = { noCpuUntil: 0, noCpuReason: '', lastError: null };
      this.hosts.set(hostId, note);
    }
    return note;
  }

  private seriesOf(level: StatsLevel, uuid: string): Series {
    let series = this.series[level].get(uuid);
    if (series === undefined) {
      series = { ring: new Ring(this.options.historyPoints?.[level] ?? STATS_HISTORY_POINTS[level]), baseline: undefined, unavailable: null, unwatchedAt: null };
      this.series[level].set(uuid, series);
    }
    return series;
  }

  private addPoint(level: StatsLevel, target: StatsTarget, raw: RawDomainStats, atMs: number, t: number): void {
    // An answer that arrives after the last viewer left is dropped.
    if (this.closed || !this.watches.isWatched(level, target.uuid)) return;
    const series = this.seriesOf(level, target.uuid);
    const { point, baseline } = computePoint({ level, raw, atMs, t, vcpus: target.vcpus }, series.baseline);
    series.baseline = baseline;
    series.unavailable = null;
    series.ring.push(point);
    this.loops[level].pending.push({ uuid: target.uuid, ...point });
  }

  /** Record why an instance has no point; viewers hear it when the reason changes, not every interval. */
  private markUnavailable(level: StatsLevel, uuid: string, reason: string, t: number): void {
    if (this.closed || !this.watches.isWatched(level, uuid)) return;
    const series = this.seriesOf(level, uuid);
    series.baseline = undefined;
    if (series.unavailable === reason) return;
    series.unavailable = reason;
    this.loops[level].pending.push({ uuid, t, unavailable: reason });
  }

  /** Send each viewer watching this level the pending samples of its own instances, in one batch. */
  private flush(level: StatsLevel): void {
    const loop = this.loops[level];
    if (loop.round !== undefined) {
      loop.round.flushed = true;
      if (loop.round.deadline !== undefined) clearTimeout(loop.round.deadline);
    }
    const pending = loop.pending;
    if (pending.length === 0) return;
    loop.pending = [];
    const gone: string[] = [];
    for (const [viewer, uuids] of this.watches.viewers(level)) {
      const samples = pending.filter((sample) => uuids.has(sample.uuid));
      if (samples.length === 0) continue;
      try {
        if (this.options.deliver(viewer, { level, samples }) === false) gone.push(viewer);
      } catch (error) {
        this.log(`virt-deck: stats for viewer ${viewer} not delivered: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const viewer of gone) this.dropViewer(viewer);
  }

  /** Host and domain of each instance, from the inventory when not known or known for too long. */
  private resolve(uuids: readonly string[]): StatsResolution[] {
    const at = this.now();
    const ttl = this.options.resolveTtlMs ?? 30_000;
    const unresolvedTtl = this.options.unresolvedTtlMs ?? 2_000;
    const stale = uuids.filter((uuid) => {
      const entry = this.resolved.get(uuid);
      return entry === undefined || at - entry.atMs > (entry.resolution.kind === 'target' ? ttl : unresolvedTtl);
    });
    if (stale.length > 0) {
      let fresh: StatsResolution[];
      try {
        fresh = this.options.resolve(stale);
      } catch (error) {
        const reason = `The inventory cannot be read: ${error instanceof Error ? error.message : String(error)}`;
        fresh = stale.map((uuid) => ({ kind: 'unavailable', uuid, reason }));
      }
      for (const resolution of fresh) this.resolved.set(resolution.uuid, { resolution, atMs: at });
    }
    return uuids.flatMap((uuid) => {
      const entry = this.resolved.get(uuid);
      return entry === undefined ? [] : [entry.resolution];
    });
  }
}

function newLoop(): Loop {
  return { timer: undefined, kick: undefined, round: undefined, inFlight: new Set(), pending: [] };
}

/** A host failure as one line naming the host (HostUnavailableError messages already do). */
function failureReason(error: unknown, hostName: string): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
  return message.includes(hostName) ? message : `Host ${hostName}: ${message}`;
}
