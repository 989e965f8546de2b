// Pure logic of the activity list: merging `activity.changed` into what `activity.list` gave, the order shown, and
// what a progress reads as.
import type { ActivityChanged, ActivityItem } from '../../../common/contract/schemas';
import { formatBytes } from '../../shared/format/format';

/** Running first (oldest first: they have waited longest), then finished ones, newest first — main's own order. */
export function orderActivities(items: Iterable<ActivityItem>): ActivityItem[] {
  const all = [...items];
  const running = all.filter((a) => a.state === 'running').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const done = all.filter((a) => a.state !== 'running').sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''));
  return [...running, ...done];
}

/** The list after a change: changed activities replace theirs (or join), removed ones leave. */
export function mergeActivities(items: readonly ActivityItem[], change: ActivityChanged): ActivityItem[] {
  const byId = new Map(items.map((a) => [a.id, a]));
  for (const a of change.changed) byId.set(a.id, a);
  for (const id of change.removed) byId.delete(id);
  return orderActivities(byId.values());
}

/** How many are running. */
export function runningCount(items: readonly ActivityItem[] | null): number {
  return items === null ? 0 : items.reduce((n, a) => n + (a.state === 'running' ? 1 : 0), 0);
}

/** A progress as a fraction (0–1; null when it cannot be told) and as words ("2 of 3", "1.5 MiB of 10 MiB · 2 MiB/s"). */
export function progressOf(item: ActivityItem): { readonly fraction: number | null; readonly text: string } | null {
  const p = item.progress;
  if (p === null) return null;
  if (p.kind === 'steps') return { fraction: p.of > 0 ? Math.min(1, p.step / p.of) : null, text: `${p.step} of ${p.of}` };
  const rate = p.rate > 0 ? ` · ${formatBytes(p.rate)}/s` : '';
  const eta = p.etaSeconds === null || item.state !== 'running' ? '' : ` · ${Math.ceil(p.etaSeconds)} s left`;
  if (p.total === null || p.total <= 0) return { fraction: null, text: `${formatBytes(p.bytes)}${rate}` };
  return { fraction: Math.min(1, p.bytes / p.total), text: `${formatBytes(p.bytes)} of ${formatBytes(p.total)}${rate}${eta}` };
}
