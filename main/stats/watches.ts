// Who watches what: each viewer's set of instances per level, and their union per level (what gets sampled).
import type { StatsLevel } from '../../common/model/stats';

/** What changed in the union of one level when a viewer's watch changed. */
export interface WatchChange {
  /** UUIDs this viewer did not watch before at this level (their history goes back to it). */
  readonly addedForViewer: readonly string[];
  /** UUIDs nobody watched before at this level. */
  readonly started: readonly string[];
  /** UUIDs nobody watches any more at this level. */
  readonly stopped: readonly string[];
}

/** Each viewer's watches and the reference-counted union per level. */
export class WatchRegistry {
  private readonly byViewer = new Map<string, Map<StatsLevel, ReadonlySet<string>>>();
  private readonly counts: Record<StatsLevel, Map<string, number>> = { summary: new Map(), detail: new Map() };

  /** Replace what `viewer` watches at `level` (an empty list ends that watch). */
  set(viewer: string, level: StatsLevel, uuids: Iterable<string>): WatchChange {
    const next = new Set(uuids);
    const levels = this.byViewer.get(viewer) ?? new Map<StatsLevel, ReadonlySet<string>>();
    const before = levels.get(level) ?? new Set<string>();
    const counts = this.counts[level];
    const addedForViewer: string[] = [];
    const started: string[] = [];
    const stopped: string[] = [];
    for (const uuid of next) {
      if (before.has(uuid)) continue;
      addedForViewer.push(uuid);
      const count = counts.get(uuid) ?? 0;
      if (count === 0) started.push(uuid);
      counts.set(uuid, count + 1);
    }
    for (const uuid of before) {
      if (next.has(uuid)) continue;
      const count = (counts.get(uuid) ?? 1) - 1;
      if (count <= 0) {
        counts.delete(uuid);
        stopped.push(uuid);
      } else counts.set(uuid, count);
    }
    if (next.size > 0) levels.set(level, next);
    else levels.delete(level);
    if (levels.size > 0) this.byViewer.set(viewer, levels);
    else this.byViewer.delete(viewer);
    return { addedForViewer, started, stopped };
  }

  /** End every watch of a viewer; returns what nobody watches any more, per level. */
  drop(viewer: string): Record<StatsLevel, readonly string[]> {
    const levels = this.byViewer.get(viewer);
    const stopped: Record<StatsLevel, readonly string[]> = { summary: [], detail: [] };
    if (levels === undefined) return stopped;
    for (const level of [...levels.keys()]) stopped[level] = this.set(viewer, level, []).stopped;
    return stopped;
  }

  /** Every instance somebody watches at a level. */
  watched(level: StatsLevel): IterableIterator<string> {
    return this.counts[level].keys();
  }

  /** How many instances are watched at a level. */
  size(level: StatsLevel): number {
    return this.counts[level].size;
  }

  /** Whether anybody watches this instance at this level. */
  isWatched(level: StatsLevel, uuid: string): boolean {
    return this.counts[level].has(uuid);
  }

  /** The viewers watching at a level, each with its set. */
  *viewers(level: StatsLevel): Generator<[viewer: string, uuids: ReadonlySet<string>]> {
    for (const [viewer, levels] of this.byViewer) {
      const uuids = levels.get(level);
      if (uuids !== undefined) yield [viewer, uuids];
    }
  }
}
